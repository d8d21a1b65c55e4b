// With the tool's schema known: rename parameters the model spelled differently (filename → path) and
// coerce values to the declared types ("1" → 1). Every change is recorded as a repair.
import { parseLooseWhole } from './looseJson';
import { nameKey } from './toolNames';
import { propertyType } from './toolSpecs';
import type { JsonSchema, Repair } from './types';

/** Common wrong names small models use, by the name our schemas use. */
const ALIASES: Record<string, readonly string[]> = {
  path: ['filename', 'file', 'file_path', 'filepath', 'file_name', 'target_file', 'fname', 'dir', 'directory'],
  content: ['contents', 'text', 'body', 'data', 'file_content', 'code'],
  command: ['cmd', 'shell', 'script', 'command_line'],
  pattern: ['regex', 'query', 'search', 'search_pattern', 'term'],
  glob: ['pattern', 'file_pattern', 'include', 'files'],
  start_line: ['start', 'from_line', 'line_start', 'offset'],
  end_line: ['end', 'to_line', 'line_end'],
  search: ['old', 'old_str', 'old_string', 'oldString', 'old_text', 'find'],
  replace: ['new', 'new_str', 'new_string', 'newString', 'new_text', 'replacement'],
};

function renameParams(args: Record<string, unknown>, props: Record<string, JsonSchema>, repairs: Repair[]): Record<string, unknown> {
  const known = Object.keys(props);
  const out: Record<string, unknown> = {};
  const pending: [string, unknown][] = [];
  for (const [k, v] of Object.entries(args)) {
    if (k in props) out[k] = v;
    else pending.push([k, v]);
  }
  for (const [k, v] of pending) {
    const byKey = known.filter((p) => nameKey(p) === nameKey(k));
    const byAlias = known.filter((p) => ALIASES[p]?.some((a) => nameKey(a) === nameKey(k)));
    const target = byKey.length === 1 ? byKey[0] : byKey.length === 0 && byAlias.length === 1 ? byAlias[0] : undefined;
    if (target !== undefined && !(target in out) && !(target in args)) {
      out[target] = v;
      repairs.push({ kind: 'param-name', detail: `renamed parameter ${k} to ${target}` });
    } else out[k] = v; // left for validation to report
  }
  return out;
}

function coerce(value: unknown, schema: JsonSchema | undefined, key: string, repairs: Repair[]): unknown {
  const type = propertyType(schema);
  if (type === undefined) return value;
  const note = (to: unknown): unknown => {
    repairs.push({ kind: 'type-coercion', detail: `${key}: ${JSON.stringify(value)?.slice(0, 40)} → ${type}` });
    return to;
  };
  if ((type === 'integer' || type === 'number') && typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$/.test(value)) {
    const n = Number(value);
    if (type === 'number' || Number.isInteger(n)) return note(n);
  }
  if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return note(value.trim().toLowerCase() === 'true');
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return note(String(value));
  if ((type === 'array' || type === 'object') && typeof value === 'string') {
    const p = parseLooseWhole(value.trim());
    const ok = p && (type === 'array' ? Array.isArray(p.value) : typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value));
    if (ok) return note(p.value);
  }
  return value;
}

export function repairArguments(args: Record<string, unknown>, schema: JsonSchema | undefined, repairs: Repair[]): Record<string, unknown> {
  const props = schema?.properties;
  if (!props || typeof props !== 'object') return args;
  const renamed = renameParams(args, props, repairs);
  for (const k of Object.keys(renamed)) if (k in props) renamed[k] = coerce(renamed[k], props[k], k, repairs);
  return renamed;
}
