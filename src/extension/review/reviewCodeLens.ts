// "Accept | Reject" above each pending hunk, and "Accept all | Reject all" at the top, both in the
// real file's editor and on the proposed side of the review diff. The lenses carry which edit and
// hunk they act on, so the commands never have to guess from the cursor.
import * as vscode from 'vscode';
import type { HunkTarget } from '../commands/editReviewCommands';
import type { PendingEdit } from './pendingEdit';

/** The pending edit shown in a document, the file text it is projected on, and which side this is. */
export type ReviewLookup = (uri: vscode.Uri) => { edit: PendingEdit; fileText: string; side: 'file' | 'proposed' } | undefined;

export class ReviewCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly lookup: ReviewLookup) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const found = this.lookup(document.uri);
    if (!found) return [];
    const { edit, fileText, side } = found;
    const lens = (line: number, title: string, command?: string, target?: HunkTarget, tooltip?: string) => {
      const at = new vscode.Range(Math.min(line, Math.max(document.lineCount - 1, 0)), 0, Math.min(line, Math.max(document.lineCount - 1, 0)), 0);
      return new vscode.CodeLens(at, { title, command: command ?? '', arguments: target ? [target] : [], tooltip });
    };
    const pending = edit.hunks.pendingIndexes().length;
    const lenses = [
      lens(0, `SmallCode proposes ${pending} change${pending === 1 ? '' : 's'} to ${edit.target.rel}`),
      lens(0, 'Accept all', 'smallcode.acceptAllEdits', { edit: edit.id }, 'Apply every pending change of this edit'),
      lens(0, 'Reject all', 'smallcode.rejectAllEdits', { edit: edit.id }, 'Discard every pending change of this edit'),
      // Under automatic edits this is the one review the user meets: say why it is asked.
      ...(edit.runsCommands ? [lens(0, `$(shield) Always asked: ${edit.runsCommands}`, undefined, undefined, 'Edits to files that decide what commands run always wait for your decision, even when edits are applied automatically')] : []),
    ];
    const projection = edit.hunks.project(fileText);
    for (const p of projection.placed) {
      const line = side === 'file' ? p.shape.firstChangeOld : p.shape.firstChangeNew;
      const target = { edit: edit.id, hunk: p.hunk.index };
      lenses.push(lens(line, 'Accept', 'smallcode.acceptEdit', target, `Apply change ${p.hunk.index + 1}`));
      lenses.push(lens(line, 'Reject', 'smallcode.rejectEdit', target, `Discard change ${p.hunk.index + 1}`));
      lenses.push(lens(line, 'Reject with feedback…', 'smallcode.rejectEditWithFeedback', target, `Discard change ${p.hunk.index + 1} and tell the model why`));
    }
    // A hunk whose text the user changed cannot be placed: it can only be rejected (accepting refuses).
    for (const u of projection.unplaced) {
      const line = Math.max(0, edit.hunks.expectedLine(u.hunk.index) - 1);
      const target = { edit: edit.id, hunk: u.hunk.index };
      lenses.push(lens(line, `Change ${u.hunk.index + 1} no longer fits: ${u.error}`));
      lenses.push(lens(line, 'Reject', 'smallcode.rejectEdit', target));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
