// Accepting an edit saves the whole document, so a file with unsaved changes would have the user's
// other changes saved with it. They are saved only when the user says so: Fix selection asks before
// it sends the task, the edit review before it shows an edit and again at Accept when the user typed
// in the file while the review was open. All say why in these words.
import * as vscode from 'vscode';
import type { EditDecision } from '../../core/ports';
import { errorMessage } from '../../core/errorMessage';
import { askInModal } from '../askInModal';
import { saveAndVerify } from './applyToDocument';

/** "<rel> has unsaved changes. Accepting <what> saves the file, your other changes with it" (no full stop). */
export function savesOtherChanges(rel: string, what: string): string {
  return `${rel} has unsaved changes. Accepting ${what} saves the file, your other changes with it`;
}

/** The file's open document, when it has unsaved changes. */
export function unsavedDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.toString() === uri.toString());
}

/** Asks, in a modal bounded in time and by Stop, whether accepting `what` may save `rel`'s unsaved changes. */
function askToSave(rel: string, what: string, yes: string, no: string, detail: string, signal?: AbortSignal) {
  return askInModal(`${savesOtherChanges(rel, what)}.`, detail, [yes, no], signal);
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
  const asked = await askToSave(rel, 'SmallCode\'s edit to it', SAVE, REJECT,
    `"${SAVE}" saves your changes now, then shows the edit. "${REJECT}" leaves the file and your unsaved changes as they are, and tells the model why.`, signal);
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

const SAVE_AND_ACCEPT = 'Save and Accept';
const KEEP = 'Don\'t Accept';

/**
 * At Accept, when the document has unsaved changes besides the hunks being applied (typed while the
 * review was open): asks once whether applying them may save those changes too. True: yes. False:
 * nothing may be applied or saved, the hunks stay pending and the model is told nothing yet (the user
 * said no or closed the dialog; no answer in time, said in a warning; or the run was stopped while asked).
 */
export async function saveWithAccept(rel: string, signal?: AbortSignal): Promise<boolean> {
  const asked = await askToSave(rel, 'the edit', SAVE_AND_ACCEPT, KEEP,
    `"${SAVE_AND_ACCEPT}" applies what you accepted and saves the file, your changes with it. "${KEEP}" changes nothing: your changes stay unsaved, the edit stays in review.`, signal);
  if (signal?.aborted) return false;
  if ('no' in asked) void vscode.window.showWarningMessage(`SmallCode did not accept the edit to ${rel}: the question whether to save your unsaved changes with it got no answer (${asked.no}). The edit is still in review.`);
  return 'answer' in asked && asked.answer === SAVE_AND_ACCEPT;
}
