// Which JSON shapes are a tool call: {name, arguments} and the spellings families use for it
// (parameters, tool_name, OpenAI's {function: {...}}, a {tool_calls: [...]} wrapper, Apertus' {name: args}).
import { parseLooseWhole } from './looseJson';
import type { RawCall, Repair } from './types';

export const NAME_KEYS = ['name', 'tool_name', 'function_name', 'tool', 'function'] as const;
export const ARG_KEYS = ['arguments', 'parameters', 'args', 'input', 'params', 'tool_input'] as const;
const META_KEYS = new Set(['id', 'tool_call_id', 'type', 'index', 'call_id']);
const NAME_RE = /^[A-Za-z_][\w.\-]*$/;

export interface ShapeOptions {
  /** Inside explicit call markup a bare {name} or {name: args} still means a call; in prose it does not. */
  inMarkup: boolean;
  dialect: string;
}

export function isValidToolName(name: string): boolean {
  return name.length > 0 && name.length <= 128 && NAME_RE.test(name);
}

/** Kimi and harmony prefix names with `functions.`; the tool is the part after it. */
export function stripNamespace(name: string): string {
  return name.startsWith('functions.') ? name.slice('functions.'.length) : name;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Arguments given as a JSON string (OpenAI style) are read with the same loose reader. */
/** `asText`: the dialect always writes arguments as text (Kimi, DeepSeek, harmony), so reading it is no repair. */
export function argumentsObject(raw: unknown, repairs: Repair[], asText = false): Record<string, unknown> | null {
  if (raw === undefined || raw === null) return {};
  if (isObject(raw)) return raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    const p = parseLooseWhole(raw);
    if (p && isObject(p.value)) {
      if (!asText) repairs.push({ kind: 'arguments-string', detail: 'read arguments given as a JSON string' });
      repairs.push(...p.repairs);
      return p.value;
    }
  }
  return null;
}

function callFromObject(o: Record<string, unknown>, opts: ShapeOptions): RawCall | null {
  if (isObject(o.function) && typeof o.function.name === 'string') return callFromObject(o.function, opts);
  let name: string | undefined;
  let nameKey: string | undefined;
  for (const k of NAME_KEYS) {
    if (typeof o[k] === 'string') {
      name = o[k] as string;
      nameKey = k;
      break;
    }
  }
  if (name === undefined) {
    const keys = Object.keys(o);
    // Apertus writes {"tool": {args}}: only believable inside markup
    if (opts.inMarkup && keys.length === 1 && isObject(o[keys[0]!]) && isValidToolName(keys[0]!)) {
      return { name: keys[0]!, arguments: o[keys[0]!], dialect: opts.dialect };
    }
    return null;
  }
  name = stripNamespace(name.trim());
  // a quoted JSON name may carry a space ("read file"); the name matcher decides if a tool fits
  if (!isValidToolName(name.replace(/ (?=\S)/g, '_'))) return null;
  const argKey = ARG_KEYS.find((k) => k in o);
  if (argKey) return { name, arguments: o[argKey], dialect: opts.dialect };
  if (!opts.inMarkup) return null;
  // inside markup, the other keys are the arguments written flat beside the name
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (k !== nameKey && !META_KEYS.has(k)) flat[k] = v;
  return { name, arguments: flat, dialect: opts.dialect };
}

/** The calls a parsed JSON value stands for, or null when it is not call-shaped. */
export function callsFromJson(value: unknown, opts: ShapeOptions): RawCall[] | null {
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    const calls: RawCall[] = [];
    for (const item of value) {
      const c = isObject(item) ? callsFromJson(item, opts) : null;
      if (!c) return null; // a list with a non-call in it is data, not calls
      calls.push(...c);
    }
    return calls;
  }
  if (!isObject(value)) return null;
  if (Array.isArray(value.tool_calls)) return callsFromJson(value.tool_calls, { ...opts, inMarkup: true });
  const c = callFromObject(value, opts);
  return c ? [c] : null;
}

/**
 * OpenAI's wire format around a call object: `{"type": "function", "function": {"name": …}}`, or a
 * `{"tool_calls": [...]}` wrapper. Among prose it is an API being explained, not a call the model makes.
 */
export function isWireFormat(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(isWireFormat);
  const o = value as Record<string, unknown>;
  return Array.isArray(o.tool_calls) || (o.type === 'function' && isObject(o.function));
}

/** Whether the object starting at `index` is the inner `"function": {…}` of a wire-format call. */
export function insideWireFormat(text: string, index: number): boolean {
  return /["']function["']\s*:\s*$/.test(text.slice(Math.max(0, index - 40), index));
}
