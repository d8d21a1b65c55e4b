// gpt-oss harmony: a message addressed `to=functions.NAME` (in its header, before <|message|>) carries
// the JSON arguments as its body. Messages to built-in tools (`to=python`, `to=container.exec`) are not
// function calls and stay text.
import type { Extracted } from '../blocks';
import { argumentsObject, isValidToolName } from '../callShape';
import { makeFinder } from '../find';
import { inlineCodeSpans, insideAny } from '../inlineCode';
import type { Repair } from '../types';

const RECIPIENT = /to=functions\.([A-Za-z_][\w.\-]*)/g;
const BODY_END = ['<|call|>', '<|end|>', '<|start|>', '<|return|>'];

export function findHarmonyCalls(text: string): Extracted[] {
  const out: Extracted[] = [];
  const find = makeFinder(text);
  const code = inlineCodeSpans(text);
  RECIPIENT.lastIndex = 0;
  for (let m = RECIPIENT.exec(text); m; m = RECIPIENT.exec(text)) {
    if (insideAny(code, m.index)) continue;
    const msg = find('<|message|>', m.index);
    if (msg < 0) break;
    const bodyStart = msg + '<|message|>'.length;
    let bodyEnd = text.length;
    let end = text.length;
    for (const e of BODY_END) {
      const at = find(e, bodyStart);
      if (at >= 0 && at < bodyEnd) {
        bodyEnd = at;
        end = e === '<|start|>' ? at : at + e.length;
      }
    }
    // the header `<|start|>assistant … to=functions.x …` is part of the call; look back only a header's length
    const back = Math.max(0, m.index - 120);
    const startRel = text.slice(back, m.index).lastIndexOf('<|start|>');
    const startTok = startRel < 0 ? -1 : back + startRel;
    const start = startTok >= 0 && !text.slice(startTok, m.index).includes('<|message|>') ? startTok : m.index;
    const repairs: Repair[] = [];
    const args = isValidToolName(m[1]!) ? argumentsObject(text.slice(bodyStart, bodyEnd).trim(), repairs, true) : null;
    out.push({ start, end, calls: args ? [{ name: m[1]!, arguments: args, dialect: 'gpt-oss-harmony' }] : null, repairs });
    RECIPIENT.lastIndex = end;
  }
  RECIPIENT.lastIndex = 0;
  return out;
}
