// A reply cut at the length limit inside a code block, and the reply that continues it after
// Continue: the continuation starts inside that block (the model goes on "from exactly where it
// stopped"), so it is drawn after the cut block's start. Its first block then shows the whole code,
// with Copy, Insert and Apply on all of it, and its closing fence closes the block instead of opening
// a new one. No DOM here: markdown.ts draws the text.
import type { ChatEntry } from '../shared/chatProtocol';

/** An opening fence: up to 3 spaces, 3+ backticks or tildes, the language, the rest of the info string. */
export const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)([^`]*)$/;

/** Whether `line` closes a block opened with `marker` (as many of its characters or more, nothing else). */
export function closesFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith(marker[0]!.repeat(marker.length)) && trimmed.replace(/[`~]/g, '') === '';
}

/** Text drawn before a reply's own and not shown: its first `hidden` lines (the line before the fence, kept for Apply). */
export interface Lead {
  text: string;
  hidden: number;
}

/**
 * The code block `text` leaves open at its end, as a lead for the text that continues it: the line
 * before its fence (Apply reads a file name there), hidden, and the fence with the code so far.
 */
export function openFenceAtEnd(text: string): Lead | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let open: { marker: string; at: number } | undefined;
  lines.forEach((line, i) => {
    if (open) { if (closesFence(line, open.marker)) open = undefined; return; }
    const fence = FENCE.exec(line);
    if (fence) open = { marker: fence[1]!, at: i };
  });
  if (!open) return undefined;
  const before = open.at > 0 && lines[open.at - 1]!.trim() ? 1 : 0;
  return { text: lines.slice(open.at - before).join('\n'), hidden: before };
}

/**
 * The lead of the reply `id` when it continues a reply cut inside a code block: the user's last
 * message before it is "Continue", with no reply of the model's in between, and the reply before that
 * message ends in an open fence and was cut (a notice offers Continue after it).
 */
export function continuedFence(entries: readonly ChatEntry[], id: string, replyText: string): Lead | undefined {
  const at = entries.findIndex((e) => e.id === id);
  if (at < 0 || entries[at]!.role !== 'assistant' || FENCE.test(replyText.trimStart().split('\n', 1)[0]!)) return undefined; // one that opens the block again is drawn as it is
  let i = at - 1;
  while (i >= 0 && entries[i]!.role !== 'user' && entries[i]!.role !== 'assistant') i--;
  if (i < 0 || entries[i]!.role !== 'user' || entries[i]!.text.trim().toLowerCase() !== 'continue') return undefined;
  let cutOffered = false;
  for (i--; i >= 0 && entries[i]!.role !== 'assistant'; i--) {
    if (entries[i]!.role === 'user') return undefined;
    if (entries[i]!.action === 'continue') cutOffered = true;
  }
  return i >= 0 && cutOffered ? openFenceAtEnd(entries[i]!.text) : undefined;
}
