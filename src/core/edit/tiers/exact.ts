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
      // A multi-line SEARCH that starts inside a line's indentation is an indentation mismatch:
      // splicing there would keep the file's indent on the first line only. Leave it to tier 3.
      if (multiLine && startsInsideIndent(file.text, at)) continue;
      const end = at + search.length;
      candidates.push({ start: at, end, text, startLine: lineOfOffset(file, at), endLine: lineOfOffset(file, Math.max(at, end - 1)) });
    }
    return { candidates };
  },
};

function startsInsideIndent(text: string, at: number): boolean {
  let i = at - 1;
  if (i < 0 || text[i] === '\n') return false;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n';
}
