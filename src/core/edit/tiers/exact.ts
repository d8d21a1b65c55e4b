// Tier 1: the SEARCH text occurs in the file byte for byte (after matching the file's line endings).
import type { Candidate, MatchInput, Tier } from '../candidate';
import { inLineEndings, isBlank, leadingWhitespace, lineOfOffset } from '../text';

export const exactTier: Tier = {
  name: 'exact',
  find(input: MatchInput) {
    const { file } = input;
    const search = inLineEndings(input.search, file.eol);
    // Nothing names no place (an empty SEARCH is an insertion, placed before the tiers); it reaches
    // here only as what the line-numbers tier leaves of `12| `, and indexOf('') would never end.
    if (search === '') return { candidates: [] };
    const text = inLineEndings(input.replace, file.eol);
    const multiLine = search.includes('\n');
    const candidates: Candidate[] = [];
    for (let at = file.text.indexOf(search); at !== -1; at = file.text.indexOf(search, at + 1)) {
      // A multi-line SEARCH is whole lines: starting inside a line it would splice its first line
      // onto the start of another (`let max = 1;` matched by `x = 1;`), or keep the file's indent on
      // the first line only. Leave those to the line-based tiers. A single line may be a fragment.
      if (multiLine && at > 0 && file.text[at - 1] !== '\n') continue;
      const end = at + search.length;
      // Nor does a fragment cut a word: `total = 0;` is not the end of `let subtotal = 0;` (a variable
      // the model thought was there; another one would be changed). A rename with replace-all may.
      if (!input.replaceAll && (cutsWord(file.text, at, search, 'start') || cutsWord(file.text, end, search, 'end'))) continue;
      // Never, even in a rename, does it cut a character the user sees as one: a combining accent or a
      // joined emoji part left outside would attach to REPLACE's edge instead (`café` → `teá`).
      if (splitsCharacter(file.text, at, search, end)) continue;
      const indent = multiLine ? 'as-written' : laterLinesIndent(input, file.text, file.lines, lineOfOffset(file, at), at, end);
      if (indent === 'unclear') {
        const line = lineOfOffset(file, at);
        return { refuse: { reason: 'ambiguous' as const, message: `SEARCH is line ${line} without its indentation (${JSON.stringify(file.lines[line - 1])}), the last line of its block, and REPLACE's next lines are written without it too, so it is unclear whether they go inside that block or after it. Copy SEARCH with its indentation and write REPLACE's lines indented as they should be in the file.` } };
      }
      const replacement = indent === 'as-written' ? text : laterLinesPrefixed(text, file.eol, indent.prefix);
      candidates.push({ start: at, end, text: endingLike(input, file.text, end, replacement, file.eol), startLine: lineOfOffset(file, at), endLine: lineOfOffset(file, Math.max(at, end - 1)) });
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

const WORD = /[\p{L}\p{N}_$]/u;
/** At most trailing spaces before the line's end (sticky: tested at an offset). */
const LINE_REST = /[ \t]*(?:\r?\n|$)/y;

/** The match's edge at `offset` falls between two word characters (SEARCH's own and the file's). */
function cutsWord(text: string, offset: number, search: string, edge: 'start' | 'end'): boolean {
  const inside = edge === 'start' ? search[0] : search.at(-1);
  const outside = edge === 'start' ? text[offset - 1] : text[offset];
  return inside !== undefined && outside !== undefined && WORD.test(inside) && WORD.test(outside);
}

/**
 * How REPLACE's later lines are indented for a one-line SEARCH that is its line's whole text but for the
 * indentation left of it (`return x` for `    return x`). Written at SEARCH's own level (`print(x)\nreturn
 * x`), they get that indentation too when the block goes on after the line: as a fragment only the first
 * line would, and in Python the rest would leave the block. After the block's last line they may belong
 * after it (a `def g():` the model adds) and in a multi-line string they are its text: unclear, refused.
 * Later lines all deeper than SEARCH were written as the file has them (`return 1\n    elif x:`), and a
 * rename keeps its text: as written.
 */
function laterLinesIndent(input: MatchInput, file: string, lines: readonly string[], line: number, start: number, end: number): 'as-written' | 'unclear' | { prefix: string } {
  if (input.replaceAll || input.replaceLines.length < 2) return 'as-written';
  const lineStart = file.lastIndexOf('\n', start - 1) + 1;
  const prefix = file.slice(lineStart, start);
  if (!/^[ \t]+$/.test(prefix)) return 'as-written';
  LINE_REST.lastIndex = end;
  if (!LINE_REST.test(file)) return 'as-written';
  const base = leadingWhitespace(input.search).length;
  if (!input.replaceLines.slice(1).some((l) => !isBlank(l) && leadingWhitespace(l).length <= base)) return 'as-written';
  if (/"""|'''|`/.test(input.replace)) return 'unclear';
  const next = lines.slice(line).find((l) => !isBlank(l));
  const depth = prefix.length + base;
  return next === undefined || leadingWhitespace(next).length < depth ? 'unclear' : { prefix };
}

/** `text` with `prefix` before each of its lines but the first (blank ones stay blank). */
function laterLinesPrefixed(text: string, eol: string, prefix: string): string {
  const [first = '', ...later] = text.split(eol);
  return [first, ...later.map((line) => (isBlank(line) ? line : prefix + line))].join(eol);
}

/** Marks that belong to the character before them: combining marks, zero-width joiner, skin tones. */
const ATTACHED = /[\p{M}\u200D\p{Emoji_Modifier}]/uy;
const ZWJ = '\u200D';

function attachedAt(text: string, offset: number): boolean {
  ATTACHED.lastIndex = offset;
  return ATTACHED.test(text);
}

/** The match [start, end) begins or ends inside a user-perceived character. */
function splitsCharacter(text: string, start: number, search: string, end: number): boolean {
  return attachedAt(search, 0) || text[start - 1] === ZWJ || attachedAt(text, end) || search.endsWith(ZWJ);
}

/**
 * REPLACE without a final newline SEARCH does not have, where the match ends a line: the newline would
 * add a blank line (`go();` → `go();\n    stop();\n`). Inside a line it splits the line, as written.
 */
function endingLike(input: MatchInput, text: string, end: number, replacement: string, eol: string): string {
  if (input.searchEndsWithNewline || !replacement.endsWith(eol)) return replacement;
  LINE_REST.lastIndex = end;
  return LINE_REST.test(text) ? replacement.slice(0, replacement.length - eol.length) : replacement;
}
