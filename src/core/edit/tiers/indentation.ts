// Tier 3: the SEARCH lines equal file lines apart from a consistent shift of indentation (a level
// dropped or added, spaces for tabs). The replacement is re-indented by the same shift, keeping its
// own relative structure.
import { findLineWindows, lineRangeEdit, type Candidate, type MatchInput, type Tier } from '../candidate';
import { deriveMapping, mapIndent, reindentLine, type IndentMapping } from '../indentation';
import { leadingWhitespace } from '../text';

const trim = (line: string) => line.trim();

/** The indentation mapping under which file lines [start, start+m) equal the search lines. */
export function consistentMapping(fileLines: readonly string[], start: number, searchLines: readonly string[]): IndentMapping | undefined {
  let mapping: IndentMapping | undefined;
  for (let i = 0; i < searchLines.length; i++) {
    const s = searchLines[i]!;
    if (s.trim() === '') continue;
    const sIndent = leadingWhitespace(s);
    const fIndent = leadingWhitespace(fileLines[start + i]!);
    if (!mapping) {
      mapping = deriveMapping(sIndent, fIndent);
      if (!mapping) return undefined;
    } else if (mapIndent(mapping, sIndent) !== fIndent) return undefined;
  }
  return mapping;
}

export const indentationTier: Tier = {
  name: 'indentation',
  find(input: MatchInput) {
    const m = input.searchLines.length;
    const candidates: Candidate[] = [];
    let singleSpace = false;
    for (const s of findLineWindows(input.file, input.searchLines, trim)) {
      const mapping = consistentMapping(input.file.lines, s, input.searchLines);
      if (!mapping) continue;
      // One space of difference may be alignment or noise rather than a level: we cannot tell
      // whether the replacement should get it, so we do not guess.
      if (mapping.kind !== 'units' && mapping.extra === ' ') {
        singleSpace = true;
        continue;
      }
      candidates.push(lineRangeEdit(input, s, s + m, input.replaceLines.map((l) => reindentLine(mapping, l))));
    }
    if (candidates.length === 0 && singleSpace)
      return {
        refuse: {
          reason: 'ambiguous' as const,
          message: 'SEARCH matches only if one space of indentation is ignored, so it is unclear how to indent REPLACE. Copy the lines with their exact indentation.',
        },
      };
    return { candidates };
  },
};
