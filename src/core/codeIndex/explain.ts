// explain_symbol: a definition's code (capped), who calls it and what it calls, as `path:line name`
// lines the model can act on — the three reads a small model would otherwise spend turns on.
import { redactSecrets } from '../security';
import type { SymbolLookup } from './lookup';
import type { IndexFileSource } from './ports';
import type { DefinitionRow, IndexStore } from './store';

export interface ExplainOptions {
  /** Lines of the definition's code shown (default 40). */
  maxLines?: number;
  /** Callers and callees listed, each (default 12). */
  maxRelated?: number;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
/**
 * A code line longer than this is cut (as read_file cuts them): one minified line must not fill the
 * result, or the budget's cap cuts it before Callers and Calls — the part the model came for.
 */
const MAX_CODE_LINE_CHARS = 240;

function cutLine(line: string): string {
  return line.length > MAX_CODE_LINE_CHARS ? `${line.slice(0, MAX_CODE_LINE_CHARS)}… [line cut]` : line;
}

/**
 * The excerpt's lines, redacted as one block before any cut: a secret spanning lines (a PEM key) is
 * only recognised whole, and a cut must not leave half a secret that no longer looks like one.
 */
function codeLines(lines: string[]): string[] {
  return redactSecrets(lines.join('\n'), { keepLines: true }).split('\n').map(cutLine);
}

function innermost(defs: DefinitionRow[], line: number): DefinitionRow | undefined {
  let best: DefinitionRow | undefined;
  for (const d of defs) {
    if (d.startLine <= line && line <= d.endLine && (!best || d.endLine - d.startLine < best.endLine - best.startLine)) best = d;
  }
  return best;
}

function section(title: string, lines: string[], total: number): string[] {
  if (total === 0) return [`${title}: none found in the index.`];
  return [`${title} (${total}${total > lines.length ? `, first ${lines.length}` : ''}):`, ...lines];
}

export async function explainSymbol(query: string, deps: { store: IndexStore; lookup: SymbolLookup; source: IndexFileSource }, options: ExplainOptions = {}): Promise<string> {
  const maxLines = options.maxLines ?? 40;
  const maxRelated = options.maxRelated ?? 12;
  const { store, lookup, source } = deps;
  const defs = lookup.definitions(query);
  if (defs.length === 0) {
    const near = lookup.findSymbol(query, { limit: 5 });
    return near.length
      ? `No definition named "${query}". Closest: ${near.map((h) => `${h.name} (${h.path}:${h.line})`).join(', ')}.`
      : `No definition named "${query}" in the index.`;
  }
  const def = defs[0]!;
  const out: string[] = [`${def.kind} ${def.name}${def.scope ? ` in ${def.scope}` : ''} — ${def.path}:${def.startLine}-${def.endLine}`];

  let text: string | undefined;
  try {
    text = decoder.decode(await source.read(def.path));
  } catch {
    out.push('(The file could not be read now.)');
  }
  if (text !== undefined) {
    const fileLines = text.split('\n');
    const last = Math.min(def.endLine, def.startLine + maxLines - 1, fileLines.length);
    codeLines(fileLines.slice(def.startLine - 1, last)).forEach((line, i) => out.push(`${def.startLine + i}: ${line}`));
    if (last < def.endLine) out.push(`… ${def.endLine - last} more lines: read_file ${def.path} start_line=${last + 1}`);
  }

  const defsByFile = new Map<number, DefinitionRow[]>();
  const defsIn = (fileId: number) => {
    let list = defsByFile.get(fileId);
    if (!list) defsByFile.set(fileId, (list = store.definitionsIn(fileId)));
    return list;
  };

  const callers: string[] = [];
  let callerCount = 0;
  for (const r of store.referencesNamed(def.name)) {
    for (const line of r.lines) {
      const caller = innermost(defsIn(r.fileId), line);
      if (caller && caller.id === def.id) continue; // recursion is not a caller
      callerCount++;
      if (callers.length < maxRelated) callers.push(`${r.path}:${line} ${caller ? caller.name : '(top level)'}`);
    }
  }
  out.push(...section('Callers', callers, callerCount));

  const callees: string[] = [];
  let calleeCount = 0;
  const seen = new Set<string>();
  for (const r of store.referencesIn(def.fileId)) {
    if (r.name === def.name || seen.has(r.name) || !r.lines.some((l) => l >= def.startLine && l <= def.endLine)) continue;
    seen.add(r.name);
    const target = lookup.definitions(r.name)[0];
    if (!target) continue; // a library's name: nothing in the workspace to point at
    calleeCount++;
    if (callees.length < maxRelated) callees.push(`${target.path}:${target.line} ${target.name}`);
  }
  out.push(...section('Calls', callees, calleeCount));

  if (defs.length > 1) out.push(`Also defined: ${defs.slice(1, 6).map((d) => `${d.path}:${d.line} (${d.kind})`).join(', ')}${defs.length > 6 ? ` and ${defs.length - 6} more` : ''}.`);
  return out.join('\n');
}
