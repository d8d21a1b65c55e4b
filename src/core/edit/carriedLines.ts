// A fuzzy match means some SEARCH lines differ from the file's (`timeoutMs: 3000` where the file
// has `timeoutMs: 30000`). When REPLACE repeats such a line unchanged, the model meant "keep this
// line", not "write my misremembered copy of it": the file's real line must go there instead.
import { leadingWhitespace } from './text';
import { looseKey } from './similarity';

export type CarryResult = { lines: string[] } | { undecided: { searchLine: number; fileLine: number } };

/**
 * `replace` (already at the file's indentation) with each repeated misremembered line swapped for
 * the file's line. Undecided when such a line occurs more than once in SEARCH or REPLACE: which
 * copy is the kept one cannot be told.
 */
export function carryFileLines(fileLines: readonly string[], start: number, search: readonly string[], replace: readonly string[]): CarryResult {
  const out = [...replace];
  const replaceKeys = replace.map(looseKey);
  const searchKeys = search.map(looseKey);
  for (let i = 0; i < search.length; i++) {
    const key = searchKeys[i]!;
    const fileLine = fileLines[start + i]!;
    if (key === '' || key === looseKey(fileLine)) continue;
    const copies = replaceKeys.flatMap((k, r) => (k === key ? [r] : []));
    if (copies.length === 0) continue; // the model rewrote this line: its REPLACE text is the intent
    if (copies.length > 1 || searchKeys.filter((k) => k === key).length > 1)
      return { undecided: { searchLine: i + 1, fileLine: start + i + 1 } };
    const r = copies[0]!;
    out[r] = leadingWhitespace(out[r]!) + fileLine.slice(leadingWhitespace(fileLine).length);
  }
  return { lines: out };
}
