// Accept / Reject commands for proposed edits, acting on the review's queue of pending hunks.
// The CodeLens above a hunk passes which edit and hunk it means; from the palette or a keybinding
// the commands act on the hunk at the cursor, else the first one pending. The review keeps the
// `smallcode.hasPendingEdits` context key (used by the keybindings) up to date.
import * as vscode from 'vscode';

/** Which proposal (and hunk) a command acts on; passed by the review's CodeLens. */
export interface HunkTarget {
  edit?: string;
  hunk?: number;
}

export interface PendingEditQueue {
  /** Pending hunks, over all proposals. */
  count(): number;
  accept(all: boolean, target?: HunkTarget): Promise<number>;
  reject(all: boolean, target?: HunkTarget, feedback?: string): Promise<number>;
}

const FEEDBACK_PROMPT = 'Why reject this change? SmallCode passes your answer on to the model.';

const isTarget = (value: unknown): value is HunkTarget =>
  typeof value === 'object' && value !== null && ('edit' in value || 'hunk' in value);

export function registerEditReviewCommands(pending: PendingEditQueue): vscode.Disposable[] {
  const decide = (verb: 'accept' | 'reject', all: boolean) => async (target?: unknown): Promise<number> => {
    if (pending.count() === 0) {
      void vscode.window.showInformationMessage('SmallCode: no edit is waiting for review.');
      return 0;
    }
    // Keybindings and menus may pass other arguments (a URI): only a HunkTarget narrows the choice.
    const narrowed = isTarget(target) ? target : undefined;
    return verb === 'accept' ? pending.accept(all, narrowed) : pending.reject(all, narrowed);
  };
  /**
   * Rejects the hunk (the lens's, else the one at the cursor) with a sentence for the model. The
   * sentence may be passed as the second argument (a keybinding, another extension); otherwise the
   * user is asked, and Escape rejects nothing.
   */
  const rejectWithFeedback = async (target?: unknown, given?: unknown): Promise<number> => {
    if (pending.count() === 0) {
      void vscode.window.showInformationMessage('SmallCode: no edit is waiting for review.');
      return 0;
    }
    const feedback = typeof given === 'string' ? given : await vscode.window.showInputBox({
      title: 'SmallCode: Reject with feedback', prompt: FEEDBACK_PROMPT, placeHolder: 'e.g. keep the old name; handle the empty list first',
      ignoreFocusOut: true,
    });
    if (feedback === undefined) return 0;
    return pending.reject(false, isTarget(target) ? target : undefined, feedback);
  };
  void vscode.commands.executeCommand('setContext', 'smallcode.hasPendingEdits', false);
  return [
    vscode.commands.registerCommand('smallcode.rejectEditWithFeedback', rejectWithFeedback),
    vscode.commands.registerCommand('smallcode.acceptEdit', decide('accept', false)),
    vscode.commands.registerCommand('smallcode.rejectEdit', decide('reject', false)),
    vscode.commands.registerCommand('smallcode.acceptAllEdits', decide('accept', true)),
    vscode.commands.registerCommand('smallcode.rejectAllEdits', decide('reject', true)),
  ];
}
