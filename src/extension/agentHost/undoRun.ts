// "Undo this run" in VS Code. Which files are restored, deleted or skipped is the core's
// undoCheckpoint (one owner of the check that a file is still what the run left); here its writes
// and deletes are collected into ONE WorkspaceEdit, so that the undo is one step in VS Code's undo
// history: one Ctrl+Z in any of the files (or the workbench's Undo) brings the run's changes back.
// VS Code applies a WorkspaceEdit's file operations and text edits as consecutive groups in the
// order given, all in one undo group, and undoes a group from its last element. The file
// operations go first and the text edits last, so that Ctrl+Z in a restored file starts with the
// text edits and goes on with the deletes/creates in the same step (test/e2e/runActions.test.mjs:
// one Ctrl+Z, no question asked, both with and without a deleted file). Files are read as the
// editor shows them (unsaved text included), so changes the user has not saved count as changes
// since the run. A file whose line endings are mixed (or hold a lone CR) is the exception: a document
// would make them uniform, so it is restored on disk byte for byte, as the run's own write was —
// only after the WorkspaceEdit was applied (a refused edit changes nothing), and over nothing but
// what the undo checked; Ctrl+Z does not bring it back, and the card says so (undoReport).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Checkpoint, CheckpointFiles, UndoResult } from '../../core/agent';
import type { WorkspaceError } from '../../core/ports';
import type { NodeWorkspace } from '../../node/nodeWorkspace';
import { errorMessage } from '../../core/errorMessage';
import { loadCore } from '../lazyCore';
import { fileInEditor, type FileInEditor } from '../fileInEditor';
import { localWorkspace } from '../localWorkspace';
import { saveAndVerify } from '../review/applyToDocument';
import { hasMixedLineEndings } from '../review/lineEndings';
import type { RunCheckpoints } from './runCheckpoints';
import { describeUndo, withDiskWrites, type DiskWrites } from './undoReport';
import { VsCodeWorkspace } from './vscodeWorkspace';

/** The undo's writes and deletes, collected instead of done, then built into one WorkspaceEdit. */
class UndoEdit implements CheckpointFiles {
  private readonly fileOps: ((edit: vscode.WorkspaceEdit) => void)[] = [];
  private readonly restored: vscode.TextDocument[] = [];
  private readonly textOps: { document: vscode.TextDocument; content: string }[] = [];
  /** Mixed line endings: written on disk after the WorkspaceEdit; `expected` is the file as the undo checked it. */
  private readonly diskWrites: { path: string; content: string; expected: string | null }[] = [];
  private readonly view: VsCodeWorkspace;

  constructor(private readonly files: NodeWorkspace) {
    this.view = new VsCodeWorkspace(files);
  }

  read = (path: string): Promise<string | null> => loadCore().readTextOrNull(this.view, path);

  /** The file as VS Code has it open (or would open it): see fileInEditor. */
  private async inEditor(path: string): Promise<FileInEditor> {
    return fileInEditor(this.files, await this.files.resolveForWrite(path));
  }

  async write(path: string, content: string): Promise<void> {
    const file = await this.inEditor(path);
    const { uri } = file;
    if (!file.document() && !fs.existsSync(uri.fsPath)) {
      this.fileOps.push((edit) => edit.createFile(uri, { contents: Buffer.from(content, 'utf8') }));
      return;
    }
    const now = await this.read(path);
    if (hasMixedLineEndings(content) || (now !== null && hasMixedLineEndings(now))) {
      if (file.document()?.isDirty) throw new Error(UNSAVED);
      this.diskWrites.push({ path, content, expected: now });
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    this.textOps.push({ document, content });
    this.restored.push(document);
  }

  async delete(path: string): Promise<void> {
    const file = await this.inEditor(path);
    const { uri } = file;
    // VS Code's undo of a delete brings back what is on disk: unsaved text would be lost for good.
    if (file.document()?.isDirty) throw new Error(UNSAVED);
    this.fileOps.push((edit) => edit.deleteFile(uri, { ignoreIfNotExists: true }));
  }

  /** Nothing for the WorkspaceEdit (there may still be files to write on disk). */
  get empty(): boolean {
    return this.fileOps.length === 0 && this.textOps.length === 0;
  }

  /** The paths to write on disk: not restored if the undo stops before writeOnDisk. */
  get onDisk(): string[] {
    return this.diskWrites.map((w) => w.path);
  }

  /**
   * The byte-for-byte restores, after the WorkspaceEdit was applied. Each is written only over the
   * file as the undo checked it: one changed (or left unsaved) since is left as it is, and said.
   */
  async writeOnDisk(): Promise<DiskWrites> {
    const done: DiskWrites = { written: [], failed: [] };
    for (const { path, content, expected } of this.diskWrites) {
      try {
        if ((await this.inEditor(path)).document()?.isDirty) throw new Error(UNSAVED);
        await this.files.writeFile(path, content, expected === null ? { createOnly: true } : { expected });
        done.written.push(path);
      } catch (error) {
        const changed = (error as Partial<WorkspaceError>).code === 'changed' || (error as Partial<WorkspaceError>).code === 'exists';
        done.failed.push({ path, reason: changed ? 'it changed while the undo was under way' : errorMessage(error).replace(/\.\s*$/, '') });
      }
    }
    return done;
  }

  /** File operations first, text edits last (see the top of this file); ranges as the documents are now. */
  build(): vscode.WorkspaceEdit {
    const edit = new vscode.WorkspaceEdit();
    for (const op of this.fileOps) op(edit);
    for (const { document, content } of this.textOps) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), content);
    }
    return edit;
  }

  /** The restored documents on disk, as the run's own edits were. */
  async save(): Promise<void> {
    for (const document of this.restored) await saveAndVerify(document);
  }
}

