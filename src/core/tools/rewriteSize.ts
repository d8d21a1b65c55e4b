// What a write_file over an existing file does to it, in lines. A small model asked to fix one
// function often "rewrites" the file with only that function: the rest would be deleted and the
// result would say only "Edited". The size of the change goes into the result, and a rewrite that
// deletes much of the file outright is refused (a patch, or the whole file, is what was meant).
import type { EditHunk } from '../edit';

export interface RewriteSize {
  /** Lines replaced by other lines. */
  changed: number;
  added: number;
  removed: number;
  /**
   * Lines deleted with nothing written in their place (a run of removed lines with no added line in
   * it), less lines added where nothing was removed (code moved elsewhere in the file).
   */
  dropped: number;
  /** Lines of the file before. */
  of: number;
}

/** Counts per run of changed lines (between unchanged ones), so a refactor's lines pair with what they replace. */
export function rewriteSize(hunks: readonly EditHunk[], oldLines: number): RewriteSize {
  const size: RewriteSize = { changed: 0, added: 0, removed: 0, dropped: 0, of: oldLines };
  let onlyRemoved = 0;
  let onlyAdded = 0;
  const endRun = (plus: number, minus: number) => {
    const paired = Math.min(plus, minus);
    size.changed += paired;
    size.added += plus - paired;
    size.removed += minus - paired;
    if (plus === 0) onlyRemoved += minus;
    if (minus === 0) onlyAdded += plus;
  };
  for (const hunk of hunks) {
    let plus = 0;
    let minus = 0;
    for (const line of hunk.lines) {
      if (line.startsWith('+')) plus++;
      else if (line.startsWith('-')) minus++;
      else if (line.startsWith('\\')) continue; // "\ No newline at end of file" belongs to the line before
      else {
        endRun(plus, minus);
        plus = minus = 0;
      }
    }
    endRun(plus, minus);
  }
  size.dropped = Math.max(0, onlyRemoved - onlyAdded);
  return size;
}

/** Fewer lines deleted outright than this is a small edit, whatever the file's size (two lines of a .gitignore). */
const MIN_DROPPED = 3;

/**
 * More than a third of the file deleted with nothing in its place: a part written over the whole, not
 * a rewrite (a refactor replaces lines; shortening a file a lot that way still passes).
 */
export const dropsMuchOfFile = (size: RewriteSize): boolean => size.dropped >= MIN_DROPPED && size.dropped * 3 > size.of;

const count = (n: number, what: string) => (n === 0 ? [] : [`${n} ${what}`]);

/** "1 line changed, 6 removed (of 11)" */
export function describeRewrite(size: RewriteSize): string {
  const parts = [...count(size.changed, size.changed === 1 ? 'line changed' : 'lines changed'), ...count(size.added, 'added'), ...count(size.removed, 'removed')];
  return `${parts.join(', ') || 'no line changed'} (of ${size.of})`;
}
