// Tier 5: SEARCH elides part of the region (`...`, `// ... existing code ...`). Each written segment
// must match in order at one consistent indentation, and REPLACE must elide at the same places: the
// elided file lines are then kept as they are between the replaced segments.
// An elided gap stays inside the scope of the segment before it (see `gapScope`), and the later
// segments must have exactly one placement: `def foo(): ... return b` must not reach into `bar`.
import { findLineWindows, lineRangeEdit, type MatchInput, type Tier, type TierOutcome } from '../candidate';
import { consistentMapping, mapIndent, reindentLine, type IndentMapping } from '../indentation';
import { placeholderLines } from '../placeholders';
import { isBlank, leadingWhitespace, trimBlankEdges } from '../text';

const trim = (line: string) => line.trim();
/** Beyond this many places for the first segment the chain cannot be unique in practice. */
const MAX_FIRST_SEGMENT_HITS = 50;
/** Window comparisons one first-segment place may cost; beyond it the tier gives up (finds nothing). */
const MAX_WINDOW_CHECKS = 200_000;

type Span = [number, number] | undefined;

export const elisionTier: Tier = {
  name: 'elision',
  find(input: MatchInput): TierOutcome {
    const searchMarks = placeholderLines(input.searchLines);
    if (searchMarks.length === 0) return { candidates: [] };
    const replaceMarks = placeholderLines(input.replaceLines);
    if (replaceMarks.length !== searchMarks.length)
      return {
        refuse: {
          reason: 'placeholder',
          message: `SEARCH elides code with ${searchMarks.length} placeholder line(s) (like \`...\` or \`// ... existing code\`) but REPLACE has ${replaceMarks.length}. Put the same placeholder at the same place in REPLACE to keep those lines, or write the lines out in both.`,
        },
      };
    const searchSegments = split(input.searchLines, searchMarks);
    const replaceSegments = split(input.replaceLines, replaceMarks);
    if (searchSegments.slice(1, -1).some((s) => s.length === 0))
      return { candidates: [] }; // two placeholders in a row: nothing anchors the gap
    const openEnd = openEndedAddition(searchSegments, replaceSegments);
    if (openEnd) return { refuse: { reason: 'placeholder', message: openEnd } };

    const lines = input.file.lines;
    const firstIndex = searchSegments.findIndex((s) => s.length > 0);
    if (firstIndex === -1) return { candidates: [] };
    const firstHits = findLineWindows(input.file, searchSegments[firstIndex]!, trim);
    if (firstHits.length > MAX_FIRST_SEGMENT_HITS) return { candidates: [] };

    const chains: { mapping: IndentMapping; spans: Span[] }[] = [];
    const modelLines = [...input.searchLines, ...input.replaceLines];
    for (const hit of firstHits) {
      const mapping = consistentMapping(lines, hit, searchSegments[firstIndex]!, modelLines);
      if (!mapping) continue;
      const found = placeRest(lines, searchSegments, firstIndex, hit, mapping);
      if (found.length > 1)
        return {
          refuse: {
            reason: 'ambiguous',
            message: `SEARCH elides code with a placeholder, and the lines after it match more than one place after line ${hit + 1}, so the elided region is unclear. Write out the lines around the change instead of eliding them.`,
          },
        };
      if (found.length === 1) chains.push({ mapping, spans: found[0]! });
    }
    return {
      candidates: chains.map(({ mapping, spans }) => {
        const out: string[] = [];
        const matched = spans.filter((s): s is [number, number] => s !== undefined);
        for (let j = 0; j < replaceSegments.length; j++) {
          out.push(...replaceSegments[j]!.map((l) => reindentLine(mapping, l)));
          const here = spans[j];
          const next = spans[j + 1];
          if (here && next) out.push(...lines.slice(here[1], next[0]));
        }
        return lineRangeEdit(input, matched[0]![0], matched.at(-1)![1], out);
      }),
    };
  },
};

/**
 * A SEARCH that starts or ends with a placeholder leaves that end of the elided code open: nothing
 * says where it ends, so lines REPLACE writes beyond that placeholder have no place (they would land
 * next to the written segment, on the wrong side of the code the placeholder stands for).
 */