const UNSAVED = 'it has unsaved changes: save or revert them, then undo again';

/** Asks about files changed since the run: undefined = cancel, else the paths to restore anyway. */
async function confirmChanged(changed: string[]): Promise<string[] | undefined> {
  if (changed.length === 0) return [];
  const restore = 'Restore them too';
  const skip = 'Skip them';
  const answer = await vscode.window.showWarningMessage(
    `${changed.length === 1 ? '1 file has' : `${changed.length} files have`} changed since this run.`,
    {
      modal: true,
      detail: `${changed.join('\n')}\n\n"${skip}" undoes the run in the other files only. "${restore}" replaces your later changes too (Ctrl+Z in the editor brings them back).`,
    },
    skip, restore,
  );
  if (answer === undefined) return undefined;
  return answer === restore ? changed : [];
}

/** Cards whose undo is under way: a second click waits for nothing and does nothing. */
const undoing = new Set<string>();

/** Undoes the run whose card is `id`; the card says what happened. */
export async function undoRun(id: string, checkpoints: RunCheckpoints): Promise<void> {
  if (undoing.has(id)) return;
  undoing.add(id);
  try {
    await undoOnce(id, checkpoints);
  } finally {
    undoing.delete(id);
  }
}

async function undoOnce(id: string, checkpoints: RunCheckpoints): Promise<void> {
  const checkpoint: Checkpoint | undefined = checkpoints.get(id);
  if (!checkpoint) {
    checkpoints.update(id, { state: 'unavailable' });
    return;
  }
  const files = localWorkspace();
  if (!files) {
    void vscode.window.showWarningMessage('SmallCode: open the run\'s workspace folder to undo it.');
    return;
  }
  const core = loadCore();
  const edit = new UndoEdit(files);
  let result: UndoResult;
  try {
    // A file of the run that cannot be read (binary, too large…) refuses the whole undo, before any write.
    const force = await confirmChanged(await core.changedSince(checkpoint, edit));
    if (!force) return;
    result = await core.undoCheckpoint(checkpoint, edit, { force });
  } catch (error) {
    void vscode.window.showErrorMessage(`SmallCode could not undo the run: ${errorMessage(error)}`);
    return;
  }
  if (!edit.empty) {
    // The files to write on disk are not written when this fails: the messages can say so.
    const notWritten = edit.onDisk.length ? ` ${edit.onDisk.join(', ')} ${edit.onDisk.length === 1 ? 'was' : 'were'} not restored.` : '';
    let applied = false;
    try {
      applied = await vscode.workspace.applyEdit(edit.build());
      if (applied) await edit.save();
    } catch (error) {
      void vscode.window.showErrorMessage(`SmallCode could not undo the run: ${errorMessage(error).replace(/\.\s*$/, '')}.${notWritten}`);
      return;
    }
    if (!applied) {
      void vscode.window.showErrorMessage('SmallCode could not undo the run: VS Code refused the edit. Nothing was changed.');
      return;
    }
  }
  const disk = await edit.writeOnDisk();
  const note = describeUndo(withDiskWrites(result, disk), disk.written);
  checkpoints.update(id, { state: 'undone', note: note || 'Nothing to undo: every file was left as it is.' });
}
