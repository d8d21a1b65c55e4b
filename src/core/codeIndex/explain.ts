// explain_symbol: a definition's code (capped), who calls it and what it calls, as `path:line name`
// lines the model can act on — the three reads a small model would otherwise spend turns on.
// A reference is only a name on a line: which definition it means is resolved in ./resolve, and a
// line that only shares the name (`fs.open` for `CodeIndex.open`) is counted, not listed.
import { redactSecrets } from '../security';
import type { SymbolLookup } from './lookup';
import type { IndexFileSource } from './ports';
import { CallResolver } from './resolve';
import type { IndexStore } from './store';

export interface ExplainOptions {
  /** Lines of the definition's code shown (default 40). */
  maxLines?: number;
  /** Callers and callees listed, each (default 12). */
  maxRelated?: number;
}

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

/**
 * No callers is not "unused": a use the queries do not capture (a function passed on, stored, looked up
 * by name) is not in the index, and a small model reading "none" deletes or renames the function.
 */
const NO_CALLERS = 'Callers: no calls found in the index (uses as a value may be missed: search to be sure before removing or renaming it).';

/** `Callers (3, first 2):` / `Callers (at least 64, first 12):` then the lines, then what was left out. */
function section(title: string, lines: string[], total: number, atLeast: boolean, notes: string[], empty = `${title}: none found in the index.`): string[] {
  if (total === 0) return [empty, ...notes];
  const count = `${atLeast ? 'at least ' : ''}${total}`;
  return [`${title} (${count}${total > lines.length ? `, first ${lines.length}` : ''}):`, ...lines, ...notes];
}

export interface ExplainDeps {
  store: IndexStore;
  lookup: SymbolLookup;
  source: IndexFileSource;
  /**
   * Re-indexes files that changed since they were indexed; false when that cannot be done now (the index
   * is busy with an update it must not wait for). Absent: the change is only said.
   */
  reindex?: (paths: string[]) => Promise<boolean>;
}

export async function explainSymbol(query: string, deps: ExplainDeps, options: ExplainOptions = {}): Promise<string> {
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
  const resolver = new CallResolver(store, lookup, source);

  const read = await resolver.text(def.path);
  const changed = read !== undefined && resolver.changedSinceIndexed(def.path, read);
  // Edited since it was indexed (its file event not handled yet): indexed again, then explained from
  // scratch (the definition may have moved, been renamed or gone); else said, never shown mismatched.
  if (changed && await deps.reindex?.([def.path])) return explainSymbol(query, { store, lookup, source }, options);
  const text = changed ? undefined : read;
  if (changed) out.push(`(${def.path} changed since it was indexed: these lines may have moved. read_file ${def.path} to see it now.)`);
  else if (text === undefined) out.push('(The file could not be read now.)');
  else {
    const fileLines = text.split(/\r?\n/);
    const last = Math.min(def.endLine, def.startLine + maxLines - 1, fileLines.length);
    codeLines(fileLines.slice(def.startLine - 1, last)).forEach((line, i) => out.push(`${def.startLine + i}: ${line}`));
    if (last < def.endLine) out.push(`… ${def.endLine - last} more lines: read_file ${def.path} start_line=${last + 1}`);
  }

  const callers = await resolver.callers(def);
  // A caller's file edited since it was indexed (the agent's patch, another tool): the same, for its lines.
  if (callers.changed.length && await deps.reindex?.(callers.changed)) return explainSymbol(query, { store, lookup, source }, options);
  const callerNotes: string[] = [];
  if (callers.changed.length) callerNotes.push(callers.changed.length === 1
    ? `(${callers.changed[0]} uses the name too but changed since it was indexed: not checked, search finds its uses.)`
    : `(${callers.changed.length} files that use the name changed since they were indexed: not checked, search finds their uses.)`);
  if (callers.other) callerNotes.push(callers.other === 1
    ? `(1 other line uses the name ${def.name}, probably for another definition: not listed.)`
    : `(${callers.other} other lines use the name ${def.name}, probably for other definitions: not listed.)`);
  if (callers.unchecked) callerNotes.push(`(${callers.unchecked} more lines in other files use the name ${def.name}, not checked: search finds them.)`);
  out.push(...section('Callers', callers.listed.slice(0, maxRelated).map((c) => `${c.path}:${c.line} ${c.caller}`), callers.listed.length, callers.atLeast, callerNotes, NO_CALLERS));

  // what a changed body calls is not known until it is indexed again: nothing is better than stale lines
  if (!changed) {
    const calls = text === undefined ? [] : await resolver.callees(def, text);
    out.push(...section('Calls', calls.slice(0, maxRelated).map((c) => `${c.target.path}:${c.target.line} ${c.target.name}${c.guess ? `  (${c.guess})` : ''}`), calls.length, false, []));
  }

  if (defs.length > 1) out.push(`Also defined: ${defs.slice(1, 6).map((d) => `${d.path}:${d.line} (${d.kind})`).join(', ')}${defs.length > 6 ? ` and ${defs.length - 6} more` : ''}.`);
  return out.join('\n');
}
