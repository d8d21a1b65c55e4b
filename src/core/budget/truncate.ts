// Cutting text to a token allowance at line boundaries, saying what was left out and how to get it.
// Which part of a tool's result to keep, and what the note says, is the tool's to decide (see
// tools/resultCuts.ts): these are the shapes it chooses from.
import type { TokenCounter } from './tokenCounter';

export interface Truncated { text: string; truncated: boolean; shownLines: number; totalLines: number }

/** The note where text was cut, from the lines kept (`kept`: the head as kept). */
export type CutNote = (shownLines: number, totalLines: number, kept: string) => string;

/** How one kind of text (a tool's result) is cut to `maxTokens`, note included. Deterministic: the same text is cut the same way. */
export type ResultCut = (text: string, maxTokens: number, counter: TokenCounter) => Truncated;

/** The note for a result with no better way to get the rest: nothing a tool cannot do. */
export function defaultTruncationNote(shownLines: number, totalLines: number): string {
  return `\n[… cut to fit the context: ${totalLines - shownLines} of ${totalLines} lines not shown. Ask for less at a time (a narrower search or glob, fewer lines) to see the rest.]`;
}

/** Keeps the head of `text` within `maxTokens` (note included), cut at a line end. */
export function truncateToTokens(text: string, maxTokens: number, counter: TokenCounter, note: CutNote = defaultTruncationNote): Truncated {
  const total = counter.count(text);
  const totalLines = text.split('\n').length;
  if (total <= maxTokens) return { text, truncated: false, shownLines: totalLines, totalLines };
  // The note depends on what is kept: estimate it from the whole text, and keep less if it came out longer.
  let allowance = maxTokens - counter.count(note(totalLines, totalLines, text)) - 2;
  for (;;) {
    const head = fitWithin(text, Math.max(0, allowance), total, counter, cutAtLine);
    const shownLines = head ? head.split('\n').length : 0;
    const cut = head + note(shownLines, totalLines, head);
    const over = counter.count(cut) - maxTokens;
    if (over <= 0 || !head) return { text: cut, truncated: true, shownLines, totalLines };
    allowance = Math.min(allowance, counter.count(head)) - over - 1;
  }
}

/** The note between a kept head and tail. */
export function omittedNote(lines: number): string {
  return `\n[… ${lines} line${lines === 1 ? '' : 's'} omitted …]\n`;
}

/**
 * Keeps the head and the tail of `text` within `maxTokens`, with "[… N lines omitted …]" between them:
 * a command's first lines say what ran, its last ones how it ended (the failure, the summary).
 */
export function keepHeadAndTail(text: string, maxTokens: number, counter: TokenCounter, headShare = 0.4): Truncated {
  const total = counter.count(text);
  const lines = text.split('\n');
  if (total <= maxTokens) return { text, truncated: false, shownLines: lines.length, totalLines: lines.length };
  const allowance = Math.max(0, maxTokens - counter.count(omittedNote(lines.length)) - 2);
  const headTokens = Math.floor(allowance * headShare);
  const head = fitWithin(text, headTokens, total, counter, cutAtLine);
  const headLines = head ? head.split('\n').length : 0;
  // the tail comes from what the head left, so the two never share a line
  const rest = lines.slice(headLines).join('\n');
  const tail = fitWithin(rest, allowance - counter.count(head), counter.count(rest), counter, cutAtLineFromEnd);
  const tailLines = tail ? tail.split('\n').length : 0;
  const omitted = lines.length - headLines - tailLines;
  return { text: `${head}${omittedNote(omitted)}${tail}`, truncated: true, shownLines: headLines + tailLines, totalLines: lines.length };
}

/** The longest part `cut` takes from `text` within `allowance` tokens (`total`: the count of `text`). */
function fitWithin(text: string, allowance: number, total: number, counter: TokenCounter, cut: (text: string, chars: number) => string): string {
  if (allowance <= 0) return '';
  if (total <= allowance) return text;
  // Start from the average characters per token, then correct by counting (a few rounds at most).
  let chars = Math.floor((text.length / Math.max(1, total)) * allowance);
  let part = '';
  for (let round = 0; round < 6; round++) {
    part = cut(text, chars);
    const n = counter.count(part);
    if (n <= allowance) break;
    chars = Math.floor(chars * (allowance / n) * 0.97);
  }
  while (part && counter.count(part) > allowance) part = cut(part, Math.floor(part.length * 0.9));
  return part;
}

/** At most `chars` from the start, ending at a line end where one is near. */
function cutAtLine(text: string, chars: number): string {
  if (chars <= 0) return '';
  if (chars >= text.length) return text;
  const nl = text.lastIndexOf('\n', chars);
  return nl > chars / 2 ? text.slice(0, nl) : text.slice(0, chars);
}

/** At most `chars` from the end, starting at a line start where one is near. */
function cutAtLineFromEnd(text: string, chars: number): string {
  if (chars <= 0) return '';
  if (chars >= text.length) return text;
  const from = text.length - chars;
  const nl = text.indexOf('\n', from);
  return nl >= 0 && nl < from + chars / 2 ? text.slice(nl + 1) : text.slice(from);
}
