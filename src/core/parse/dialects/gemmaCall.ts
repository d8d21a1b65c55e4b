// Gemma 4 / FunctionGemma: call:NAME{key:<|"|>text<|"|>,n:1}. Strings are fenced by a special token
// (<|"|> or <escape>) instead of quotes; once those become JSON strings the rest is loose JSON.
import { isValidToolName } from '../callShape';
import type { ParseContext } from '../context';
import { parseLooseWhole } from '../looseJson';
import type { RawCall } from '../types';

const STRING_FENCE = /<\|"\|>([\s\S]*?)<\|"\|>|<escape>([\s\S]*?)<escape>/g;

export function parseGemmaCall(body: string, _ctx: ParseContext): RawCall[] | null {
  const calls: RawCall[] = [];
  const parts = body.split(/(?=call:)/).map((s) => s.trim()).filter(Boolean);
  for (const part of parts) {
    const m = /^call:([A-Za-z_][\w.\-]*)\s*/.exec(part);
    if (!m || !isValidToolName(m[1]!)) return null;
    const argText = part.slice(m[0].length).replace(STRING_FENCE, (_, a: string | undefined, b: string | undefined) => JSON.stringify(a ?? b ?? ''));
    const p = argText === '' ? { value: {}, repairs: [] } : parseLooseWhole(argText);
    if (!p || typeof p.value !== 'object' || p.value === null || Array.isArray(p.value)) return null;
    calls.push({ name: m[1]!, arguments: p.value, dialect: 'gemma' });
  }
  return calls.length ? calls : null;
}
