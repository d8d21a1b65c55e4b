// Checks after edits: the host's diagnostics for the edited files (which include its check command's,
// the user's own `tsc --noEmit`, `cargo check`, `pytest -q`…, when one is configured), reduced to
// the few lines a small model can act on.
import { summarizeDiagnostics, type VerificationSummary } from '../governor';
import type { Workspace } from '../ports';

export async function verifyEdits(workspace: Workspace, paths: readonly string[], signal?: AbortSignal): Promise<VerificationSummary> {
  const found = await workspace.diagnostics([...paths], signal).catch(() => []);
  return summarizeDiagnostics(found, paths);
}
