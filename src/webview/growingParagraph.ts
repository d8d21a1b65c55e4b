// The last paragraph of a streaming reply, once it is long. A paragraph is parsed as a whole and
// Chromium lays it out as a whole, so a reply that writes one huge paragraph (a looping model, prose
// with no blank line) would cost more at every paint as it grows. Instead all but its last stretch is
// settled: rendered once into blocks of its own that are kept (never parsed or laid out again), and
// only the stretch after them is rendered again at each paint. A span that crosses a settling point
// may show as plain text until the reply ends: the final render is of the whole text, as drawn whole.
import { el } from './dom';

/** At most this many characters of the paragraph (plus what arrived since the last paint) render again at a paint. */
const LIVE_MAX = 2048;
/** Settling leaves this much live, so a span that closes soon after still renders. */
const LIVE_KEEP = 512;

export class GrowingParagraph {
  private node: HTMLParagraphElement | undefined;
  /** The line the paragraph starts on, and the text its settled blocks show. */
  private line = -1;
  private settled = '';
  /** How many of the node's first children are settled blocks. */
  private blocks = 0;

  /**
   * The node of the unfinished paragraph that starts at `line` and so far reads `text` (the same node
   * at each paint), or undefined while it is short enough to render whole.
   */
  render(line: number, text: string, renderInline: (text: string, into: Node) => void): HTMLParagraphElement | undefined {
    if (!this.node || line !== this.line || !text.startsWith(this.settled)) {
      if (text.length <= LIVE_MAX) return undefined;
      this.node = el('p');
      this.line = line;
      this.settled = '';
      this.blocks = 0;
    }
    const node = this.node;
    while (node.childNodes.length > this.blocks) node.lastChild!.remove();
    while (text.length - this.settled.length > LIVE_MAX) {
      const cut = settlingPoint(text, this.settled.length, text.length - LIVE_KEEP);
      // A block of its own: its lines are laid out once (a <div> in a <p> is fine in a DOM built by script).
      const block = el('div');
      renderInline(text.slice(this.settled.length, cut), block);
      node.appendChild(block);
      this.blocks++;
      this.settled = text.slice(0, cut);
    }
    renderInline(text.slice(this.settled.length), node);
    return node;
  }
}

/**
 * Where to settle, in (from, limit]: after a line break in the second half of that stretch (a paragraph
 * keeps its line breaks, so the cut is not seen), else after the last space, else at the limit.
 */
function settlingPoint(text: string, from: number, limit: number): number {
  const newline = text.lastIndexOf('\n', limit - 1);
  if (newline >= from + (limit - from) / 2) return newline + 1;
  const space = text.lastIndexOf(' ', limit - 1);
  if (space >= from) return space + 1;
  const split = /[\uD800-\uDBFF]/.test(text[limit - 1] ?? '') ? limit - 1 : limit; // not inside a surrogate pair
  return split > from ? split : limit;
}
