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
    // SEARCH ending in a newline also names the file's last line when the file has no final newline:
    // a copy there is a duplicate too, or the first copy would be edited without a word.
    const bare = input.searchEndsWithNewline && !file.endsWithEol ? search.slice(0, search.length - file.eol.length) : undefined;
    const at = bare === undefined ? -1 : file.text.length - bare.length;
    if (bare && at >= 0 && file.text.endsWith(bare) && (at === 0 || file.text[at - 1] === '\n') && !candidates.some((c) => c.start === at)) {
      const replace = input.replaceEndsWithNewline && text.endsWith(file.eol) ? text.slice(0, text.length - file.eol.length) : text;
      candidates.push({ start: at, end: file.text.length, text: replace, startLine: lineOfOffset(file, at), endLine: file.lines.length });
    }
    return { candidates };
  },
};
