// Keeps a streaming reply cheap to show. Each delta is appended to a plain text node at once (so
// text appears as it arrives); the markdown is rendered again at most every RENDER_INTERVAL_MS in an
// animation frame, whatever the delta rate, and only from the first block that can still change:
// the nodes of finished blocks stay, so their buttons can be clicked, focus and a selection in them
// hold, and a render costs the same at the end of a long reply as at its start (a long last paragraph
// too: see growingParagraph.ts).
import type { MarkdownBlock, StreamStart } from './markdown';
import { GrowingParagraph } from './growingParagraph';
import type { Lead } from './continuedFence';

const RENDER_INTERVAL_MS = 50;

/** The top-level blocks of `text` from line `from` on, and how many lines it has (see renderMarkdownBlocks). */
export type RenderBlocks = (text: string, from: number | StreamStart) => { blocks: MarkdownBlock[]; lines: number };

interface LiveReply {
  body: HTMLElement;
  /** What is drawn before the reply's text (a cut reply's open code block it continues), and the reply's text. */
  lead: Lead;
  text: string;
  tail: Text;
  dirty: boolean;
  /** The line where the blocks that can still change begin; the blocks before it are kept. */
  from: number;
  /** How many of the body's first nodes are the kept blocks. */
  kept: number;
  /** The unfinished last paragraph, shown in part from earlier paints once it is long. */
  growing: GrowingParagraph;
}

/** Where unrendered text goes until the next render: the last block that holds text. */
const TEXT_HOSTS = 'p, li, td, th, pre > code, h3, h4, h5, h6';

export class StreamRenderer {
  private readonly live = new Map<string, LiveReply>();
  private frame = 0;
  private lastRender = 0;

  constructor(
    private readonly render: RenderBlocks,
    /** After each batch of renders (e.g. keep the transcript scrolled to the end). */
    private readonly afterRender: () => void,
  ) {}

  /** Starts (or resumes, after the panel was rebuilt) streaming into `body`, after `lead` when given. */
  attach(id: string, body: HTMLElement, text: string, lead: Lead = { text: '', hidden: 0 }): void {
    const reply: LiveReply = { body, lead, text: lead.text + text, tail: document.createTextNode(''), dirty: false, from: lead.hidden, kept: 0, growing: new GrowingParagraph() };
    body.replaceChildren();
    this.live.set(id, reply);
    this.paint(reply);
  }

  isLive(id: string): boolean { return this.live.has(id); }

  append(id: string, delta: string): void {
    const reply = this.live.get(id);
    if (!reply) return;
    reply.text += delta;
    reply.tail.appendData(delta);
    reply.dirty = true;
    this.schedule();
  }

  /** The reply is retried: drop what was shown. */
  reset(id: string): void {
    const reply = this.live.get(id);
    if (!reply) return;
    reply.text = reply.lead.text;
    reply.dirty = false;
    this.restart(reply);
    this.paint(reply);
  }

  /** The reply is complete: one last render with the final text. */
  finish(id: string, text: string): void {
    const reply = this.live.get(id);
    if (!reply) return;
    const whole = reply.lead.text + text;
    if (!whole.startsWith(reply.text)) this.restart(reply); // the host's text differs from what streamed
    reply.text = whole;
    this.paint(reply, true);
    this.live.delete(id);
    this.afterRender();
  }

  /** The reply was drawn whole (a full entry from the host): nothing more streams into the old node. */
  forget(id: string): void {
    this.live.delete(id);
  }

  forgetAll(): void {
    this.live.clear();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.tick());
  }

  private tick(): void {
    this.frame = 0;
    if (performance.now() - this.lastRender < RENDER_INTERVAL_MS) { this.schedule(); return; }
    let rendered = false;
    for (const reply of this.live.values()) {
      if (!reply.dirty) continue;
      this.paint(reply);
      rendered = true;
    }
    this.lastRender = performance.now();
    if (rendered) this.afterRender();
  }

  private restart(reply: LiveReply): void {
    reply.from = reply.lead.hidden;
    reply.kept = 0;
    reply.growing = new GrowingParagraph();
  }

  /**
   * Renders the blocks that can still change in place of their old nodes. A node the render gives
   * again (a long paragraph still growing) stays where it is: taken out and put back, it would be laid
   * out again whole. The final render is of whole blocks only, as the text drawn whole.
   */
  private paint(reply: LiveReply, final = false): void {
    reply.dirty = false;
    reply.tail.remove();
    const { body } = reply;
    const { blocks, lines } = this.render(reply.text, final ? reply.from : { line: reply.from, growing: reply.growing });
    const nodes = blocks.map((block) => block.node);
    const again = new Set(nodes);
    for (const old of Array.from(body.childNodes).slice(reply.kept)) if (!again.has(old)) old.remove();
    let next: ChildNode | null = body.childNodes[reply.kept] ?? null;
    for (const node of nodes) {
      if (node === next) next = node.nextSibling;
      else body.insertBefore(node, next);
    }
    // The last line may still grow: a block that read only finished lines is final.
    for (const block of blocks) {
      if (block.read >= lines - 1) break;
      reply.from = block.end;
      reply.kept++;
    }
    reply.tail = document.createTextNode('');
    const hosts = body.querySelectorAll(TEXT_HOSTS);
    (hosts[hosts.length - 1] ?? body).appendChild(reply.tail);
  }
}
