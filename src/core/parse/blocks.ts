// Call markup that opens with a marker: `<tool_call>`, `[TOOL_CALLS]`, `<|tool_call_begin|>`, `<function=`…
// Each family is one row here; the body between the markers is read by callBody. A missing closing marker
// (the model stopped, or the server ate the token) ends the body at the next opener or at the end.
import type { ParseContext } from './context';
import { makeFinder, type Finder } from './find';
import { xmlCallEnd } from './dialects/xmlFunction';
import { inlineCodeSpans, insideAny } from './inlineCode';
import type { Span } from './spans';
import type { RawCall, Repair } from './types';

export type BodyKind = 'any' | 'kimi' | 'deepseek';

export interface BlockDef {
  dialect: string;
  open: RegExp;
  close: readonly string[];
  /** The opener is part of the call itself (`<function=NAME>`), so the body starts at it. */
  includeOpen?: boolean;
  body: BodyKind;
}

export const BLOCKS: readonly BlockDef[] = [
  { dialect: 'hermes', open: /<tool_call>/g, close: ['</tool_call>'], body: 'any' },
  { dialect: 'tool_calls-tag', open: /<tool_calls>/g, close: ['</tool_calls>'], body: 'any' },
  { dialect: 'tools-tag', open: /<tools>/g, close: ['</tools>'], body: 'any' },
  { dialect: 'xml-tag', open: /<xml>/g, close: ['</xml>'], body: 'any' },
  { dialect: 'nemotron', open: /<TOOLCALL>/g, close: ['</TOOLCALL>'], body: 'any' },
  { dialect: 'function_calls-tag', open: /<function_calls>/g, close: ['</function_calls>'], body: 'any' },
  { dialect: 'lfm2', open: /<\|tool_call_start\|>/g, close: ['<|tool_call_end|>'], body: 'any' },
  { dialect: 'apertus', open: /<\|tools_prefix\|>/g, close: ['<|tools_suffix|>'], body: 'any' },
  { dialect: 'seed-oss', open: /<seed:tool_call>/g, close: ['</seed:tool_call>'], body: 'any' },
  { dialect: 'minimax', open: /<minimax:tool_call>/g, close: ['</minimax:tool_call>'], body: 'any' },
  { dialect: 'llama4-pythonic', open: /<\|python_start\|>/g, close: ['<|python_end|>'], body: 'any' },
  { dialect: 'command-r', open: /<\|START_ACTION\|>/g, close: ['<|END_ACTION|>'], body: 'any' },
  { dialect: 'deepseek-dsml', open: /<｜DSML｜function_calls>/g, close: ['</｜DSML｜function_calls>'], body: 'any' },
  { dialect: 'gemma4', open: /<\|tool_call>/g, close: ['<tool_call|>'], body: 'any' },
  { dialect: 'functiongemma', open: /<start_function_call>/g, close: ['<end_function_call>'], body: 'any' },
  { dialect: 'mistral', open: /\[TOOL_CALLS\]/g, close: [], body: 'any' },
  { dialect: 'llama3-python_tag', open: /<\|python_tag\|>/g, close: ['<|eom_id|>', '<|eot_id|>'], body: 'any' },
  { dialect: 'gigachat', open: /<\|function_call\|>|function call(?:<\|role_sep\|>)?\s*(?=[{[])/g, close: [], body: 'any' },
  { dialect: 'qwen3-xml', open: /<function=/g, close: ['</function>'], includeOpen: true, body: 'any' },
  { dialect: 'xml-function', open: /<function\s+name\s*=/g, close: ['</function>'], includeOpen: true, body: 'any' },
  { dialect: 'xml-invoke', open: /<(?:｜DSML｜)?invoke\s+name\s*=/g, close: ['</invoke>', '</｜DSML｜invoke>'], includeOpen: true, body: 'any' },
  { dialect: 'kimi-k2', open: /<\|tool_call_begin\|>/g, close: ['<|tool_call_end|>', '<|tool_calls_section_end|>'], body: 'kimi' },
  { dialect: 'deepseek', open: /<｜tool▁call▁begin｜>|<｜tool▁calls｜>/g, close: ['<｜tool▁call▁end｜>', '<｜tool▁calls▁end｜>'], body: 'deepseek' },
];

export interface Extracted extends Span {
  /** Null when the markup is there but nothing in it reads as a call. */
  calls: RawCall[] | null;
  repairs: Repair[];
  /** The dialect has no closing marker (`[TOOL_CALLS]`): the span runs on past the call, to the next opener or the end. */
  unclosed?: boolean;
}

export type BodyParser = (body: string, def: BlockDef, ctx: ParseContext, depth: number) => RawCall[] | null;

interface Candidate extends Span {
  def: BlockDef;
  bodyStart: number;
  bodyEnd: number;
  /** No closing marker and nothing after it: the body is where the reply stopped. */
  openEnded: boolean;
  /** No closing marker: the body stops at the next opener. */
  endsAtOpener: boolean;
}

/**
 * Where the JSON object or array that starts at `from` (after spaces) ends: the index just past it, or
 * -1 (not JSON, or unbalanced). Only double-quoted strings are skipped, as JSON writes them; a loose
 * body that is not JSON gets -1 and is read as before. `reached`: how far the scan read.
 */
export function jsonValueEnd(text: string, from: number): { end: number; reached: number } {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] !== '{' && text[i] !== '[') return { end: -1, reached: i };
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) return { end: i + 1, reached: i + 1 };
  }
  return { end: -1, reached: text.length };
}

