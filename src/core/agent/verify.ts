// Checks after edits: the host's diagnostics for the edited files (which include its check command's,
// the user's own `tsc --noEmit`, `cargo check`, `pytest -q`…, when one is configured), reduced to
// the few lines a small model can act on. Only what the run's edits brought fails them: problems the
// project had before the run's first edit (the baseline) are said once as not the model's to fix —
// otherwise an old error anywhere blocks the plan and sends the model into files the task never named.
import { summarizeDiagnostics, type VerificationSummary } from '../governor';
import { CHECK_VERDICT } from '../governor/verification';
import type { VerificationStatus } from '../plan';
import type { Diagnostic, Workspace } from '../ports';
import type { ToolCallRecord } from './events';
import { pathKey } from '../security';

/** Files named in the note about problems already there (the count says the rest). */
const OLD_FILES_NAMED = 3;

/** The same problem before and after an edit: edits move lines, so the line and column do not count. */
const problemKey = (d: Diagnostic) => JSON.stringify([d.path, d.severity, d.code ?? '', d.message]);
const isProblem = (d: Diagnostic) => d.severity === 'error' || d.severity === 'warning';

async function diagnosticsOf(workspace: Workspace, paths: readonly string[], signal?: AbortSignal, asTheyAre = false): Promise<Diagnostic[]> {
  return workspace.diagnostics([...new Set(paths)], signal, ...(asTheyAre ? [{ asTheyAre }] : [])).catch(() => []);
}

/** Where editor diagnostics are asked for before the first edit: the file it changes and the files the run read. */
export function baselinePaths(editArgs: Record<string, unknown>, calls: readonly ToolCallRecord[]): string[] {
  const read = calls.flatMap((c) => (c.name === 'read_file' && c.ok && typeof c.args.path === 'string' ? [c.args.path] : []));
  return [...(typeof editArgs.path === 'string' ? [editArgs.path] : []), ...read];
}

/** Old errors in the files just edited: still there, with where (the model may be meant to fix them). */
function stillThere(errors: readonly Diagnostic[]): string {
  if (errors.length === 0) return '';
  const where = namedUpTo(errors.map((d) => `${d.path}:${d.line} ${d.message.replace(/[.\s]+$/, '')}`), '; ');
  return `Still there from before your first edit: ${where}. Fix ${errors.length === 1 ? 'it' : 'them'} if the task is about ${errors.length === 1 ? 'it' : 'them'}; otherwise leave ${errors.length === 1 ? 'it' : 'them'}.`;
}


/** The first OLD_FILES_NAMED of `items`, and how many more. */
const namedUpTo = (items: readonly string[], separator: string) =>
  items.slice(0, OLD_FILES_NAMED).join(separator) + (items.length > OLD_FILES_NAMED ? `${separator}+${items.length - OLD_FILES_NAMED} more` : '');

/** What the checks reported before the run's first edit. */
export class DiagnosticsBaseline {
  private before: Diagnostic[] | undefined;
  /** The old problems were mentioned to the model (once is enough). */
  private told = false;

  get taken(): boolean { return this.before !== undefined; }

  /**
   * Before the run's first edit (later calls do nothing): the problems there are now, in `paths` (editor
   * diagnostics are per file: the file about to change and those the run read) and, from a check
   * command, anywhere. A check that cannot run leaves no baseline: every problem then counts as new.
   */
  async take(workspace: Workspace, paths: readonly string[], signal?: AbortSignal): Promise<void> {
    if (this.before) return;
    this.before = [];
    // nothing changed yet: no wait for the editor's checkers to catch up with an edit (up to 700 ms in VS Code)
    this.before = (await diagnosticsOf(workspace, paths, signal, true)).filter(isProblem);
  }

  /** `found` split into problems the edits brought and those that were there before (as many of each as before). */
  split(found: readonly Diagnostic[]): { fresh: Diagnostic[]; old: Diagnostic[] } {
    const left = new Map<string, number>();
    for (const d of this.before ?? []) left.set(problemKey(d), (left.get(problemKey(d)) ?? 0) + 1);
    const fresh: Diagnostic[] = [];
    const old: Diagnostic[] = [];
    for (const d of found.filter(isProblem)) {
      const n = left.get(problemKey(d)) ?? 0;
      if (n > 0) {
        left.set(problemKey(d), n - 1);
        old.push(d);
      } else fresh.push(d);
    }
    return { fresh, old };
  }

  /** The note about old errors, the first time there are any; '' after that. */
  noteOnce(old: readonly Diagnostic[]): string {
    const errors = old.filter((d) => d.severity === 'error');
    if (this.told || errors.length === 0) return '';
    this.told = true;
    const files = [...new Set(errors.map((d) => d.path || 'the check command'))];
    const named = namedUpTo(files, ', ');
    const count = `${errors.length} error${errors.length === 1 ? ' was' : 's were'}`;
    return `${count} already there before your first edit (${named}): not yours to fix, leave ${errors.length === 1 ? 'it' : 'them'}.`;
  }
}

export interface EditVerification {
  /** For the model and the user (the problems the edits brought; the old ones said once). */
  summary: VerificationSummary;
  /** For the plan: a step is done only when the checks after the latest edit passed. */
  status: VerificationStatus;
}

/** The checks after this turn's edits; with a baseline, only problems the run's edits brought fail them. */
export async function verifyEdits(workspace: Workspace, paths: readonly string[], baseline: DiagnosticsBaseline, signal?: AbortSignal): Promise<EditVerification> {
  const { fresh, old } = baseline.split(await diagnosticsOf(workspace, paths, signal));
  // An old error in a file just edited may be what the task is about ("fix the type error in cart.ts"):
  // it is said at every check while it is there, never as "leave it". Old errors elsewhere are said once
  // as not the model's. Neither fails the check: an unrelated old error must not block the plan.
  const edited = new Set(paths.map(pathKey));
  const stillHere = old.filter((d) => d.severity === 'error' && edited.has(pathKey(d.path)));
  const elsewhere = old.filter((d) => !edited.has(pathKey(d.path)));
  const qualifier = old.length > 0 ? 'new ' : '';
  const checked = summarizeDiagnostics(fresh, paths, qualifier);
  const note = [stillThere(stillHere), baseline.noteOnce(elsewhere)].filter(Boolean).join(' ');
  const summary = note ? { ...checked, text: checked.text ? `${checked.text}\n${note}` : `${CHECK_VERDICT}no new errors. ${note}` } : checked;
  const status: VerificationStatus = summary.passed ? { passed: true } : { passed: false, reason: `${summary.errors} ${qualifier}error${summary.errors === 1 ? '' : 's'} after the last edit` };
  return { summary, status };
}
