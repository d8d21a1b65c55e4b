// What every matching tier produces: a span of the original text and the text to put there.
// Line-based tiers go through `lineRangeEdit`, so all of them treat line endings, a missing final
// newline and the SEARCH/REPLACE trailing newline the same way.
import type { FileText } from './text';
import type { MatchTier } from './types';

export interface Candidate {
  /** String offsets in the original text: [start, end). */
  start: number;
  end: number;
  /** Text to insert, already in the file's line endings and indentation. */
  text: string;
  /** 1-based inclusive lines of the original the span covers. */
  startLine: number;
  endLine: number;
}

/** The edit one tier is asked to place, LF-normalised and split once. */
export interface MatchInput {
  file: FileText;
  search: string;
  replace: string;
  searchLines: string[];
  replaceLines: string[];
  searchEndsWithNewline: boolean;
  replaceEndsWithNewline: boolean;
  /** Every occurrence is edited (a literal rename): a match may then be part of a longer word. */
  replaceAll: boolean;
}

export type TierOutcome =
  | { candidates: Candidate[] }
  | { refuse: { reason: 'placeholder' | 'invalid' | 'ambiguous'; message: string } };

export interface Tier {
  name: MatchTier;
  find(input: MatchInput): TierOutcome;
}

/**
 * Replace file lines [first, last) by `lines`. When SEARCH ended with a newline the span takes the
 * last line's line ending too, so deleting a block removes its lines rather than leaving blanks.
 * REPLACE ends where the span does: with a line ending when the span took one, else at the end of
 * the last line's text (a final newline of REPLACE there would add a blank line).
 */
export function lineRangeEdit(input: MatchInput, first: number, last: number, lines: readonly string[]): Candidate {
  const { file } = input;
  const start = file.starts[first]!;
  const lastIndex = last - 1;
  const end = input.searchEndsWithNewline ? file.starts[last]! : file.starts[lastIndex]! + file.lines[lastIndex]!.length;
  let text = lines.join(file.eol);
  // Keep the file's own ending: no newline is added where the file had none at its end.
  const atEofWithoutEol = end === file.text.length && !file.endsWithEol;
  if (input.searchEndsWithNewline && lines.length > 0 && !atEofWithoutEol) text += file.eol;
  return { start, end, text, startLine: first + 1, endLine: last };
}

/**
 * Window starts where every search line equals the file line under `key`, for keys that only trim
 * (so a line's key is a substring of the raw text). The anchor is the search line with the fewest
 * occurrences among its longest lines, found with indexOf on the raw text: no per-line work on the
 * whole file, and long files with many similar lines cost O(text + anchor hits × search length).
 */
export function findLineWindows(
  file: FileText,
  searchLines: readonly string[],
  key: (line: string) => string,
): number[] {
  const m = searchLines.length;
  if (m === 0 || m > file.lines.length) return [];
  const searchKeys = searchLines.map(key);
  const probes = [...new Set(searchKeys.map((k) => k.trim()).filter((k) => k !== ''))]
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_ANCHOR_PROBES);
  if (probes.length === 0) return []; // only blank lines: nothing to identify a place by
  let best: { probe: string; hits: number[] } | undefined;
  for (const probe of probes) {
    const hits = linesContaining(file, probe, best ? best.hits.length : Infinity);
    if (hits && (!best || hits.length < best.hits.length)) best = { probe, hits };
    if (best && best.hits.length === 0) return [];
  }
  const anchors = searchKeys.flatMap((k, i) => (k.trim() === best!.probe ? [i] : []));
  const starts = new Set<number>();
  for (const hit of best!.hits) {
    const hitKey = key(file.lines[hit]!);
    for (const a of anchors) {
      if (hitKey !== searchKeys[a]) continue;
      const s = hit - a;
      if (s < 0 || s + m > file.lines.length || starts.has(s)) continue;
      let ok = true;
      for (let i = 0; i < m && ok; i++) ok = key(file.lines[s + i]!) === searchKeys[i];
      if (ok) starts.add(s);
    }
  }
  return [...starts].sort((a, b) => a - b);
}

const MAX_ANCHOR_PROBES = 4;

/** Indexes of lines containing `needle`; undefined once more than `limit` are found. */
function linesContaining(file: FileText, needle: string, limit: number): number[] | undefined {
  const hits: number[] = [];
  let line = 0;
  for (let at = file.text.indexOf(needle); at !== -1; ) {
    while (file.starts[line + 1]! <= at) line++;
    hits.push(line);
    if (hits.length > limit) return undefined;
    at = file.text.indexOf(needle, file.starts[line + 1]!);
  }
  return hits;
}

const indexCache = new WeakMap<FileText, Map<(line: string) => string, Map<string, number[]>>>();

/** Positions of each keyed line, built once per file and key function. */
export function keyIndex(file: FileText, key: (line: string) => string): Map<string, number[]> {
  let perKey = indexCache.get(file);
  if (!perKey) indexCache.set(file, (perKey = new Map()));
  let index = perKey.get(key);
  if (!index) {
    index = new Map();
    file.lines.forEach((line, i) => {
      const k = key(line);
      const list = index!.get(k);
      if (list) list.push(i);
      else index!.set(k, [i]);
    });
    perKey.set(key, index);
  }
  return index;
}

/** Drop candidates that overlap an earlier one (for replace-all). */
export function nonOverlapping(candidates: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => a.start - b.start)) {
    if (out.length === 0 || c.start >= out.at(-1)!.end) out.push(c);
  }
  return out;
}
