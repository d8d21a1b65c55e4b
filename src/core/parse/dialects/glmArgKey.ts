// GLM-4.5+: <tool_call>NAME<arg_key>KEY</arg_key><arg_value>VALUE</arg_value>…</tool_call>; a bare NAME
// inside the tags is a call without arguments.
import type { ParseContext } from '../context';
import { isValidToolName } from '../callShape';
import { paramValue } from '../paramValue';
import type { RawCall } from '../types';

export function parseGlmArgKey(body: string, ctx: ParseContext): RawCall[] | null {
  const first = body.indexOf('<arg_key>');
  const name = (first < 0 ? body : body.slice(0, first)).trim();
  if (!isValidToolName(name)) return null;
  const args: Record<string, unknown> = {};
  if (first >= 0) {
    const pair = /<arg_key>([\s\S]*?)<\/arg_key>\s*<arg_value>([\s\S]*?)(?:<\/arg_value>|$)/g;
    let m: RegExpExecArray | null;
    while ((m = pair.exec(body))) args[m[1]!.trim()] = paramValue(m[2]!, name, m[1]!.trim(), ctx);
  }
  return [{ name, arguments: args, dialect: 'glm' }];
}
