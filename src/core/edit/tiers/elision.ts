// Tier 5: SEARCH elides part of the region (`...`, `// ... existing code ...`). Each written segment
// must match in order at one consistent indentation, and REPLACE must elide at the same places: the
// elided file lines are then kept as they are between the replaced segments.
import { findLineWindows, lineRangeEdit, type MatchInput, type Tier, type TierOutcome } from '../candidate';
import { mapIndent, reindentLine, type IndentMapping } from '../indentation';
import { placeholderLines } from '../placeholders';
import { leadingWhitespace } from '../text';
import { consistentMapping } from './indentation';

const trim = (line: string) => line.trim();
/** Beyond this many places for the first segment the chain cannot be unique in practice. */
const MAX_FIRST_SEGMENT_HITS = 50;

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
    if (searchSegments.slice(1, -1).some((s) => s.every((l) => l.trim() === '')))
      return { candidates: [] }; // two placeholders in a row: nothing anchors the gap

    const lines = input.file.lines;
    const firstIndex = searchSegments.findIndex((s) => s.some((l) => l.trim() !== ''));
    if (firstIndex === -1) return { candidates: [] };
    const firstHits = findLineWindows(input.file, searchSegments[firstIndex]!, trim);
    if (firstHits.length > MAX_FIRST_SEGMENT_HITS) return { candidates: [] };

    const chains: { mapping: IndentMapping; spans: ([number, number] | undefined)[] }[] = [];
    for (const hit of firstHits) {
      const mapping = consistentMapping(lines, hit, searchSegments[firstIndex]!);
      if (!mapping) continue;
      const spans: ([number, number] | undefined)[] = searchSegments.map(() => undefined);
      spans[firstIndex] = [hit, hit + searchSegments[firstIndex]!.length];
      let from = hit + searchSegments[firstIndex]!.length;
      let ok = true;
      for (let j = firstIndex + 1; j < searchSegments.length && ok; j++) {
        const segment = searchSegments[j]!;
        if (segment.every((l) => l.trim() === '')) continue; // trailing placeholder
        const at = nextWindow(lines, from, segment, mapping);
        if (at === -1) ok = false;
        else {
          spans[j] = [at, at + segment.length];
          from = at + segment.length;
        }
      }
      if (ok) chains.push({ mapping, spans });
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

/** Segments of lines between placeholder lines (edge segments may be empty). */
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

function trimBlankEdges(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}

/** First window at or after `from` where the segment matches under the chain's indentation. */
function nextWindow(lines: readonly string[], from: number, segment: readonly string[], mapping: IndentMapping): number {
  outer: for (let s = from; s + segment.length <= lines.length; s++) {
    for (let i = 0; i < segment.length; i++) {
      const want = segment[i]!;
      const have = lines[s + i]!;
      if (want.trim() !== have.trim()) continue outer;
      if (want.trim() !== '' && mapIndent(mapping, leadingWhitespace(want)) !== leadingWhitespace(have)) continue outer;
    }
    return s;
  }
  return -1;
}
