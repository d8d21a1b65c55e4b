// Accept / Reject commands for proposed edits. Proposed edits are held here until the user decides;
// the agent (a later issue) fills the queue, the diff and CodeLens review act on it.
import * as vscode from 'vscode';

export interface PendingEditQueue {
  count(): number;
  accept(all: boolean): Promise<number>;
  reject(all: boolean): Promise<number>;
}

/** The queue until the agent proposes edits: always empty. */
export const emptyEditQueue: PendingEditQueue = {
  count: () => 0,
  accept: async () => 0,
  reject: async () => 0,
};

export function registerEditReviewCommands(queue: () => PendingEditQueue): vscode.Disposable[] {
  const decide = (verb: 'accept' | 'reject', all: boolean) => async (): Promise<number> => {
    const pending = queue();
    if (pending.count() === 0) {
      void vscode.window.showInformationMessage('SmallCode: no edit is waiting for review.');
      return 0;
    }
    return verb === 'accept' ? pending.accept(all) : pending.reject(all);
  };
  void vscode.commands.executeCommand('setContext', 'smallcode.hasPendingEdits', false);
  return [
    vscode.commands.registerCommand('smallcode.acceptEdit', decide('accept', false)),
    vscode.commands.registerCommand('smallcode.rejectEdit', decide('reject', false)),
    vscode.commands.registerCommand('smallcode.acceptAllEdits', decide('accept', true)),
    vscode.commands.registerCommand('smallcode.rejectAllEdits', decide('reject', true)),
  ];
}
