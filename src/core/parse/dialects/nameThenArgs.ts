// Dialects that write a name, a separator, then JSON arguments:
//   Kimi K2:      functions.NAME:0<|tool_call_argument_begin|>{…}
//   DeepSeek:     [function<｜tool▁sep｜>]NAME<｜tool▁sep｜>{…}   or   NAME\n```json\n{…}\n```
//   Mistral v11:  NAME[ARGS]{…}   (also NAME[CALL_ID]id[ARGS]{…})
import { argumentsObject, isValidToolName, stripNamespace } from '../callShape';
import type { ParseContext } from '../context';
import { stripFence } from '../fence';
import type { RawCall } from '../types';

function call(name: string, args: string, dialect: string, ctx: ParseContext): RawCall[] | null {
  if (!isValidToolName(name)) return null;
  const a = argumentsObject(stripFence(args).trim(), ctx.repairs, true);
  return a ? [{ name, arguments: a, dialect }] : null;
}

export function parseKimi(body: string, ctx: ParseContext): RawCall[] | null {
  const sep = body.indexOf('<|tool_call_argument_begin|>');
  if (sep < 0) return null;
  // the id is functions.NAME:INDEX; anything else (functions.name.0) is a malformed id, not a call
  const id = /^\s*(?:functions\.)?([A-Za-z_][\w\-]*):\d+\s*$/.exec(body.slice(0, sep));
  if (!id) return null;
  return call(id[1]!, body.slice(sep + '<|tool_call_argument_begin|>'.length), 'kimi-k2', ctx);
}

export function parseDeepSeek(body: string, ctx: ParseContext): RawCall[] | null {
  const parts = body.split('<｜tool▁sep｜>');
  if (parts[0]!.trim() === 'function' && parts.length > 1) parts.shift();
  if (parts.length >= 2) return call(stripNamespace(parts[0]!.trim()), parts.slice(1).join(''), 'deepseek', ctx);
  const m = /^\s*([A-Za-z_][\w.\-]*)\s*\n([\s\S]*)$/.exec(parts[0]!);
  return m ? call(m[1]!, m[2]!, 'deepseek', ctx) : null;
}

export function parseMistralArgs(body: string, ctx: ParseContext): RawCall[] | null {
  const m = /^\s*([A-Za-z_][\w.\-]*)\s*(?:\[CALL_ID\][^\[]*)?\[ARGS\]([\s\S]*)$/.exec(body);
  return m ? call(m[1]!, m[2]!, 'mistral-v11', ctx) : null;
}
