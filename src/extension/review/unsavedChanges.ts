// Accepting an edit saves the whole document, so a file with unsaved changes would have the user's
// other changes saved with it. They are saved only when the user says so: Fix selection asks before
// it sends the task, the edit review before it shows an edit. Both say why in these words.
import * as vscode from 'vscode';
import type { EditDecision } from '../../core/ports';
import { errorMessage } from '../../core/errorMessage';
import { loadCore } from '../lazyCore';
import { saveAndVerify } from './applyToDocument';

/** "<rel> has unsaved changes. Accepting <what> saves the file, your other changes with it" (no full stop). */
export function savesOtherChanges(rel: string, what: string): string {
  return `${rel} has unsaved changes. Accepting ${what} saves the file, your other changes with it`;
}

/** The file's open document, when it has unsaved changes. */
export function unsavedDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.toString() === uri.toString());
}

const SAVE = 'Save and Review';
const REJECT = 'Reject the Edit';

/**
 * Before an edit of `rel` is shown over the user's unsaved changes: asks once, in a modal, whether to
 * save them first. Undefined: saved (or nothing unsaved), show the review. Otherwise what the proposer
 * is told: the user's rejection (Reject, or the dialog closed), a refusal (no answer in time, or the
 * save failed), or 'stopped' (the run was stopped while asked: its late answer is ignored, nothing saved).
 */
export async function saveBeforeReview(uri: vscode.Uri, rel: string, signal?: AbortSignal): Promise<EditDecision | 'stopped' | undefined> {
  const document = unsavedDocument(uri);
  if (!document) return undefined;
  const core = loadCore();
  const asked = await core.askBounded(() => vscode.window.showWarningMessage(`${savesOtherChanges(rel, 'SmallCode\'s edit to it')}.`, {
    modal: true,
    detail: `"${SAVE}" saves your changes now, then shows the edit. "${REJECT}" leaves the file and your unsaved changes as they are, and tells the model why.`,
  }, SAVE, REJECT), core.DEFAULT_APPROVAL_TIMEOUT_MS, signal);
  if (signal?.aborted) return 'stopped';
  const unsaved = `${rel} had unsaved changes, which accepting the edit would have saved too`;
  if ('no' in asked) return { kind: 'rejected', refused: true, reason: `${unsaved}, and the question whether to save them first got no answer (${asked.no})` };
  if (asked.answer !== SAVE) return { kind: 'rejected', reason: `${unsaved}, and the user chose not to save them now` };
  try {
    await saveAndVerify(document);
  } catch (error) {
    return { kind: 'rejected', refused: true, reason: `${rel} could not be saved before the review: ${errorMessage(error)}` };
  }
  return signal?.aborted ? 'stopped' : undefined;
}
