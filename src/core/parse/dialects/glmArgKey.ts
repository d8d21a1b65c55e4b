// GLM-4.5+: <tool_call>NAME<arg_key>KEY</arg_key><arg_value>VALUE</arg_value>…</tool_call>; a bare NAME
// inside the tags is a call without arguments.
import { cutOff, unclearValue, type ParseContext } from '../context';
import { isValidToolName } from '../callShape';
import { makeFinder } from '../find';
import { paramValue } from '../paramValue';
import { taggedValueEnd } from '../taggedValue';
import type { RawCall } from '../types';

/** What may follow a value's `</arg_value>`: the next key, the call's end, a special token, the end of the body. */
const ENDS_VALUE = /\s*(?:$|<arg_key>|<\/tool_call>|<\|)/y;

export function parseGlmArgKey(body: string, ctx: ParseContext): RawCall[] | null {
  const first = body.indexOf('<arg_key>');
  const name = (first < 0 ? body : body.slice(0, first)).trim();
  if (!isValidToolName(name)) return null;
  const args: Record<string, unknown> = {};
  if (first >= 0) {
    // a finder that remembers, not a lazy regex or plain indexOf: an unclosed tag must not make every
    // later key rescan to the end (2 MB of unclosed values took ~22 s)
    const find = makeFinder(body);
    let at = first;
    while (at >= 0) {
      // a key, value or closing tag the reply's end stopped short of: the call was cut, not merely malformed
      const keyEnd = find('</arg_key>', at);
      if (keyEnd < 0) {
        if (ctx.openEnded) return cutOff(ctx, name, '');
        break;
      }
      const key = body.slice(at + '<arg_key>'.length, keyEnd).trim();
      const valOpen = find('<arg_value>', keyEnd);
      const next = find('<arg_key>', keyEnd);
      if (valOpen < 0 && next < 0 && ctx.openEnded) return cutOff(ctx, name, key);
      if (valOpen < 0 || (next >= 0 && next < valOpen)) break;
      const valStart = valOpen + '<arg_value>'.length;
      const value = taggedValueEnd(body, valStart, '</arg_value>', next < 0 ? body.length : next, ENDS_VALUE, find);
      if (value.kind === 'unclear') return unclearValue(ctx, name, key);
      // a value missing only its closing tag ends at the next key
      if (value.kind === 'unclosed' && next < 0 && ctx.openEnded) return cutOff(ctx, name, key);
      args[key] = paramValue(body.slice(valStart, value.kind === 'closed' ? value.end : next < 0 ? body.length : next), name, key, ctx);
      at = next;
    }
  }
  return [{ name, arguments: args, dialect: 'glm' }];
}
