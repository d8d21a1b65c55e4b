// Whether call markup (or call JSON) in a reply explains rather than calls. A model that describes
// how tool calls look writes them inside a sentence ("a model writes <tool_call>…</tool_call> when it
// wants…") or under a label ("For example:", "Here is an example of a tool call:", a fence after such
// a line). Those are text: reading them as calls sends an explanation's `rm -rf` to approval.
// Only short windows around a span are looked at, so checking many spans stays linear.
import { makeFinder } from './find';
import { spanAt } from './inlineCode';
import type { Span } from './spans';

/** Text of the line before / after a span that is looked at: labels and sentence ends are short. */
const WINDOW = 240;

/** What may end the text before a call that stands apart: nothing, a clause end, a closing bracket or tag, a fence. */
function leadIn(before: string): boolean {
  if (before === '' || ':.!?})]>'.includes(before[before.length - 1]!)) return true;
  const fence = before.lastIndexOf('```');
  return fence >= 0 && /^```[\w-]*$/.test(before.slice(fence));
}
/** After the call on its line: nothing, a new sentence, a fence, or more call markup. */
const FOLLOW = /^(?:$|[.!?]?\s*(?:\p{Lu}|```|<)|[;,]?\s*[[{<])/u;
/** Tokens around a list of calls; each call inside is its own span. */
const SECTION_TOKENS = /<\|tool_calls_section_(?:begin|end)\|>|<｜tool▁calls▁(?:begin|end)｜>/g;
/** A line that labels what follows as an illustration, not an action. */
const EXAMPLE = /\b(?:for example|for instance|e\.g\.|examples?(?: tool)?(?: calls?| usage| requests?| responses?| output| reply| payload)?\s*(?::|of\b|looks\b|would\b|might\b)|(?:looks?|would look|should look|might look) like (?:this|that|so)\b|would look like\b|(?:the |this |that )?(?:call |tool call |request |wire )?(?:format|syntax|schema) (?:is|looks|for)\b)/i;
/** Fence info strings that say the block is an illustration. */
const EXAMPLE_FENCE = /^(?:example|sample|text|plain|plaintext|txt|output|console)$/i;

interface Fence {
  start: number;
  end: number;
  info: string;
  /** The line before the opening fence, trimmed. */
  label: string;
}

export interface ProseIndex {
  /** True when the span sits inside a sentence or under an example label: it is text, not a call. */
  readsAsText(span: Span): boolean;
}

/** Start of the line holding `pos - 1`, looking back at most WINDOW characters. */
function lineStartBefore(text: string, pos: number): number {
  const from = Math.max(0, pos - WINDOW);
  const nl = text.slice(from, pos).lastIndexOf('\n');
  return nl < 0 ? from : from + nl + 1;
}

/** The nearest non-blank line ending before `pos` (within the window), trimmed. */
function previousLine(text: string, pos: number): string {
  let end = pos;
  for (let tries = 0; tries < 4 && end > 0; tries++) {
    const start = lineStartBefore(text, end - 1);
    const line = text.slice(start, end).trim();
    if (line !== '') return line;
    end = start;
  }
  return '';
}

/** Fenced blocks (``` lines), found in one pass. An unclosed fence runs to the end. */
function fences(text: string): Fence[] {
  const out: Fence[] = [];
  let open: { start: number; info: string; label: string } | undefined;
  const re = /^[ \t]{0,3}```+[ \t]*([\w+#.-]*)[^\n]*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!open) open = { start: m.index, info: m[1] ?? '', label: previousLine(text, m.index) };
    else {
      out.push({ ...open, end: m.index + m[0].length });
      open = undefined;
    }
  }
  if (open) out.push({ ...open, end: text.length });
  return out;
}

export function proseIndex(text: string): ProseIndex {
  let fenced: Fence[] | undefined; // most replies have no call to judge: found on first use
  const find = makeFinder(text); // spans come in order: the next newline is found once per line
  const fenceOf = (pos: number): Fence | undefined => {
    fenced ??= text.includes('```') ? fences(text) : [];
    return spanAt(fenced, pos);
  };
  return {
    readsAsText(span: Span): boolean {
      // the tokens that open or close a section of calls (Kimi, DeepSeek) wrap the span: they are neither prose nor a boundary
      const before = text.slice(lineStartBefore(text, span.start), span.start).replace(SECTION_TOKENS, '').trim();
      const lineEnd = find('\n', span.end);
      const after = text.slice(span.end, Math.min(lineEnd < 0 ? text.length : lineEnd, span.end + WINDOW)).replace(SECTION_TOKENS, '').trim();
      // Inside a sentence: prose runs into the markup and on after it.
      if (!leadIn(before) && !FOLLOW.test(after)) return true;
      const fence = fenceOf(span.start);
      if (fence && fence.start < span.start) return EXAMPLE_FENCE.test(fence.info) || EXAMPLE.test(fence.label);
      return EXAMPLE.test(before !== '' ? before : previousLine(text, lineStartBefore(text, span.start)));
    },
  };
}
