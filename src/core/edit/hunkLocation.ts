// Where a proposed hunk's old text is in the document now. The document may have moved on since
// the proposal (earlier hunks accepted, the user typing): the hunk is taken at its expected line
// when its exact old text is still there and has no more copies than when it was proposed (a copy
// pasted meanwhile may sit at that very line), else re-matched by the edit engine, which must find
// it exactly and exactly once. Anything looser would apply a hunk to text the user changed.
import { applySearchReplace } from './applySearchReplace';
import { hunkLines, type HunkLines } from './hunkLines';
import { countNewlines } from './text';
import type { EditHunk } from './types';

export type HunkLocation = { ok: true; offset: number; line: number } | { ok: false; error: string };

/** Offset of the start of 1-based `line` in `text`; -1 when the text has fewer lines. */
export function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return -1;
    offset = nl + 1;
  }
  return offset;
}

/** How many lines a hunk adds (negative: removes) when applied. */
export const lineDelta = (hunk: EditHunk): number => countNewlines(hunk.newText) - countNewlines(hunk.oldText);

export function hunkLabel(hunk: EditHunk, total: number): string {
  const end = hunk.oldStart + Math.max(hunk.oldLines, 1) - 1;
  return `hunk ${hunk.index + 1} of ${total} (lines ${hunk.oldStart}-${end})`;
}

const AMBIGUOUS = 'its lines now appear more than once in the file, so where it belongs is ambiguous';
const WHICH_COPY = 'its lines appear more than once in the file and lines above it changed since the proposal, so which copy it belongs to is uncertain';

/** How many times `part` occurs in `text` (overlaps counted), counting no further than `limit`. */
export function occurrences(text: string, part: string, limit = Infinity): number {
  let n = 0;
  for (let at = text.indexOf(part); at >= 0 && n < limit; at = text.indexOf(part, at + 1)) n++;
  return n;
}

/** How many times `part` starts in `text` before offset `end` (overlaps counted). */
export function occurrencesBefore(text: string, part: string, end: number): number {
  let n = 0;
  for (let at = text.indexOf(part); at >= 0 && at < end; at = text.indexOf(part, at + 1)) n++;
  return n;
}

/**
 * The hunk's old text is at `offset`, whole lines of it: an old text without a final newline ends the
 * file, so it must end where the text ends (else the user typed more on that last line, and the
 * replacement would leave their text glued behind the model's lines).
 */
function holdsOldText(text: string, hunk: EditHunk, offset: number): boolean {
  if (!text.startsWith(hunk.oldText, offset)) return false;
  return hunk.oldText.endsWith('\n') || offset + hunk.oldText.length === text.length;
}

/**
 * `copies`: how many times the hunk's old text was in the text it was computed from, and `ordinal` how
 * many of them were before it. The expected line tells those copies apart (as at the proposal) only
 * while the copy there has as many copies above it as the hunk had: lines the user typed above can
 * bring another copy to that line. A copy more than at the proposal is new, and may be the one now at
 * the expected line. Either way the hunk is refused rather than applied to a guess, and so is a
 * repeated hunk no longer at its expected line (the engine cannot tell the copies apart).
 */
export function locateHunk(text: string, hunk: EditHunk, expectedLine: number, copies = 1, ordinal = 0): HunkLocation {
  // An empty old text (a new or empty file) only fits a document that is still empty.
  if (hunk.oldText === '') {
    return text === '' ? { ok: true, offset: 0, line: 1 } : { ok: false, error: 'the file is no longer empty' };
  }
  const expected = lineStartOffset(text, expectedLine);
  if (expected >= 0 && holdsOldText(text, hunk, expected)) {
    if (occurrences(text, hunk.oldText, copies + 1) > copies) return { ok: false, error: AMBIGUOUS };
    if (copies > 1 && occurrencesBefore(text, hunk.oldText, expected) !== ordinal) return { ok: false, error: WHICH_COPY };
    return { ok: true, offset: expected, line: expectedLine };
  }
  if (copies > 1) return { ok: false, error: WHICH_COPY };
  const found = applySearchReplace(text, hunk.oldText, hunk.newText);
  if (found.ok) {
    const [placed] = found.applied;
    const offset = placed ? lineStartOffset(text, placed.startLine) : -1;
    if (placed?.tier === 'exact' && placed.occurrences === 1 && offset >= 0 && holdsOldText(text, hunk, offset)) {
      return { ok: true, offset, line: placed.startLine };
    }
    return { ok: false, error: 'its lines were changed in the editor since the proposal' };
  }
  return {
    ok: false,
    error: found.reason === 'ambiguous' ? AMBIGUOUS : 'its lines were changed in the editor since the proposal',
  };
}

