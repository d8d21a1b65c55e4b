// Matching a tool name the model wrote to a tool that exists: forgiving about case, `-`/`_`, spaces and a
// `functions.` prefix, but only when exactly one tool fits, so a near name never lands on the wrong tool.
import type { ToolSpec } from './types';

export function nameKey(name: string): string {
  return name.replace(/^functions\./, '').toLowerCase().replace(/[\s_\-]+/g, '');
}

export type NameMatch = { kind: 'exact' | 'forgiven'; spec: ToolSpec } | { kind: 'unknown' };

export function matchToolName(name: string, specs: readonly ToolSpec[]): NameMatch {
  const exact = specs.find((s) => s.name === name);
  if (exact) return { kind: 'exact', spec: exact };
  const key = nameKey(name);
  const hits = specs.filter((s) => nameKey(s.name) === key);
  return hits.length === 1 ? { kind: 'forgiven', spec: hits[0]! } : { kind: 'unknown' };
}
