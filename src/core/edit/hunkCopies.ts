// Which copy of its old text each hunk is, in the file as SmallCode knows it: the original with the
// hunks accepted so far. With more than one copy, the expected line alone cannot tell them apart once
// the user has typed above them (their lines may bring another copy to exactly that line), so the
// count of copies above the hunk is checked too.
import { applyHunks } from './hunks';
import { lineStartOffset, occurrences, occurrencesBefore } from './hunkLocation';
import type { EditHunk } from './types';

export interface HunkCopy {
  /** How many times the hunk's old text is in the known text (at least 1). */
  copies: number;
  /** How many of those start before the hunk's own (-1: unknown, so a repeated hunk is never placed by line). */
  ordinal: number;
}

/** `original` null or undefined (a new file, or unknown): one copy each. */
export function hunkCopies(original: string | null | undefined, hunks: readonly EditHunk[], accepted: ReadonlySet<number>): HunkCopy[] {
  const known = original ? applyHunks(original, hunks, accepted) : undefined;
  return hunks.map((h) => {
    if (!original || !known || !h.oldText) return { copies: 1, ordinal: 0 };
    if (!known.ok) return { copies: Math.max(1, occurrences(original, h.oldText)), ordinal: -1 };
    // Where the hunk's old text starts in the known text: accepted hunks above it changed the length before it.
    const grown = hunks.filter((o) => accepted.has(o.index) && o.oldStart < h.oldStart).reduce((sum, o) => sum + o.newText.length - o.oldText.length, 0);
    const at = lineStartOffset(original, h.oldStart) + grown;
    return { copies: Math.max(1, occurrences(known.content, h.oldText)), ordinal: occurrencesBefore(known.content, h.oldText, at) };
  });
}
