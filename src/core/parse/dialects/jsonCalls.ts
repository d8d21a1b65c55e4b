// A markup body holding JSON: one object, a list, or several objects one after another (one per line,
// or separated by `;`). A line that is not JSON is skipped so one broken call does not hide the others.
import { callsFromJson } from '../callShape';
import type { ParseContext } from '../context';
import { tryParseLoose } from '../looseJson';
import type { RawCall } from '../types';

export function parseJsonCalls(body: string, ctx: ParseContext, dialect: string): RawCall[] | null {
  const calls: RawCall[] = [];
  let pos = 0;
  while (pos < body.length) {
    const next = nextValueStart(body, pos);
    if (next < 0) break;
    const r = tryParseLoose(body, next);
    if ('failedAtEnd' in r && r.failedAtEnd) break; // cut off: nothing after this start can close either
    const p = 'value' in r ? r : null;
    const found = p ? callsFromJson(p.value, { inMarkup: true, dialect }) : null;
    if (p && found) {
      calls.push(...found);
      ctx.repairs.push(...p.repairs);
      pos = p.end;
      // a doubled closing bracket after a call is noise
      while (pos < body.length && /[\s}\],;]/.test(body[pos]!)) {
        if (body[pos] === '}' || body[pos] === ']') ctx.repairs.push({ kind: 'extra-bracket', detail: 'dropped an extra closing bracket' });
        pos++;
      }
    } else {
      const nl = body.indexOf('\n', next + 1);
      pos = nl < 0 ? body.length : nl + 1;
    }
  }
  return calls.length ? calls : null;
}

/** The next `{` or `[` that starts a line's content (prose lines inside markup are skipped). */
function nextValueStart(body: string, from: number): number {
  let i = from;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '{' || c === '[') return i;
    if (/[\s,;]/.test(c)) {
      i++;
      continue;
    }
    const nl = body.indexOf('\n', i);
    if (nl < 0) return -1;
    i = nl + 1;
  }
  return -1;
}