function openEndedAddition(searchSegments: readonly string[][], replaceSegments: readonly string[][]): string | undefined {
  const last = searchSegments.length - 1;
  const side = (j: number) => searchSegments[j]!.length === 0 && replaceSegments[j]!.length > 0;
  if (!side(0) && !side(last)) return undefined;
  const where = side(0) ? 'starts with a placeholder line and REPLACE adds lines before it' : 'ends with a placeholder line and REPLACE adds lines after it';
  return `SEARCH ${where}, but nothing in SEARCH shows where the elided code ${side(0) ? 'begins' : 'ends'}, so those lines have no place. Write out the lines around the change (the existing lines just ${side(0) ? 'after' : 'before'} where the new ones go) instead of the placeholder.`;
}

/** Segments of lines between placeholder lines, without blank edges (edge segments may be empty). */
function split(lines: readonly string[], marks: readonly number[]): string[][] {
  const out: string[][] = [];
  let from = 0;
  for (const mark of marks) {
    out.push(lines.slice(from, mark));
    from = mark + 1;
  }
  out.push(lines.slice(from));
  return out.map(trimBlankEdges);
}

/**
 * Ways (up to two: one is an answer, two are ambiguous) to place segments after the first one:
 * each segment in a window that matches under the mapping, each gap skipping only lines within the
 * scope of the segment before it. A trailing empty segment (SEARCH ends with a placeholder) places
 * nothing. Memoised on (segment, start of the one before), and bounded: past the budget it finds none.
 */
function placeRest(lines: readonly string[], segments: readonly string[][], first: number, firstStart: number, mapping: IndentMapping): Span[][] {
  const memo = new Map<string, Span[][]>();
  let budget = MAX_WINDOW_CHECKS;
  const rest = (j: number, prevStart: number): Span[][] => {
    if (j === segments.length || segments[j]!.length === 0) return [[]];
    const key = `${j}:${prevStart}`;
    const known = memo.get(key);
    if (known) return known;
    const segment = segments[j]!;
    const scope = gapScope(lines, prevStart, segments[j - 1]!.length);
    const found: Span[][] = [];
    for (let s = prevStart + segments[j - 1]!.length; s + segment.length <= lines.length && found.length < 2; s++) {
      if (--budget < 0) return [];
      if (matchesAt(lines, s, segment, mapping))
        for (const tail of rest(j + 1, s)) if (found.length < 2) found.push([[s, s + segment.length], ...tail]);
      // Line s is skipped by every later placement: stop once it leaves the scope.
      if (!isBlank(lines[s]!) && !leadingWhitespace(lines[s]!).startsWith(scope)) break;
    }
    memo.set(key, found);
    return found;
  };
  const found = rest(first + 1, firstStart);
  return budget < 0 ? [] : found.map((tail) => [...segments.slice(0, first).map((): Span => undefined), [firstStart, firstStart + segments[first]!.length], ...tail]);
}

/**
 * The scope of the gap after the segment at file lines [start, start+length): that of its last
 * least-indented line, the block the segment ends in. Its first line may sit deeper (`x--;` then `}`),
 * and the gap after `}` holds the lines after that block.
 */
function gapScope(lines: readonly string[], start: number, length: number): string {
  let at = start;
  let least = Infinity;
  for (let k = start; k < start + length; k++) {
    if (isBlank(lines[k]!)) continue;
    const width = leadingWhitespace(lines[k]!).length;
    if (width <= least) [least, at] = [width, k];
  }
  return scopeIndent(lines, at);
}

/**
 * The indentation elided lines after file line `at` must keep: the body's when the line opens a
 * block (the next non-blank line is indented deeper), else the line's own. A line indented less has
 * left the block, and whatever SEARCH shows after it may belong to another function.
 */
function scopeIndent(lines: readonly string[], at: number): string {
  const own = leadingWhitespace(lines[at]!);
  for (let k = at + 1; k < lines.length; k++) {
    if (isBlank(lines[k]!)) continue;
    const next = leadingWhitespace(lines[k]!);
    return next.length > own.length && next.startsWith(own) ? next : own;
  }
  return own;
}

/** The segment equals file lines [s, s+length) under the chain's indentation. */
function matchesAt(lines: readonly string[], s: number, segment: readonly string[], mapping: IndentMapping): boolean {
  for (let i = 0; i < segment.length; i++) {
    const want = segment[i]!;
    const have = lines[s + i]!;
    if (want.trim() !== have.trim()) return false;
    if (want.trim() !== '' && mapIndent(mapping, leadingWhitespace(want)) !== leadingWhitespace(have)) return false;
  }
  return true;
}
