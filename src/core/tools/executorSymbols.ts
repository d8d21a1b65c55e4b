// find_symbol and explain_symbol: the code index answers where something is defined, what it looks
// like and who uses it, in a few lines instead of a search and two reads.
import { redactSecrets } from '../security';
import { waitForIndex } from '../codeIndex/indexWait';
import type { ExecutorContext, ToolOutcome } from './executorTypes';
import type { CodeIntel } from '../codeIndex/codeIntel';

const NO_INDEX = 'The code index is not available here; use search and find_files instead.';
/** Hits looked at beyond those shown, to say how many more definitions have the very name. */
const COUNTED_HITS = 50;

/** The note under a cut list: how many more definitions of this name there are, and how to narrow them. */
function moreNote(name: string, rest: { name: string }[], capped: boolean): string {
  const bare = name.split(/\.|::|#/).pop()!.toLowerCase();
  const same = rest.filter((h) => h.name.toLowerCase() === bare).length;
  if (same === 0) return `(More partial matches not shown: give more of the name.)`;
  const n = `${same}${capped ? '+' : ''}`;
  return bare === name.toLowerCase()
    ? `(${n} more definitions named ${bare} not shown: name the class, e.g. Class.${bare}.)`
    : `(${n} more definitions named ${bare} not shown.)`;
}

/** Where a result cites `path:line` (explain_symbol's definition, callers, calls): candidates for `unsavedNote`. */
function citedPaths(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s(,])([^\s:(),]+):\d/gm)].map((m) => m[1]!);
}

/**
 * The index reads files from disk; read_file and patch see an editor's unsaved text. A result citing a
 * file with unsaved changes says so, or the model reads or patches at lines that hold other code there.
 */
async function unsavedNote(ctx: ExecutorContext, paths: readonly string[]): Promise<string> {
  const unsaved = (await ctx.workspace.unsavedAmong?.(paths).catch(() => [])) ?? [];
  return unsaved.map((p) => `\n(${p} has unsaved changes in the editor: lines may differ; read_file it.)`).join('');
}

/**
 * What a lookup that found nothing adds when the index has not read every file: otherwise the model takes
 * "No definition" for "not defined anywhere". Unknown (no answer in time) counts as complete.
 */
async function partialNote(ctx: ExecutorContext, intel: CodeIntel): Promise<string> {
  if (!intel.partial) return '';
  const partial = await askIndex(ctx, (signal) => intel.partial!(signal)).catch(() => false);
  return partial ? '\n(The code index covers only part of the workspace (more source files than its limit, or its build has not finished): use search with a regex, as the definition may be in a file it has not read.)' : '';
}

/** The index's answer within the tool's bound; Stop ends the wait (the executor reports the cancel). */
function askIndex<T>(ctx: ExecutorContext, ask: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
  return waitForIndex(ask, { timeoutMs: ctx.limits.indexWaitMs, signal: ctx.signal });
}

export async function executeFindSymbol(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const intel = ctx.codeIntel;
  if (!intel) return { ok: false, content: NO_INDEX };
  const name = String(args.name).trim();
  const shown = ctx.limits.symbolResults;
  const hits = await askIndex(ctx, (signal) => intel.findSymbol(name, { limit: Math.max(shown, COUNTED_HITS) }, signal));
  if (hits.length === 0) return { ok: false, content: `No definition matches "${name}". Try search with a regex.${await partialNote(ctx, intel)}` };
  // The signature line names the kind and the symbol already; the scope is added only for members.
  const lines = hits.slice(0, shown).map((h) => `${h.path}:${h.line} ${redactSecrets(h.signature)}${h.scope ? `  (in ${h.scope})` : ''}`);
  if (hits.length > shown) lines.push(moreNote(name, hits.slice(shown), hits.length >= COUNTED_HITS));
  return { ok: true, content: lines.join('\n') + await unsavedNote(ctx, hits.slice(0, shown).map((h) => h.path)) };
}

export async function executeExplainSymbol(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const intel = ctx.codeIntel;
  if (!intel) return { ok: false, content: NO_INDEX };
  const text = await askIndex(ctx, (signal) => intel.explainSymbol(String(args.name).trim(), {}, signal));
  const found = !text.startsWith('No definition');
  return { ok: found, content: text + await unsavedNote(ctx, citedPaths(text)) + (found ? '' : await partialNote(ctx, intel)) };
}
