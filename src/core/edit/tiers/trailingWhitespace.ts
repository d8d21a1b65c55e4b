// Tier 2: the SEARCH lines equal whole file lines once line endings and trailing spaces are ignored.
// The replacement is used as written: the model's indentation already agrees with the file.
import { findLineWindows, lineRangeEdit, type MatchInput, type Tier } from '../candidate';

const trimEnd = (line: string) => line.trimEnd();

export const trailingWhitespaceTier: Tier = {
  name: 'trailing-whitespace',
  find(input: MatchInput) {
    const m = input.searchLines.length;
    const starts = findLineWindows(input.file, input.searchLines, trimEnd);
    return { candidates: starts.map((s) => lineRangeEdit(input, s, s + m, input.replaceLines)) };
  },
};