export interface PlacedHunk {
  hunk: EditHunk;
  /** Where its old text starts in the current text. */
  offset: number;
  /** 1-based line of that start in the current text. */
  line: number;
  /** 1-based line where its new text starts in the projected text. */
  projectedLine: number;
  /** Which lines it removes and adds there (for decorations and CodeLens). */
  shape: HunkLines;
}

export interface Projection {
  /** The current text with every placeable hunk applied: what accepting all would give. */
  text: string;
  placed: PlacedHunk[];
  unplaced: { hunk: EditHunk; error: string }[];
}

/** Applies the hunks that can be placed (without overlaps) to `text`, remembering where each landed. */
/** A hunk to place: where it is expected, how many copies of its old text the file had (default 1), and how many of them were before it (default 0). */
export interface HunkToPlace {
  hunk: EditHunk;
  expectedLine: number;
  copies?: number;
  ordinal?: number;
}

export function projectHunks(text: string, hunks: readonly HunkToPlace[]): Projection {
  const located: Omit<PlacedHunk, 'projectedLine' | 'shape'>[] = [];
  const unplaced: Projection['unplaced'] = [];
  for (const { hunk, expectedLine, copies, ordinal } of hunks) {
    const at = locateHunk(text, hunk, expectedLine, copies, ordinal);
    if (at.ok) located.push({ hunk, offset: at.offset, line: at.line });
    else unplaced.push({ hunk, error: at.error });
  }
  located.sort((a, b) => a.offset - b.offset);
  const placed: PlacedHunk[] = [];
  let out = '';
  let cursor = 0;
  let shift = 0;
  for (const p of located) {
    if (p.offset < cursor) {
      unplaced.push({ hunk: p.hunk, error: 'it overlaps another change' });
      continue;
    }
    out += text.slice(cursor, p.offset) + p.hunk.newText;
    cursor = p.offset + p.hunk.oldText.length;
    placed.push({ ...p, projectedLine: p.line + shift, shape: hunkLines(p.hunk, p.line, p.line + shift) });
    shift += lineDelta(p.hunk);
  }
  return { text: out + text.slice(cursor), placed, unplaced };
}

export interface Replacement {
  /** Where `oldText` starts in the text the placement was made on. */
  offset: number;
  oldText: string;
  newText: string;
}

export interface Placement {
  placed: { index: number; line: number; replacement: Replacement }[];
  refused: { index: number; error: string }[];
}

/** Where the chosen hunks go in `text` to apply them now: each found exactly, none overlapping another. */
export function placeForApply(text: string, hunks: readonly HunkToPlace[]): Placement {
  const placement: Placement = { placed: [], refused: [] };
  for (const { hunk, expectedLine, copies, ordinal } of hunks) {
    const at = locateHunk(text, hunk, expectedLine, copies, ordinal);
    const overlaps = at.ok && placement.placed.some(({ replacement: r }) => at.offset < r.offset + r.oldText.length && r.offset < at.offset + hunk.oldText.length);
    if (!at.ok) placement.refused.push({ index: hunk.index, error: at.error });
    else if (overlaps) placement.refused.push({ index: hunk.index, error: 'it overlaps another change' });
    else placement.placed.push({ index: hunk.index, line: at.line, replacement: { offset: at.offset, oldText: hunk.oldText, newText: hunk.newText } });
  }
  return placement;
}
