// The one way the host asks the user a yes/no-ish question mid-run: a modal warning, bounded in time and
// by Stop. Code cannot close a modal, so after Stop or the time-out the dialog stays until the user
// answers, and that late answer is ignored.
import * as vscode from 'vscode';
import type { Asked } from '../node/approval';
import { loadCore } from './lazyCore';

/** The button chosen (undefined: the dialog was closed), or `{no: why}` (stopped, timed out). */
export function askInModal(title: string, detail: string, buttons: readonly string[], signal?: AbortSignal): Promise<Asked> {
  const core = loadCore();
  return core.askBounded(() => vscode.window.showWarningMessage(title, { modal: true, detail }, ...buttons), core.DEFAULT_APPROVAL_TIMEOUT_MS, signal);
}

/** The button chosen, or undefined for every kind of no answer. */
export async function chosenInModal(title: string, detail: string, buttons: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
  const asked = await askInModal(title, detail, buttons, signal);
  return 'answer' in asked && typeof asked.answer === 'string' ? asked.answer : undefined;
}
