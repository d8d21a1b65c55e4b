// What is inside call markup decides how to read it, whatever the markup was: Qwen XML inside <tool_call>,
// JSON inside <|tool_call_start|>, pythonic inside [TOOL_CALLS]… so the family never has to be known.
import { findBlocks, jsonValueEnd, type BlockDef } from './blocks';
import type { ParseContext } from './context';
import { parseGemmaCall } from './dialects/gemmaCall';
import { parseGlmArgKey } from './dialects/glmArgKey';
import { parseJsonCalls } from './dialects/jsonCalls';
import { parseDeepSeek, parseKimi, parseMistralArgs } from './dialects/nameThenArgs';
import { parseXmlFunction } from './dialects/xmlFunction';
import { stripFence } from './fence';
import { parsePythonicProgram } from './pythonic';
import type { RawCall } from './types';

const MAX_NESTING = 3;

export function parseCallBody(body: string, def: BlockDef, ctx: ParseContext, depth: number): RawCall[] | null {
  if (def.body === 'kimi') return parseKimi(body, ctx);
  if (def.body === 'deepseek') return parseDeepSeek(body, ctx);
  // A body that is one JSON value is read as JSON first: markup inside its strings (a test fixture, a
  // parser's source, an example in a file being written) is data, never a call of its own.
  const lead = body.length - body.trimStart().length;
  const value = jsonValueEnd(body, lead);
  if (value.end >= 0 && body.slice(value.end).trim() === '') {
    const json = parseJsonCalls(body.slice(lead, value.end), ctx, def.dialect);
    if (json) return json;
  }
  // nested markup always has a tag or a bracketed token; plain JSON bodies skip the rescan
  if (depth < MAX_NESTING && !def.includeOpen && /[<[]|function call/.test(body)) {
    const inner = findBlocks(body, ctx, parseCallBody, depth + 1);
    if (inner.length > 0) {
      const calls = inner.flatMap((b) => b.calls ?? []);
      for (const b of inner) ctx.repairs.push(...b.repairs);
      return calls.length ? calls : null;
    }
  }
  // DeepSeek V3.2 prefixes its XML tags with ｜DSML｜; without it they are MiniMax's invoke tags
  const t = stripFence(body.replaceAll('｜DSML｜', '').trim());
  if (t === '') return null;
  if (/^<(?:function[=\s]|invoke\s)/.test(t)) return parseXmlFunction(t, ctx);
  if (t.startsWith('call:')) return parseGemmaCall(t, ctx);
  if (/^[A-Za-z_][\w.\-]*\s*\[(?:ARGS|CALL_ID)\]/.test(t)) return parseMistralArgs(t, ctx);
  if (t.includes('<arg_key>') || /^[A-Za-z_][\w.\-]*$/.test(t)) return parseGlmArgKey(t, ctx);
  if (t[0] === '{' || t[0] === '[') {
    const json = parseJsonCalls(t, ctx, def.dialect);
    if (json) return json;
  }
  const py = parsePythonicProgram(t, def.dialect);
  if (py) {
    ctx.repairs.push(...py.repairs);
    return py.calls;
  }
  return null;
}
