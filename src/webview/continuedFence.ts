// A reply cut at the length limit inside a code block, and the reply that continues it after
// Continue: the continuation starts inside that block (the model goes on "from exactly where it
// stopped"), so it is drawn after the cut block's start. Its first block then shows the whole code,
// with Copy, Insert and Apply on all of it, and its closing fence closes the block instead of opening
// a new one. The cut reply then draws its text up to that block only: the code shows once, whole, where
// it ends (a continuation cut again in the block is continued the same way). No DOM here: markdown.ts
// draws the text.
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

/** The code block `lines` leave open at their end: its fence's line, and 1 when a line before it is kept with it (0 if blank). */
function openFence(lines: readonly string[]): { at: number; before: number } | undefined {
  let open: { marker: string; at: number } | undefined;
  lines.forEach((line, i) => {
    if (open) { if (closesFence(line, open.marker)) open = undefined; return; }
    const fence = FENCE.exec(line);
    if (fence) open = { marker: fence[1]!, at: i };
  });
  if (!open) return undefined;
  return { at: open.at, before: open.at > 0 && lines[open.at - 1]!.trim() ? 1 : 0 };
}

const linesOf = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

/**
 * The code block `text` leaves open at its end, as a lead for the text that continues it: the line
 * before its fence (Apply reads a file name there), hidden, and the fence with the code so far.
 */
export function openFenceAtEnd(text: string): Lead | undefined {
  const lines = linesOf(text);
  const open = openFence(lines);
  return open && { text: lines.slice(open.at - open.before).join('\n'), hidden: open.before };
}

/**
 * What a cut reply draws when the next reply draws its open block whole (continuedBelow): its text
 * (after `lead`, what it continues itself) up to that block's fence. The line before the fence stays
 * here: the block below hides it.
 */
export function untilOpenFence(text: string, lead?: Lead): string {
  const lines = linesOf(lead ? lead.text + text : text);
  const open = openFence(lines);
  return lines.slice(lead?.hidden ?? 0, open ? open.at : lines.length).join('\n').trimEnd();
}

/** Whether the next reply after the reply `id` goes on with its open code block (and so draws it whole). */
export function continuedBelow(entries: readonly ChatEntry[], id: string): boolean {
  const at = entries.findIndex((e) => e.id === id);
  const next = at < 0 ? undefined : entries.slice(at + 1).find((e) => e.role === 'assistant');
  return next !== undefined && continuedFence(entries, next.id, next.text) !== undefined;
}

/**
 * The lead of the reply `id` when it continues a reply cut inside a code block: the user's last
 * message before it is "Continue", with no reply of the model's in between, and the reply before that
 * message ends in an open fence (after what that reply continues itself) and was cut (a notice offers
 * Continue after it).
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
  if (i < 0 || !cutOffered) return undefined;
  // a continuation cut again inside the block goes on with all of it
  const cut = entries[i]!;
  const before = continuedFence(entries, cut.id, cut.text);
  return openFenceAtEnd(before ? before.text + cut.text : cut.text);
}
