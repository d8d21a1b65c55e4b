// Tier 2: the SEARCH lines equal whole file lines once line endings and trailing spaces are ignored.
// The model's indentation already agrees with the file; lines REPLACE keeps from SEARCH are written
// as the file has them (trailing spaces can matter: a Markdown hard line break).
import { carryFileLines } from '../carriedLines';
import { findLineWindows, lineRangeEdit, type MatchInput, type Tier } from '../candidate';

const trimEnd = (line: string) => line.trimEnd();

export const trailingWhitespaceTier: Tier = {
  name: 'trailing-whitespace',
  find(input: MatchInput) {
    const m = input.searchLines.length;
    const starts = findLineWindows(input.file, input.searchLines, trimEnd);
    return {
      candidates: starts.map((s) => {
        const carried = carryFileLines(input.file.lines, s, input.searchLines, input.replaceLines);
        // only trailing spaces differ here, which never leaves a line undecided
        return lineRangeEdit(input, s, s + m, 'lines' in carried ? carried.lines : input.replaceLines);
      }),
    };
  },
};
