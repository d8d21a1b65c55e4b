// A loose match means some SEARCH lines differ from the file's (`timeoutMs: 3000` where the file
// has `timeoutMs: 30000`, or only in spaces: `"NAME SCORE"` for `"NAME      SCORE"`, trailing spaces
// dropped). When REPLACE repeats such a line unchanged, the model meant "keep this line", not "write
// my misremembered copy of it": the file's real line must go there instead.
import { leadingWhitespace } from './text';
import { looseKey } from './similarity';

export type CarryResult = { lines: string[] } | { undecided: { searchLine: number; fileLine: number } };

/** A line without its indentation (mapped separately): what "the same line" compares. */
const body = (line: string) => line.slice(leadingWhitespace(line).length);

/**
 * `replace` (already at the file's indentation) with each repeated misremembered line swapped for
 * the file's line. A line that differs beyond white space is kept when REPLACE has it up to white
 * space; undecided when it occurs more than once in SEARCH or REPLACE (which copy is the kept one
 * cannot be told). A line that differs only in white space is kept when REPLACE repeats it exactly;
 * repeated, it is carried only when every copy in SEARCH stands for the same file line.
 */
export function carryFileLines(fileLines: readonly string[], start: number, search: readonly string[], replace: readonly string[]): CarryResult {
  const out = [...replace];
  const replaceKeys = replace.map(looseKey);
  const searchKeys = search.map(looseKey);
  const carry = (r: number, fileLine: string) => { out[r] = leadingWhitespace(out[r]!) + body(fileLine); };
  for (let i = 0; i < search.length; i++) {
    const key = searchKeys[i]!;
    const fileLine = fileLines[start + i]!;
    if (key === '' || body(search[i]!) === body(fileLine)) continue;
    if (key === looseKey(fileLine)) {
      // only spaces differ: a REPLACE line written differently is the model's own change of spacing
      const own = body(search[i]!);
      const kept = replace.flatMap((l, r) => (body(l) === own ? [r] : []));
      const standsFor = new Set(search.flatMap((l, j) => (body(l) === own ? [body(fileLines[start + j]!)] : [])));
      if (standsFor.size === 1) for (const r of kept) carry(r, fileLine);
      continue;
    }
    const copies = replaceKeys.flatMap((k, r) => (k === key ? [r] : []));
    if (copies.length === 0) continue; // the model rewrote this line: its REPLACE text is the intent
    if (copies.length > 1 || searchKeys.filter((k) => k === key).length > 1)
      return { undecided: { searchLine: i + 1, fileLine: start + i + 1 } };
    carry(copies[0]!, fileLine);
  }
  return { lines: out };
}
