// XML-like call bodies:
//   Qwen3-Coder / Seed-OSS:  <function=NAME><parameter=KEY>VALUE</parameter></function>
//   MiniMax-M2 / DeepSeek DSML (tags without ｜DSML｜): <invoke name="NAME"><parameter name="KEY" string="true">VALUE</parameter></invoke>
//   MiniCPM:                 <function name="NAME"><param name="KEY">VALUE</param></function>
//   Hermes variant:          <function name="NAME">{"key": "value"}</function>
import type { ParseContext } from '../context';
import { callsFromJson, isValidToolName } from '../callShape';
import { parseLooseWhole } from '../looseJson';
import { paramValue, trimOneNewline, unwrapCdata } from '../paramValue';
import { makeFinder } from '../find';
import type { RawCall } from '../types';

const QWEN_OPEN = /^<function=([^>\n]{1,200})>/;
const NAMED_OPEN = /^<(function|invoke)\s+name\s*=\s*["']([^"'\n]{1,200})["']\s*>/;

/** Reads `<tag=KEY>` or `<tag name="KEY" ...>` parameters until the closing tag or the next parameter. */
function readParams(body: string, tool: string, ctx: ParseContext): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const open = /<(parameter|param)(?:=([^>\n]{1,200})|\s+name\s*=\s*["']([^"'\n]{1,200})["']([^>]*))>/g;
  let m: RegExpExecArray | null;
  const opens: { key: string; tag: string; valueStart: number; tagStart: number; forceString: boolean | undefined }[] = [];
  while ((m = open.exec(body))) {
    const attrs = m[4] ?? '';
    const s = /string\s*=\s*["'](true|false)["']/.exec(attrs);
    opens.push({ key: (m[2] ?? m[3] ?? '').trim(), tag: m[1]!, valueStart: m.index + m[0].length, tagStart: m.index, forceString: s ? s[1] === 'true' : undefined });
  }
  const find = makeFinder(body);
  for (let i = 0; i < opens.length; i++) {
    const p = opens[i]!;
    const limit = i + 1 < opens.length ? opens[i + 1]!.tagStart : body.length;
    // CDATA may itself contain "</param>", so the value ends after it
    const cdataEnd = body.startsWith('<![CDATA[', p.valueStart) ? body.indexOf(']]>', p.valueStart) : -1;
    const closeAt = find(`</${p.tag}>`, cdataEnd >= 0 ? cdataEnd : p.valueStart);
    const end = closeAt >= 0 && closeAt < limit ? closeAt : Math.min(limit, fnEnd(body, p.valueStart, find));
    const raw = unwrapCdata(trimOneNewline(body.slice(p.valueStart, end)));
    if (p.key === '') continue;
    args[p.key] = p.forceString === true ? raw : p.forceString === false ? paramValue(raw, '', '', noSchema(ctx)) : paramValue(raw, tool, p.key, ctx);
  }
  return args;
}

function noSchema(ctx: ParseContext): ParseContext {
  return { ...ctx, paramType: () => undefined };
}

function fnEnd(body: string, from: number, find: (needle: string, from: number) => number = makeFinder(body)): number {
  const a = find('</function>', from);
  const b = find('</invoke>', from);
  const ends = [a, b].filter((x) => x >= 0);
  return ends.length ? Math.min(...ends) : body.length;
}

export function parseXmlFunction(text: string, ctx: ParseContext): RawCall[] | null {
  const body = text.trim();
  const q = QWEN_OPEN.exec(body);
  const n = q ? null : NAMED_OPEN.exec(body);
  const head = q ?? n;
  if (!head) return null;
  const name = (q ? q[1]! : n![2]!).trim();
  if (!isValidToolName(name)) return null;
  const rest = body.slice(head[0].length);
  const inner = rest.slice(0, fnEnd(rest, 0));
  if (!/<param(?:eter)?[\s=]/.test(inner) && inner.trim() !== '') {
    const p = parseLooseWhole(inner.trim()); // the Hermes variant puts JSON arguments inside <function name=…>
    if (p && typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value)) {
      ctx.repairs.push(...p.repairs);
      const nested = callsFromJson(p.value, { inMarkup: false, dialect: 'xml-function' });
      return nested ?? [{ name, arguments: p.value, dialect: 'xml-function-json' }];
    }
    return null;
  }
  return [{ name, arguments: readParams(inner, name, ctx), dialect: q ? 'qwen3-xml' : 'xml-invoke' }];
}
