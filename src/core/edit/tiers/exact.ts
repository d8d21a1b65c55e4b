// Tier 1: the SEARCH text occurs in the file byte for byte (after matching the file's line endings).
import type { Candidate, MatchInput, Tier } from '../candidate';
import { lineOfOffset } from '../text';

export const exactTier: Tier = {
  name: 'exact',
  find(input: MatchInput) {
    const { file } = input;
    const toFile = (s: string) => (file.eol === '\r\n' ? s.replace(/\r?\n/g, '\r\n') : s);
    const search = toFile(input.search);
    const text = toFile(input.replace);
    const multiLine = search.includes('\n');
    const candidates: Candidate[] = [];
    for (let at = file.text.indexOf(search); at !== -1; at = file.text.indexOf(search, at + 1)) {
      // A multi-line SEARCH is whole lines: starting inside a line it would splice its first line
      // onto the start of another (`let max = 1;` matched by `x = 1;`), or keep the file's indent on
      // the first line only. Leave those to the line-based tiers. A single line may be a fragment.
      if (multiLine && at > 0 && file.text[at - 1] !== '\n') continue;
      const end = at + search.length;
      candidates.push({ start: at, end, text, startLine: lineOfOffset(file, at), endLine: lineOfOffset(file, Math.max(at, end - 1)) });
    }
    return { candidates };
  },
};