/** Where a JSON body ends when a closing marker follows it (after spaces); -1 otherwise (then the markers are searched for as plain text). */
function jsonBodyEnd(text: string, from: number, closers: readonly string[]): { end: number; reached: number } {
  const value = jsonValueEnd(text, from);
  if (value.end < 0) return value;
  let after = value.end;
  while (after < text.length && /\s/.test(text[after]!)) after++;
  return { end: closers.some((c) => text.startsWith(c, after)) ? value.end : -1, reached: value.reached };
}

/** Where a body that is one JSON value or one XML call (`<function=…>…</function>`) ends; -1 when it is neither, read cleanly. */
function structuredBodyEnd(text: string, from: number, closers: readonly string[], find: Finder): { end: number; reached: number } {
  const json = jsonBodyEnd(text, from, closers);
  // no closing marker anywhere after it: nothing for a value to hide, and nothing to read up to
  if (json.end >= 0 || closers.every((c) => find(c, from) < 0)) return json;
  const xml = xmlCallEnd(text, from, find);
  return { end: xml.end, reached: Math.max(json.reached, xml.reached) };
}

export function findBlocks(text: string, ctx: ParseContext, parseBody: BodyParser, depth = 0): Extracted[] {
  const found: Candidate[] = [];
  const find = makeFinder(text);
  const code = inlineCodeSpans(text);
  for (const def of BLOCKS) {
    const re = def.open;
    re.lastIndex = 0;
    const opens: { index: number; length: number }[] = [];
    let scanned = -1;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!insideAny(code, m.index)) opens.push({ index: m.index, length: m[0].length });
      if (m[0].length === 0) re.lastIndex++;
    }
    for (let i = 0; i < opens.length; i++) {
      const o = opens[i]!;
      const afterOpen = o.index + o.length;
      // A JSON body or an XML call is read to its end first: its strings and values may hold the markers
      // themselves (a test fixture, a parser's source), which must neither close the block nor open another.
      // (An opener inside text an earlier scan covered is not scanned again: that keeps hostile input linear.)
      let readTo = -1;
      if (def.close.length && o.index >= scanned) ({ end: readTo, reached: scanned } = structuredBodyEnd(text, def.includeOpen ? o.index : afterOpen, def.close, find));
      const searchFrom = readTo >= 0 ? readTo : afterOpen;
      let next = i + 1;
      while (next < opens.length && opens[next]!.index < searchFrom) next++;
      const nextOpen = next < opens.length ? opens[next]!.index : text.length;
      let closeAt = -1;
      let closeLen = 0;
      for (const c of def.close) {
        const at = find(c, searchFrom);
        if (at >= 0 && (closeAt < 0 || at < closeAt)) {
          closeAt = at;
          closeLen = c.length;
        }
      }
      const closed = closeAt >= 0 && closeAt <= nextOpen;
      const bodyEnd = closed ? closeAt : nextOpen;
      const bodyStart = def.includeOpen ? o.index : afterOpen;
      found.push({ def, start: o.index, end: closed ? closeAt + closeLen : bodyEnd, bodyStart, bodyEnd, openEnded: ctx.openEnded && !closed && bodyEnd === text.length, endsAtOpener: !closed && bodyEnd < text.length });
    }
  }
  for (const def of BLOCKS) def.open.lastIndex = 0;
  // outermost wins: `<tool_call><function=…>` is one call, read through the outer block
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Extracted[] = [];
  let reach = -1;
  for (const f of found) {
    if (f.start < reach) continue;
    const sub: ParseContext = { paramType: ctx.paramType, repairs: [], openEnded: f.openEnded, endsAtOpener: f.endsAtOpener };
    const calls = parseBody(text.slice(f.bodyStart, f.bodyEnd), f.def, sub, depth);
    kept.push({ start: f.start, end: f.end, calls, repairs: sub.repairs, ...(f.def.close.length === 0 ? { unclosed: true } : {}) });
    reach = f.end;
  }
  return kept;
}
