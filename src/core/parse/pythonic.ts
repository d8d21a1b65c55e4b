// Python-call syntax: `[f(a=1), g(b='x')]` (Llama 3.2, LFM2, BFCL-trained models), also without the list
// brackets, one call per line, or as Llama 3.1's `<|python_tag|>tool.call(a=1)`. Values are read by the
// loose JSON reader, which already knows Python literals, tuples and single quotes.
import { parseLooseAt } from './looseJson';
import type { RawCall, Repair } from './types';

const NAME_AT = /[A-Za-z_][\w.]*/y;
const KEY_AT = /([A-Za-z_]\w*)\s*=(?!=)/y;

interface Cursor {
  text: string;
  pos: number;
  repairs: Repair[];
}

function skipSpace(c: Cursor): void {
  while (c.pos < c.text.length && /\s/.test(c.text[c.pos]!)) c.pos++;
}

function readCall(c: Cursor, dialect: string): RawCall | null {
  NAME_AT.lastIndex = c.pos;
  const m = NAME_AT.exec(c.text);
  if (!m) return null;
  let name = m[0];
  c.pos += name.length;
  skipSpace(c);
  if (c.text[c.pos] !== '(') return null;
  c.pos++;
  if (name.endsWith('.call')) name = name.slice(0, -'.call'.length); // Llama 3.1 builtin-tool form
  const args: Record<string, unknown> = {};
  for (let first = true; ; first = false) {
    skipSpace(c);
    if (c.text[c.pos] === ')') {
      c.pos++;
      return { name, arguments: args, dialect };
    }
    if (!first) {
      if (c.text[c.pos] !== ',') return null;
      c.pos++;
      skipSpace(c);
      if (c.text[c.pos] === ')') continue;
    }
    KEY_AT.lastIndex = c.pos;
    const k = KEY_AT.exec(c.text);
    if (!k) return null; // positional arguments cannot be named without guessing
    c.pos += k[0].length;
    const v = parseLooseAt(c.text, c.pos);
    if (!v) return null;
    c.repairs.push(...v.repairs);
    args[k[1]!] = v.value;
    c.pos = v.end;
  }
}

/**
 * Reads text that is nothing but Python-style calls: groups in `[...]` or bare, separated by commas,
 * semicolons or new lines. Null if anything else is in the text: a call in the middle of prose is an example.
 */
export function parsePythonicProgram(text: string, dialect = 'pythonic'): { calls: RawCall[]; repairs: Repair[] } | null {
  const c: Cursor = { text, pos: 0, repairs: [] };
  const calls: RawCall[] = [];
  let depth = 0;
  for (;;) {
    skipSpace(c);
    const ch = c.text[c.pos];
    if (ch === undefined) break;
    if (ch === '[' && depth === 0) {
      depth = 1;
      c.pos++;
      continue;
    }
    if (ch === ']' && depth === 1) {
      depth = 0;
      c.pos++;
      continue;
    }
    if (ch === ',' || ch === ';') {
      if (calls.length === 0) return null;
      c.pos++;
      continue;
    }
    const call = readCall(c, dialect);
    if (!call) return null;
    calls.push(call);
  }
  if (calls.length === 0) return null;
  if (depth === 1) c.repairs.push({ kind: 'unclosed-bracket', detail: 'closed a call list left open' });
  return { calls, repairs: c.repairs };
}
