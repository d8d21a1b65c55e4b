// Matching a tool name the model wrote to a tool that exists: forgiving about case, `-`/`_`, spaces and a
// `functions.` prefix, but only when exactly one tool fits, so a near name never lands on the wrong tool.
// A few other agents' names for our tools are read as ours when no offered tool has that name itself.
import type { ToolSpec } from './types';

export function nameKey(name: string): string {
  return name.replace(/^functions\./, '').toLowerCase().replace(/[\s_\-]+/g, '');
}

/** Names other agents' prompts (and fine-tunes) use for a tool, by our tool's name. */
const SYNONYMS: Record<string, readonly string[]> = {
  run: ['run_command', 'bash', 'shell', 'execute_command', 'run_shell_command'],
};
const SYNONYM_OF = new Map(Object.entries(SYNONYMS).flatMap(([tool, names]) => names.map((n) => [nameKey(n), tool] as const)));

export type NameMatch = { kind: 'exact' | 'forgiven'; spec: ToolSpec } | { kind: 'unknown' };

export function matchToolName(name: string, specs: readonly ToolSpec[]): NameMatch {
  const exact = specs.find((s) => s.name === name);
  if (exact) return { kind: 'exact', spec: exact };
  const key = nameKey(name);
  const hits = specs.filter((s) => nameKey(s.name) === key);
  if (hits.length === 1) return { kind: 'forgiven', spec: hits[0]! };
  const ours = hits.length === 0 ? specs.find((s) => s.name === SYNONYM_OF.get(key)) : undefined;
  return ours ? { kind: 'forgiven', spec: ours } : { kind: 'unknown' };
}
