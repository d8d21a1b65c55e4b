// XML-like call bodies:
//   Qwen3-Coder / Seed-OSS:  <function=NAME><parameter=KEY>VALUE</parameter></function>
//   MiniMax-M2 / DeepSeek DSML (tags without ｜DSML｜): <invoke name="NAME"><parameter name="KEY" string="true">VALUE</parameter></invoke>
//   MiniCPM:                 <function name="NAME"><param name="KEY">VALUE</param></function>
//   Hermes variant:          <function name="NAME">{"key": "value"}</function>
import { cutOff, unclearValue, type ParseContext } from '../context';
import { callsFromJson, isValidToolName } from '../callShape';
import { parseLooseWhole } from '../looseJson';
import { paramValue, trimOneNewline, unwrapCdata } from '../paramValue';
import { makeFinder, type Finder } from '../find';
import { taggedValueEnd } from '../taggedValue';
import type { RawCall } from '../types';

const QWEN_OPEN = /^<function=([^>\n]{1,200})>/;
const NAMED_OPEN = /^<(function|invoke)\s+name\s*=\s*["']([^"'\n]{1,200})["']\s*>/;

const PARAM_OPEN = /<(parameter|param)(?:=([^>\n]{1,200})|\s+name\s*=\s*["']([^"'\n]{1,200})["']([^>]*))>/g;
/** The same opener, only right here (after spaces). */
const PARAM_OPEN_HERE = new RegExp(`\\s*${PARAM_OPEN.source}`, 'y');
const CALL_HEAD_HERE = /\s*<(?:function=[^>\n]{1,200}|(?:function|invoke)\s+name\s*=\s*["'][^"'\n]{1,200}["']\s*)>/y;
const CALL_CLOSE_HERE = /\s*<\/(?:function|invoke)>/y;
/**
 * What may follow a value's closing tag: the next parameter, the call's end, the end of the markup around it
 * (`</tool_call>`, a special token) or the end of the text. Anything else means the tag is inside the value.
 */
const ENDS_VALUE = /\s*(?:$|<(?:parameter|param)[=\s]|<\/(?:function|invoke|function_calls|[\w:-]*tool_calls?)>|<\|)/y;

interface ParamSpan {
  key: string;
  tag: string;
  valueStart: number;
  valueEnd: number;
  closed: boolean;
  forceString: boolean | undefined;
}

interface ParamScan {
  params: ParamSpan[];
  /** Where the call's closing tag (`</function>`, `</invoke>`) starts, or -1 when no such tag follows the values. */
  end: number;
  /** Where reading stopped: just past the last value read. */
  tail: number;
  /** The farthest the scan looked. */
  reached: number;
  /** The key of a value whose end could not be told (it holds its closing tag, and no copy of it reads as the end). */
  unclear?: string;
}

function firstCallClose(find: Finder, from: number): number {
  const ends = [find('</function>', from), find('</invoke>', from)].filter((x) => x >= 0);
  return ends.length ? Math.min(...ends) : -1;
}

function at(re: RegExp, text: string, from: number): RegExpExecArray | null {
  re.lastIndex = from;
  return re.exec(text);
}

/**
 * Reads the `<tag=KEY>` / `<tag name="KEY" ...>` parameters from `from` up to the call's closing tag.
 * `strict`: only parameters and spaces may come before the closing tag (text not yet cut into a block; any
 * doubt returns end -1). Otherwise text between parameters is skipped, and a value missing only its closing
 * tag ends at the next parameter or the call's end.
 */
