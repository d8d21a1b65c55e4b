// A forgiving JSON reader for what small models write: single quotes, unquoted keys, trailing or missing
// commas, Python literals (True/None), tuples, invalid escapes, and objects left unclosed at the end.
// Hand-written and single pass, so no input can make it backtrack; nesting is capped so none can overflow
// the stack. A string cut off by the end of text is never "repaired": a truncated value is not a value.
import type { Repair, RepairKind } from './types';

export interface LooseParse {
  value: unknown;
  /** Index just past the value. */
  end: number;
  repairs: Repair[];
}

const MAX_DEPTH = 64;
const PYTHON_LITERALS: Record<string, unknown> = { True: true, False: false, None: null };
const JSON_LITERALS: Record<string, unknown> = { true: true, false: false, null: null };
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Thrown to unwind on bad input; one shared object, since building an Error with a stack costs ~10 µs. */
const FAIL = { fail: true } as const;

// Throwing from one small function keeps the reader's hot methods from being deoptimised at each failure.
function fail(): never {
  throw FAIL;
}

class Reader {
  pos: number;
  readonly repairs: Repair[] = [];
  /** A string ran to the end of the text unclosed. */
  hitEnd = false;
  private readonly seen = new Set<RepairKind>();

  constructor(readonly text: string, start: number) {
    this.pos = start;
  }

  repair(kind: RepairKind, detail: string): void {
    if (this.seen.has(kind)) return; // one note per kind keeps traces readable
    this.seen.add(kind);
    this.repairs.push({ kind, detail });
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) return fail();
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) return fail();
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth, ']');
    if (c === '(') {
      this.repair('tuple', 'read a Python tuple as a list');
      return this.array(depth, ')');
    }
    if (c === '"' || c === "'") return this.string();
    if (c === '-' || c === '+' || c === '.' || (c >= '0' && c <= '9')) return this.number();
    return this.word();
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++; // {
    let expectMember = true;
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === undefined) {
        this.repair('unclosed-bracket', 'closed an object left open at the end');
        return out;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      if (c === ',') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === '}') this.repair('trailing-comma', 'dropped a trailing comma');
        expectMember = true;
        continue;
      }
      if (!expectMember) this.repair('missing-comma', 'added a missing comma');
      const key = this.key();
      this.skipSpace();
      if (this.text[this.pos] !== ':') return fail();
      this.pos++;
      const v = this.value(depth + 1);
      // `__proto__` as a plain key must stay data, never the prototype
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      expectMember = false;
    }
  }

  array(depth: number, close: ']' | ')'): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    let expectItem = true;
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === undefined) {
        this.repair('unclosed-bracket', 'closed a list left open at the end');
        return out;
      }
      if (c === close) {
        this.pos++;
        return out;
      }
      if (c === ',') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === close) this.repair('trailing-comma', 'dropped a trailing comma');
        expectItem = true;
        continue;
      }
      if (c === '}' || c === ']' || c === ')') return fail(); // mismatched closer
      if (!expectItem) this.repair('missing-comma', 'added a missing comma');
      out.push(this.value(depth + 1));
      expectItem = false;
    }
  }

  key(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return this.string();
    const m = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.pos, this.pos + 200));
    if (!m) return fail();
    this.pos += m[0].length;
    this.repair('unquoted-key', `quoted the key ${m[0]}`);
    return m[0];
  }

  string(): string {
    const t = this.text;
    const quote = t[this.pos];
    if (quote === "'") this.repair('single-quotes', 'read single-quoted strings');
    let i = this.pos + 1;
    let out = '';
    let runStart = i;
    while (i < t.length) {
      const ch = t[i];
      if (ch === quote) {
        out += t.slice(runStart, i);
        this.pos = i + 1;
        return out;
      }
      if (ch === '\\') {
        out += t.slice(runStart, i);
        const e = t[i + 1];
        if (e === undefined) break;
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (e in SIMPLE_ESCAPES) {
          out += SIMPLE_ESCAPES[e];
          i += 2;
        } else {
          // \d, \s, \. in a regex or a Windows path: the model meant the backslash itself
          this.repair('invalid-escape', `kept the backslash of an invalid escape \\${e}`);
          out += '\\';
          i += 1;
        }
        runStart = i;
        continue;
      }
      if (ch === '\n' || ch === '\r' || ch === '\t') this.repair('control-char', 'accepted a raw control character in a string');
      i++;
    }
    this.hitEnd = true;
    return fail(); // cut off: the end of text came before the closing quote
  }

  number(): number {
    const m = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) return fail();
    this.pos += m[0].length;
    const n = Number(m[0]);
    if (!Number.isFinite(n)) return fail();
    return n;
  }

  word(): unknown {
    const m = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos, this.pos + 40));
    if (!m) return fail();
    const w = m[0];
    if (w in JSON_LITERALS) {
      this.pos += w.length;
      return JSON_LITERALS[w];
    }
    if (w in PYTHON_LITERALS) {
      this.pos += w.length;
      this.repair('python-literal', `read Python ${w}`);
      return PYTHON_LITERALS[w];
    }
    return fail();
  }
}

/** Reads one loose JSON value starting at `start` (leading whitespace allowed). Null when there is none. */
export function parseLooseAt(text: string, start = 0): LooseParse | null {
  const r = tryParseLoose(text, start);
  return 'value' in r ? r : null;
}

/** Like parseLooseAt, but a failure says whether it ran into the end of the text (then no later start can succeed either, for a value cut off there). */
export function tryParseLoose(text: string, start = 0): LooseParse | { failedAtEnd: boolean } {
  const r = new Reader(text, start);
  try {
    const value = r.value(0);
    return { value, end: r.pos, repairs: r.repairs };
  } catch (e) {
    if (e === FAIL || e instanceof RangeError) return { failedAtEnd: r.pos >= text.length || r.hitEnd };
    throw e;
  }
}

/**
 * Reads text that should be exactly one loose JSON value. Stray closing brackets after it (a doubled `}}`)
 * are dropped and noted; anything else after it makes it not a value.
 */
export function parseLooseWhole(text: string): LooseParse | null {
  const p = parseLooseAt(text, 0);
  if (!p) return null;
  let i = p.end;
  let extra = false;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') i++;
    else if (c === '}' || c === ']') {
      extra = true;
      i++;
    } else return null;
  }
  if (extra) p.repairs.push({ kind: 'extra-bracket', detail: 'dropped extra closing brackets' });
  return { ...p, end: text.length };
}
