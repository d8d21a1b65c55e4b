// "Your tool call could not be read" is only true of markup addressed to a tool that exists. A reply
// that shows a package.json (`"name": "my-app"`), a Python dict or explains the `<tool_call>` tag is
// an answer; telling the model its "call" was broken makes it repeat the answer until the run gives up.
import { ARG_KEYS, insideWireFormat, NAME_KEYS } from './callShape';
import { tryParseLoose } from './looseJson';
import type { ProseIndex } from './prose';
import type { Span } from './spans';
import { calledTool } from './textEditorCalls';
import type { ToolSpec } from './types';

/** How much of a markup body is searched for a tool name: a call names its tool near the start. */
const NAME_WINDOW = 2000;
/** A reply of thousands of `{"name":` is not worth more looks than this. */
const MAX_LOOKS = 200;

const IDENTIFIER = /[A-Za-z_][\w.\-]*/g;
const NAMED = /\{\s*["']?(?:name|tool_name|function_name|tool|function)["']?\s*:\s*["']([A-Za-z_][\w.\- ]{0,127})["']/g;

function known(name: string, specs: readonly ToolSpec[]): ToolSpec | undefined {
  return calledTool(name.replace(/^functions\./, ''), specs);
}

/** Markup that yielded no call, but names one of the tools somewhere near its start. */
export function markupNamesTool(text: string, span: Span, specs: readonly ToolSpec[]): boolean {
  if (specs.length === 0) return true;
  const body = text.slice(span.start, Math.min(span.end, span.start + NAME_WINDOW));
  for (const m of body.matchAll(IDENTIFIER)) if (known(m[0], specs)) return true;
  return false;
}

/**
 * JSON in the prose that names an offered tool and is shaped like a call to it, but was not read as
 * one: broken, or with its arguments written flat beside the name. An object whose other keys are not
 * the tool's parameters (`{"name": "search", "version": "1.0"}` in a package.json) is data.
 */
export function jsonNamesTool(content: string, specs: readonly ToolSpec[], prose: ProseIndex): boolean {
  if (specs.length === 0 || !content.includes('name')) return false;
  let looks = 0;
  for (const m of content.matchAll(NAMED)) {
    if (++looks > MAX_LOOKS) break;
    const spec = known(m[1]!, specs);
    if (!spec || insideWireFormat(content, m.index)) continue;
    const parsed = tryParseLoose(content, m.index);
    const end = 'value' in parsed ? parsed.end : m.index + m[0].length;
    if (prose.readsAsText({ start: m.index, end })) continue;
    if (!('value' in parsed)) return true; // broken JSON naming a real tool
    if (callShaped(parsed.value, spec)) return true;
  }
  return false;
}

function callShaped(value: unknown, spec: ToolSpec): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const params = spec.parameters?.properties;
  const allowed = new Set<string>([...NAME_KEYS, ...ARG_KEYS, 'id', 'type', ...(params ? Object.keys(params) : [])]);
  return params === undefined || Object.keys(value).every((k) => allowed.has(k));
}
