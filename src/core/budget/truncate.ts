// Cutting text to a token allowance at a line boundary, saying what was left out and how to get it.
import type { TokenCounter } from './tokenCounter';

export interface Truncated { text: string; truncated: boolean; shownLines: number; totalLines: number }

/** The note a model sees where a tool result was cut: where it stopped and how to read on. */
export function defaultTruncationNote(shownLines: number, totalLines: number): string {
  return `\n[… output truncated to save context: showing lines 1–${shownLines} of ${totalLines}. To see more, read lines ${shownLines + 1}–${totalLines} (or search for what you need).]`;
}

/** Keeps the head of `text` within `maxTokens` (note included), cut at a line end. */
export function truncateToTokens(text: string, maxTokens: number, counter: TokenCounter,
  note: (shownLines: number, totalLines: number) => string = defaultTruncationNote): Truncated {
  const total = counter.count(text);
  const totalLines = text.split('\n').length;
  if (total <= maxTokens) return { text, truncated: false, shownLines: totalLines, totalLines };
  const noteTokens = counter.count(note(totalLines, totalLines)) + 2;
  const allowance = Math.max(0, maxTokens - noteTokens);
  // Start from the average characters per token, then correct by counting (a few rounds at most).
  let chars = Math.floor((text.length / Math.max(1, total)) * allowance);
  let head = '';
  for (let round = 0; round < 6; round++) {
    head = cutAtLine(text, chars);
    const n = counter.count(head);
    if (n <= allowance) break;
    chars = Math.floor(chars * (allowance / n) * 0.97);
  }
  while (head && counter.count(head) > allowance) head = cutAtLine(head, Math.floor(head.length * 0.9));
  const shownLines = head ? head.split('\n').length : 0;
  return { text: head + note(shownLines, totalLines), truncated: true, shownLines, totalLines };
}

function cutAtLine(text: string, chars: number): string {
  if (chars <= 0) return '';
  if (chars >= text.length) return text;
  const nl = text.lastIndexOf('\n', chars);
  return nl > chars / 2 ? text.slice(0, nl) : text.slice(0, chars);
}
