// Tier 3: the SEARCH lines equal file lines apart from a consistent shift of indentation (a level
// dropped or added, spaces for tabs). The replacement is re-indented by the same shift, keeping its
// own relative structure.
import { findLineWindows, lineRangeEdit, type Candidate, type MatchInput, type Tier } from '../candidate';
import { consistentMapping, reindentLine } from '../indentation';

const trim = (line: string) => line.trim();

export const indentationTier: Tier = {
  name: 'indentation',
  find(input: MatchInput) {
    const m = input.searchLines.length;
    const candidates: Candidate[] = [];
    let singleSpace = false;
    const modelLines = [...input.searchLines, ...input.replaceLines];
    for (const s of findLineWindows(input.file, input.searchLines, trim)) {
      const mapping = consistentMapping(input.file.lines, s, input.searchLines, modelLines);
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
