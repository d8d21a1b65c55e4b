// Which lines of the current document a placed hunk removes, and where its added lines would go,
// read from the hunk's unified-diff body (' ' context, '-' removed, '+' added).
import type { EditHunk } from './types';

export interface Addition {
  /** 0-based document line the added lines follow (-1: before the hunk's first line). */
  afterLine: number;
  lines: string[];
}

export interface HunkLines {
  /** 0-based document lines removed. */
  removed: number[];
  additions: Addition[];
  /** 0-based line of the first change (for the CodeLens), in the old and the new text. */
  firstChangeOld: number;
  firstChangeNew: number;
}

/** `oldLine`/`newLine`: 1-based lines where the hunk starts in the current and the projected text. */
export function hunkLines(hunk: EditHunk, oldLine: number, newLine: number): HunkLines {
  const removed: number[] = [];
  const additions: Addition[] = [];
  let old = oldLine - 1;
  let lead = 0;
  let leading = true;
  for (const line of hunk.lines) {
    const mark = line[0];
    if (mark === '\\') continue; // "\ No newline at end of file"
    if (mark === ' ') {
      if (leading) lead++;
      old++;
      continue;
    }
    leading = false;
    if (mark === '-') {
      removed.push(old++);
    } else if (mark === '+') {
      const last = additions.at(-1);
      if (last && last.afterLine === old - 1) last.lines.push(line.slice(1));
      else additions.push({ afterLine: old - 1, lines: [line.slice(1)] });
    }
  }
  return { removed, additions, firstChangeOld: oldLine - 1 + lead, firstChangeNew: newLine - 1 + lead };
}
