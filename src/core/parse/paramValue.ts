// XML-style dialects write every argument as text. A parameter the schema calls a string stays exactly as
// written; otherwise the text is read as JSON when it is JSON (42, true, [1,2], {"a":1}) and kept as text
// when it is not.
import { parseLooseWhole } from './looseJson';
import type { ParseContext } from './context';

export function paramValue(raw: string, tool: string, key: string, ctx: ParseContext): unknown {
  const type = ctx.paramType(tool, key);
  if (type === 'string') return raw;
  const t = raw.trim();
  if (t === '') return raw;
  if (/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  if (t[0] === '{' || t[0] === '[' || (type !== undefined && type !== 'string')) {
    const p = parseLooseWhole(t);
    if (p && typeof p.value === 'object') return p.value;
  }
  return raw;
}

/** Qwen3-Coder puts each value on its own lines: one newline after the opening tag and before the close. */
export function trimOneNewline(s: string): string {
  let out = s;
  if (out.startsWith('\r\n')) out = out.slice(2);
  else if (out.startsWith('\n')) out = out.slice(1);
  if (out.endsWith('\r\n')) out = out.slice(0, -2);
  else if (out.endsWith('\n')) out = out.slice(0, -1);
  return out;
}

export function unwrapCdata(s: string): string {
  const m = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(s);
  return m ? m[1]! : s;
}
