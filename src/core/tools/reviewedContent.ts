// What a review that applies only the accepted hunks can leave in a file: the original with some of
// the hunks applied and nothing else. A file that differs from every such text also holds changes
// made outside the edit while it waited (the user typed, a save's formatter ran): those are not the
// run's to take back.
import type { EditHunk } from '../edit';

const splitKeepEnds = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Whether `content` is `original` with some (or none, or all) of `hunks` applied, and nothing else changed. */
export function onlyHunksApplied(original: string, hunks: readonly EditHunk[], content: string): boolean {
  const lines = splitKeepEnds(original);
  // Offsets in `content` where the original's text up to `at` can end, each hunk applied or not.
  let ends = new Set([0]);
  let at = 0;
  for (const hunk of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const start = hunk.oldStart - 1;
    if (start < at) return false;
    const between = lines.slice(at, start).join('');
    const old = lines.slice(start, start + hunk.oldLines).join('');
    const next = new Set<number>();
    for (const end of ends) {
      if (!content.startsWith(between, end)) continue;
      const from = end + between.length;
      for (const text of [old, hunk.newText]) if (content.startsWith(text, from)) next.add(from + text.length);
    }
    if (next.size === 0) return false;
    ends = next;
    at = start + hunk.oldLines;
  }
  const rest = lines.slice(at).join('');
  return [...ends].some((end) => end + rest.length === content.length && content.startsWith(rest, end));
}
