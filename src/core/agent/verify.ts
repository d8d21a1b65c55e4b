// Checks after edits: the host's diagnostics for the edited files plus an optional check command
// (the user's own `tsc --noEmit`, `cargo check`, `pytest -q`…), reduced to the few lines a small
// model can act on.
import { diagnosticsFromCheckOutput, summarizeDiagnostics, type VerificationSummary } from '../governor';
import type { Diagnostic, Workspace } from '../ports';

export interface VerifyOptions {
  checkCommand?: string;
  checkTimeoutMs?: number;
  signal?: AbortSignal;
}

export async function verifyEdits(workspace: Workspace, paths: readonly string[], opts: VerifyOptions = {}): Promise<VerificationSummary> {
  const found: Diagnostic[] = await workspace.diagnostics([...paths], opts.signal).catch(() => []);
  if (opts.checkCommand && !opts.signal?.aborted) {
    const r = await workspace.runCommand(opts.checkCommand, { timeoutMs: opts.checkTimeoutMs ?? 120_000, signal: opts.signal });
    if (!r.aborted) found.push(...diagnosticsFromCheckOutput(r.output, r.exitCode, opts.checkCommand));
  }
  return summarizeDiagnostics(found, paths);
}
