// XML-like call bodies:
//   Qwen3-Coder / Seed-OSS:  <function=NAME><parameter=KEY>VALUE</parameter></function>
//   MiniMax-M2 / DeepSeek DSML (tags without ｜DSML｜): <invoke name="NAME"><parameter name="KEY" string="true">VALUE</parameter></invoke>
//   MiniCPM:                 <function name="NAME"><param name="KEY">VALUE</param></function>
//   Hermes variant:          <function name="NAME">{"key": "value"}</function>
import { cutOff, type ParseContext } from '../context';
import { callsFromJson, isValidToolName } from '../callShape';
import { parseLooseWhole } from '../looseJson';
import { paramValue, trimOneNewline, unwrapCdata } from '../paramValue';
import { makeFinder } from '../find';
import type { RawCall } from '../types';

const QWEN_OPEN = /^<function=([^>\n]{1,200})>/;
const NAMED_OPEN = /^<(function|invoke)\s+name\s*=\s*["']([^"'\n]{1,200})["']\s*>/;

/**
 * Reads `<tag=KEY>` or `<tag name="KEY" ...>` parameters until the closing tag or the next parameter.
 * `openEnded`: the body stops where the reply stopped; a value or tag still open there was cut off, so
 * the call is unreadable (null) rather than run with half its content.
 */
function readParams(body: string, tool: string, ctx: ParseContext, openEnded: boolean): Record<string, unknown> | null {
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
  let tail = 0;
  for (let i = 0; i < opens.length; i++) {
    const p = opens[i]!;
    const limit = i + 1 < opens.length ? opens[i + 1]!.tagStart : body.length;
    // CDATA may itself contain "</param>", so the value ends after it
    const cdataEnd = body.startsWith('<![CDATA[', p.valueStart) ? body.indexOf(']]>', p.valueStart) : -1;
    const closeAt = find(`</${p.tag}>`, cdataEnd >= 0 ? cdataEnd : p.valueStart);
    const closed = closeAt >= 0 && closeAt < limit;
    // a value missing only its closing tag ends at the next parameter; at the reply's end it was cut
    if (!closed && limit === body.length && openEnded) return cutOff(ctx, tool, p.key);
    const end = closed ? closeAt : limit;
    tail = closed ? closeAt + p.tag.length + 3 : limit;
    const raw = unwrapCdata(trimOneNewline(body.slice(p.valueStart, end)));
    if (p.key === '') continue;
    args[p.key] = p.forceString === true ? raw : p.forceString === false ? paramValue(raw, '', '', noSchema(ctx)) : paramValue(raw, tool, p.key, ctx);
  }
  // `<parameter=conte` at the very end: the next parameter was being written when the reply stopped
  if (openEnded && /^\s*<(?!\/)[^>]*$/.test(body.slice(tail))) return cutOff(ctx, tool, '');
  return args;
}

function noSchema(ctx: ParseContext): ParseContext {
  return { ...ctx, paramType: () => undefined };
}

function fnEnd(body: string, from: number): number {
  const a = body.indexOf('</function>', from);
  const b = body.indexOf('</invoke>', from);
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
  const innerEnd = fnEnd(rest, 0);
  const inner = rest.slice(0, innerEnd);
  if (!/<param(?:eter)?[\s=]/.test(inner) && inner.trim() !== '') {
    const p = parseLooseWhole(inner.trim()); // the Hermes variant puts JSON arguments inside <function name=…>
    if (p && typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value)) {
      ctx.repairs.push(...p.repairs);
      const nested = callsFromJson(p.value, { inMarkup: false, dialect: 'xml-function' });
      return nested ?? [{ name, arguments: p.value, dialect: 'xml-function-json' }];
    }
    return null;
  }
  const args = readParams(inner, name, ctx, ctx.openEnded && innerEnd === rest.length);
  return args ? [{ name, arguments: args, dialect: q ? 'qwen3-xml' : 'xml-invoke' }] : null;
}