function scanParams(text: string, from: number, strict: boolean, find: Finder = makeFinder(text)): ParamScan {
  const params: ParamSpan[] = [];
  let pos = from;
  let reached = from;
  let unclosedKey: string | undefined; // the first value that ended at the next opener without its closing tag
  const stop = (end: number, extra: Partial<ParamScan> = {}): ParamScan => ({ params, end, tail: pos, reached, ...extra });
  for (;;) {
    let open: RegExpExecArray | null;
    let callClose: number;
    if (strict) {
      const c = at(CALL_CLOSE_HERE, text, pos);
      if (c) return stop(c.index + c[0].length - c[0].trimStart().length);
      open = at(PARAM_OPEN_HERE, text, pos);
      if (!open) return stop(-1);
      callClose = -1;
    } else {
      open = at(PARAM_OPEN, text, pos);
      callClose = firstCallClose(find, pos);
      if (callClose >= 0 && (!open || callClose < open.index)) return stop(callClose);
      if (!open) return stop(-1);
    }
    const valueStart = open.index + open[0].length;
    const attrs = open[4] ?? '';
    const s = /string\s*=\s*["'](true|false)["']/.exec(attrs);
    const next = at(PARAM_OPEN, text, valueStart);
    const limit = next ? next.index : text.length;
    reached = Math.max(reached, limit);
    const tag = open[1]!;
    const key = (open[2] ?? open[3] ?? '').trim();
    // CDATA may itself contain "</param>", so the value ends after it
    const cdataEnd = text.startsWith('<![CDATA[', valueStart) ? text.indexOf(']]>', valueStart) : -1;
    const r = taggedValueEnd(text, cdataEnd >= 0 ? cdataEnd : valueStart, `</${tag}>`, limit, ENDS_VALUE, find);
    if (r.kind === 'unclear') return stop(-1, { unclear: key });
    // a value taken to end at an opener without its closing tag, then a later one holding a stray closing
    // tag: the "opener" was more likely code inside the first value (`'<parameter=x>'`) than a new parameter
    if (r.kind === 'closed' && r.skipped && unclosedKey !== undefined) return stop(-1, { unclear: unclosedKey });
    const param = { key, tag, valueStart, forceString: s ? s[1] === 'true' : undefined };
    if (r.kind === 'closed') {
      params.push({ ...param, valueEnd: r.end, closed: true });
      pos = r.after;
      continue;
    }
    if (strict) return stop(-1);
    // a value missing only its closing tag ends at the next parameter or the call's end
    const close = firstCallClose(find, valueStart);
    const valueEnd = close >= 0 && close < limit ? close : limit;
    params.push({ ...param, valueEnd, closed: false });
    if (valueEnd === limit && next) unclosedKey ??= key;
    pos = valueEnd;
  }
}

/**
 * Where the Qwen/MiniMax XML call that starts at `from` (after spaces) ends: the index of its closing tag,
 * or -1 when it does not read cleanly up to one. Lets a block find its closing marker past values that
 * hold `</function>` or `</tool_call>` themselves. `reached`: how far the scan looked; `find`: the caller's
 * finder over `text`, so that many calls in one text do not each search it again.
 */
export function xmlCallEnd(text: string, from: number, find: Finder): { end: number; reached: number } {
  CALL_HEAD_HERE.lastIndex = from;
  if (!CALL_HEAD_HERE.test(text)) return { end: -1, reached: from };
  const scan = scanParams(text, CALL_HEAD_HERE.lastIndex, true, find);
  return { end: scan.params.length ? scan.end : -1, reached: scan.reached };
}

/**
 * The parameters of the call in `body` (from `from`). `openEnded`: the body stops where the reply stopped;
 * a value or tag still open there was cut off, so the call is unreadable (null) rather than run with half
 * its content.
 */
function readParams(body: string, from: number, tool: string, ctx: ParseContext): Record<string, unknown> | null {
  const scan = scanParams(body, from, false);
  if (scan.unclear !== undefined) return unclearValue(ctx, tool, scan.unclear);
  const openEnded = ctx.openEnded && scan.end < 0;
  const args: Record<string, unknown> = {};
  for (const p of scan.params) {
    // a value missing its closing tag at the reply's end was cut
    if (!p.closed && p.valueEnd === body.length && openEnded) return cutOff(ctx, tool, p.key);
    // ...or, where the block ran into the next call's opener, a value that may go on past it
    if (!p.closed && p.valueEnd === body.length && ctx.endsAtOpener && scan.end < 0) return unclearValue(ctx, tool, p.key);
    const raw = unwrapCdata(trimOneNewline(body.slice(p.valueStart, p.valueEnd)));
    if (p.key === '') continue;
    args[p.key] = p.forceString === true ? raw : p.forceString === false ? paramValue(raw, '', '', noSchema(ctx)) : paramValue(raw, tool, p.key, ctx);
  }
  // `<parameter=conte` at the very end: the next parameter was being written when the reply stopped
  if (openEnded && /^\s*<(?!\/)[^>]*$/.test(body.slice(scan.tail))) return cutOff(ctx, tool, '');
  return args;
}

function noSchema(ctx: ParseContext): ParseContext {
  return { ...ctx, paramType: () => undefined };
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
  const firstEnd = firstCallClose(makeFinder(rest), 0);
  const inner = rest.slice(0, firstEnd < 0 ? rest.length : firstEnd);
  if (!/<param(?:eter)?[\s=]/.test(inner) && inner.trim() !== '') {
    const p = parseLooseWhole(inner.trim()); // the Hermes variant puts JSON arguments inside <function name=…>
    if (p && typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value)) {
      ctx.repairs.push(...p.repairs);
      const nested = callsFromJson(p.value, { inMarkup: false, dialect: 'xml-function' });
      return nested ?? [{ name, arguments: p.value, dialect: 'xml-function-json' }];
    }
    return null;
  }
  const args = readParams(body, head[0].length, name, ctx);
  return args ? [{ name, arguments: args, dialect: q ? 'qwen3-xml' : 'xml-invoke' }] : null;
}
