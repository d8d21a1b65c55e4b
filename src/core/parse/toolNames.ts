// Matching a tool name the model wrote to a tool that exists: forgiving about case, `-`/`_`, spaces and a
// `functions.` prefix, but only when exactly one tool fits, so a near name never lands on the wrong tool.
// A few other agents' names for our tools are read as ours when no offered tool has that name itself;
// a near miss is only suggested (validation's "did you mean"), never read as a tool.
import { lineSimilarity } from '../edit/similarity';
import type { ToolSpec } from './types';

export function nameKey(name: string): string {
  return name.replace(/^functions\./, '').toLowerCase().replace(/[\s_\-]+/g, '');
}

/** Names other agents' prompts (and fine-tunes) use for a tool, by our tool's name. */
const SYNONYMS: Record<string, readonly string[]> = {
  run: ['run_command', 'bash', 'shell', 'execute_command', 'run_shell_command'],
  read_file: ['cat', 'open_file', 'view_file'],
  find_files: ['ls', 'list_dir', 'list_files', 'list_directory'],
  // their parameters (old_str, new_str) are renamed by argumentRepair
  // (str_replace_editor is read by its command: textEditorCalls)
  patch: ['edit_file', 'str_replace', 'replace_in_file'],
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

/** Closer than this (1 − edits / length) a name is taken for a misspelling of the tool's. */
const NEAR_NAME = 0.75;

/** The tool an unknown name most likely meant, among `names`: its synonym, else the one clearly closest. */
export function likelyToolName(name: string, names: readonly string[]): string | undefined {
  const key = nameKey(name);
  const synonym = SYNONYM_OF.get(key);
  if (synonym && names.includes(synonym)) return synonym;
  const ours = names.map((n) => ({ n, ...serverAndTool(n) }));
  const split = writtenServerAndTool(name, new Set(ours.map((o) => o.server).filter(Boolean)));
  // read as one server's tool first (`github.create_issue`), else as written (`memory.remember` may be
  // memory_remember though a server is named memory)
  return clearlyClosest(split, ours) ?? (split.server ? clearlyClosest(serverAndTool(name), ours) : undefined);
}

/** The one of `ours` clearly closest to what was written, among the same server's tools (or the built-ins). */
function clearlyClosest(wrote: { server: string; tool: string }, ours: Array<{ n: string; server: string; tool: string }>): string | undefined {
  const near = ours
    .filter((c) => c.server === wrote.server)
    .map(({ n, tool }) => ({ n, s: lineSimilarity(nameKey(wrote.tool), nameKey(tool)) }))
    .filter((c) => c.s >= NEAR_NAME)
    .sort((a, b) => b.s - a.s);
  return near.length === 1 || (near.length > 1 && near[0]!.s > near[1]!.s) ? near[0]!.n : undefined;
}

/**
 * An MCP tool's name (`server__tool`, see mcpToolName) split in two: among one server's tools the shared
 * prefix would make `github__close_issue` look like a misspelling of `github__create_issue`.
 */
function serverAndTool(name: string): { server: string; tool: string } {
  const at = name.indexOf('__');
  return at > 0 ? { server: name.slice(0, at).toLowerCase(), tool: name.slice(at + 2) } : { server: '', tool: name };
}

/**
 * A name the model wrote, split the same way, also in the other spellings of a server's tool it uses:
 * `mcp__github__create_issue` (Claude Code's), `github.create_issue`, `github/create_issue`, `github:create_issue` — when the
 * part before the separator is one of the servers offered.
 */
function writtenServerAndTool(name: string, servers: ReadonlySet<string>): { server: string; tool: string } {
  const m = /^([^./:]+?)(?:__|\.|\/|:)(.+)$/.exec(name.replace(/^mcp_{1,2}(?=.+(?:__|\.|\/|:))/i, ''));
  return m && servers.has(m[1]!.toLowerCase()) ? { server: m[1]!.toLowerCase(), tool: m[2]! } : serverAndTool(name);
}
