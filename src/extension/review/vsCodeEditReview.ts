// The EditReview port in VS Code. A proposal opens VS Code's diff of the file against a virtual
// document holding the proposed content, and shows inline decorations and CodeLens in the file's
// editor. Nothing is written until a hunk is accepted; then the review itself applies it through a
// WorkspaceEdit (one undo step) and saves — so the user's unsaved changes are saved with it only if
// they say so, asked before the review opens and again at Accept if they typed in the file meanwhile
// (unsavedChanges.ts). When every hunk is decided the proposer gets the truth:
// 'accepted' (the file now equals the proposal), 'partial' (the file's content now, already on
// disk) or 'rejected' (with which hunks and why, or what went wrong). Which hunks are where, and what
// the proposer is told, is the core's HunkReview; this class shows them and writes what is accepted.
// (`smallcode.approval.edits` = 'auto' is the core's decision: it then never asks the review.)
import * as vscode from 'vscode';
import type { PendingEditsView } from '../../shared/chatProtocol';
import type { EditDecision, EditReview, ProposedEdit } from '../../core/ports';
import type { HunkTarget, PendingEditQueue } from '../commands/editReviewCommands';
import { errorMessage } from '../../core/errorMessage';
import { KeyedTurns } from '../../core/keyedTurns';
import { createWithContent, fileExists, replaceInDocument, saveAndVerify, textDocumentOpenUnsaved, textNow } from './applyToDocument';
import { nonUtf8Encoding, nonUtf8EncodingMessage } from './documentEncoding';
import { hasMixedLineEndings, mixedLineEndingsMessage } from './lineEndings';
import { PendingEdit } from './pendingEdit';
import { PROPOSED_SCHEME, ProposedDocuments } from './proposedDocuments';
import { ReviewCodeLens } from './reviewCodeLens';
import { ReviewDecorations } from './reviewDecorations';
import { resolveReviewTarget, type ReviewTarget } from './reviewPath';
import { saveBeforeReview, saveWithAccept } from './unsavedChanges';

/** How a proposal the review refuses before showing it starts its reason. */
export const REFUSED = 'refused: ';
const CANCELLED: EditDecision = { kind: 'rejected', reason: 'cancelled' };

/**
 * A proposal's turn, or 'cancelled' when the signal aborts while it still waits behind another
 * review of the same file (a code block's Apply the user has not decided): Stop must not wait for
 * the user. Once its review has started, the review itself answers the abort (with what was accepted).
 */
function cancelWhileQueued(turn: Promise<EditDecision>, signal: AbortSignal, started: () => boolean): Promise<EditDecision> {
  return new Promise((resolve, reject) => {
    const onAbort = () => { if (!started()) resolve(CANCELLED); };
    signal.addEventListener('abort', onAbort, { once: true });
    turn.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort(); // while the path was being resolved
  });
}

export class VsCodeEditReview implements EditReview, PendingEditQueue, vscode.Disposable {
  private readonly edits: PendingEdit[] = [];
  private readonly documents = new ProposedDocuments();
  private readonly decorations = new ReviewDecorations();
  private readonly lenses = new ReviewCodeLens((uri) => this.lookup(uri));
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever an edit is proposed, decided or settled. */
  readonly onDidChange = this.changed.event;
  /** Decisions run one at a time: each reads the document, then edits it. */
  private decisions: Promise<unknown> = Promise.resolve();
  /** Proposals for the same file wait for the one before to settle. */
  private readonly fileTurns = new KeyedTurns();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this.documents),
      vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: PROPOSED_SCHEME }], this.lenses),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.edits.some((p) => p.target.uri.toString() === e.document.uri.toString())) this.refresh();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderDecorations()),
      vscode.window.tabGroups.onDidChangeTabs(() => this.renderDecorations()),
      this.documents, this.decorations, this.lenses, this.changed,
    ];
  }

  async propose(edit: ProposedEdit, signal?: AbortSignal): Promise<EditDecision> {
    if (signal?.aborted) return CANCELLED;
    let target;
    try {
      target = await resolveReviewTarget(edit.path);
    } catch (error) {
      return { kind: 'rejected', refused: true, reason: `${REFUSED}${errorMessage(error)}` };
    }
    if (edit.original !== null && hasMixedLineEndings(edit.original)) return { kind: 'rejected', refused: true, reason: `${REFUSED}${mixedLineEndingsMessage(target.rel, edit.original)}` };
    // a new file is created byte for byte, but its document would make the line endings uniform: the save check never agrees
    if (edit.original === null && hasMixedLineEndings(edit.proposed)) {
      return { kind: 'rejected', refused: true, reason: `${REFUSED}the content for the new file ${target.rel} mixes line endings (or has a carriage return that ends no line). Nothing was created: write it with \n line endings only` };
    }
    // The review saves through the document: in another encoding the model's text would not reach the disk as written.
    const encoding = nonUtf8Encoding(target.uri);
    if (encoding) return { kind: 'rejected', refused: true, reason: `${REFUSED}${nonUtf8EncodingMessage(target.rel, encoding)}` };
    let started = false;
    const turn = this.fileTurns.run(target.rel, () => {
      started = true;
      return this.review(target, edit, signal);
    });
    return signal ? cancelWhileQueued(turn, signal, () => started) : turn;
  }

  private async review(target: ReviewTarget, edit: ProposedEdit, signal?: AbortSignal): Promise<EditDecision> {
    if (signal?.aborted) return CANCELLED;
    if (edit.hunks.length === 0) return { kind: 'accepted' }; // nothing differs (or an empty new file, which the writer creates)
    // Accepting saves the file: the user's own unsaved changes are saved only if they say so, before the review.
    const unsaved = edit.original === null ? undefined : await saveBeforeReview(target.uri, target.rel, signal);
    if (unsaved) return unsaved === 'stopped' ? CANCELLED : unsaved;
    return new Promise<EditDecision>((resolve) => {
      const onAbort = () => this.stop(pending);
      const pending: PendingEdit = new PendingEdit(target, edit, (decision) => {
        signal?.removeEventListener('abort', onAbort);
        this.remove(pending);
        resolve(decision);
      }, signal);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.edits.push(pending);
      this.show(pending).catch((error: unknown) => this.endEarly(pending, `the review could not be shown: ${errorMessage(error)}`));
    });
  }

  // ── the queue the Accept/Reject commands act on ────────────────────────────────────────────

  count(): number {
    return this.edits.reduce((n, p) => n + p.hunks.pendingIndexes().length, 0);
  }

  /** What the chat shows while edits wait: how many hunks, in which files. */
  summary(): PendingEditsView {
    return { count: this.count(), files: [...new Set(this.edits.filter((e) => !e.hunks.isSettled()).map((e) => e.target.rel))] };
  }

  /** Brings the first waiting proposal's diff and file back into view (the chat's link). */
  async showFirst(): Promise<boolean> {
    const first = this.edits.find((e) => !e.hunks.isSettled());
    if (first) await this.show(first);
    return first !== undefined;
  }

  accept(all: boolean, target?: HunkTarget): Promise<number> {
    return this.decideTargets(all, target, 'accept');
  }

  /** `feedback`: the user's reason, passed on to the model with the rejection. */
  reject(all: boolean, target?: HunkTarget, feedback?: string): Promise<number> {
    return this.decideTargets(all, target, 'reject', feedback);
  }

  private async decideTargets(all: boolean, target: HunkTarget | undefined, verb: 'accept' | 'reject', feedback?: string): Promise<number> {
    let n = 0;
    for (const { edit, indexes } of this.pick(all, target, verb)) n += await this.decide(edit, indexes, verb, feedback);
    return n;
  }

  /**
   * Which hunks a command means: the lens's target, else the hunk at the cursor, else the only hunk
   * still pending in the file in front of the user. Otherwise a single-hunk command does nothing and
   * says so: guessing among hunks (perhaps in another file) would write one the user did not point at.
   */
  private pick(all: boolean, target?: HunkTarget, verb = 'accept'): { edit: PendingEdit; indexes: number[] }[] {
    if (target?.edit !== undefined) {
      const edit = this.edits.find((p) => p.id === target.edit);
      if (!edit) return [];
      if (all) return [{ edit, indexes: edit.hunks.pendingIndexes() }];
      if (target.hunk !== undefined) return [{ edit, indexes: edit.hunks.stillPending([target.hunk]) }];
      return this.atCursor(edit, verb);
    }
    if (all) return this.edits.map((edit) => ({ edit, indexes: edit.hunks.pendingIndexes() }));
    const active = vscode.window.activeTextEditor;
    const edit = active && this.lookup(active.document.uri)?.edit;
    if (!edit) {
      if (this.edits.length) void vscode.window.showInformationMessage(`SmallCode: put the cursor in a hunk of a file under review to ${verb} it, or use ${verb === 'accept' ? 'Accept' : 'Reject'} all.`);
      return [];
    }
    return this.atCursor(edit, verb);
  }

  /** The hunk at the cursor; with the cursor in none, the file's one pending hunk (no other it could mean). */
  private atCursor(edit: PendingEdit, verb: string): { edit: PendingEdit; indexes: number[] }[] {
    const pending = edit.hunks.pendingIndexes();
    const index = this.hunkAtCursor(edit) ?? (pending.length === 1 ? pending[0] : undefined);
    if (index !== undefined) return [{ edit, indexes: [index] }];
    void vscode.window.showInformationMessage(`SmallCode: put the cursor in a hunk of ${edit.target.rel} to ${verb} it, or use ${verb === 'accept' ? 'Accept' : 'Reject'} all.`);
    return [];
  }

  private hunkAtCursor(edit: PendingEdit): number | undefined {
    const editor = vscode.window.activeTextEditor;
    const found = editor && this.lookup(editor.document.uri);
    if (!editor || found?.edit !== edit) return undefined;
    const cursor = editor.selection.active.line;
    for (const p of edit.hunks.project(found.fileText).placed) {
      const start = found.side === 'file' ? p.line - 1 : p.projectedLine - 1;
      const length = found.side === 'file' ? p.hunk.oldLines : p.hunk.newLines;
      if (cursor >= start && cursor < start + Math.max(length, 1)) return p.hunk.index;
    }
    return undefined;
  }

  // ── deciding ──────────────────────────────────────────────────────────────────────────────

  /**
   * Decides hunks, one decision at a time. Whatever goes wrong (VS Code refusing an edit, a save that
   * never lands) settles the proposal with the reason and the hunks already applied (rejected when
   * there are none): the agent waiting on propose() always gets an answer, and it is the truth.
   */
  private decide(edit: PendingEdit, indexes: number[], verb: 'accept' | 'reject', feedback?: string): Promise<number> {
    const run = async (): Promise<number> => {
      const todo = edit.hunks.stillPending(indexes);
      if (todo.length === 0) return 0;
      try {
        if (verb === 'reject') edit.hunks.reject(todo, feedback);
        else if (await this.applyAccepted(edit, todo) === 'kept') return 0;
        await this.afterDecision(edit);
      } catch (error) {
        void vscode.window.showErrorMessage(`SmallCode could not apply the edit to ${edit.target.rel}: ${errorMessage(error)}`);
        this.endEarly(edit, `the edit could not be applied: ${errorMessage(error)}`);
      }
      return todo.length;
    };
    const next = this.decisions.then(run, run);
    this.decisions = next.catch(() => undefined);
    return next;
  }

  /**
   * Applies and saves accepted hunks; 'kept' when the user would not have their unsaved changes saved
   * with them: nothing is applied or saved, and the hunks stay pending.
   */
  private async applyAccepted(edit: PendingEdit, todo: number[]): Promise<'decided' | 'kept'> {
    const refuse = (indexes: number[], why: string) => {
      edit.hunks.refuse(indexes, why);
      void vscode.window.showWarningMessage(`SmallCode did not apply ${edit.hunks.labels(indexes)} to ${edit.target.rel}: ${why}.`);
      return 'decided' as const;
    };
    if (edit.isNewFile && !fileExists(edit.target.uri)) {
      // A new file has a single hunk holding all of it. An editor may still hold unsaved text for a
      // deleted file of that name: saving the created file would write that text over the proposal.
      if (textDocumentOpenUnsaved(edit.target.uri)) return refuse(todo, 'an editor holds unsaved text for a file of that name: save or close it first');
      if (!(await createWithContent(edit.target.uri, edit.proposed))) return refuse(todo, 'VS Code could not create the file');
      edit.hunks.accepted(todo.map((index) => ({ index, line: 1 })));
      const created = await vscode.workspace.openTextDocument(edit.target.uri);
      // What the accept made, so that a save that changes it is told apart from a change meanwhile (finish).
      edit.appliedText = created.getText();
      await saveAndVerify(created);
      return 'decided';
    }
    // Its document may still be open, orphaned: editing and saving it would bring the whole file back.
    if (!edit.isNewFile && !fileExists(edit.target.uri)) {
      void vscode.window.showWarningMessage(`SmallCode did not apply the edit to ${edit.target.rel}: the file was deleted while the edit waited.`);
      this.endEarly(edit, `${edit.target.rel} was deleted while the edit waited for review`);
      return 'decided';
    }
    const document = await vscode.workspace.openTextDocument(edit.target.uri);
    // Unsaved before anything is applied: the user's typing (accepts are saved at once). The save would
    // take it along, so only with their say-so; asked once per decision, so Accept all asks once per file.
    if (document.isDirty && !(await saveWithAccept(edit.target.rel, edit.signal))) return 'kept';
    // Place and edit with no await in between, so the text read is the text edited.
    const { placed, refused } = edit.hunks.place(document.getText(), todo);
    for (const r of refused) void vscode.window.showWarningMessage(`SmallCode did not apply ${edit.hunks.labels([r.index])} to ${edit.target.rel}: ${r.error}.`);
    if (placed.length === 0) return 'decided';
    if (!(await replaceInDocument(document, placed.map((p) => p.replacement)))) {
      return refuse(placed.map((p) => p.index), 'the document changed while the edit was being applied');
    }
    edit.hunks.accepted(placed);
    edit.appliedText = document.getText();
    await saveAndVerify(document);
    return 'decided';
  }

  private async afterDecision(edit: PendingEdit): Promise<void> {
    if (!edit.hunks.isSettled()) {
      this.refresh();
      return;
    }
    const exists = fileExists(edit.target.uri);
    const finalText = exists ? (await vscode.workspace.openTextDocument(edit.target.uri)).getText() : null;
    edit.finish(finalText);
  }

  /** The run stopped while `edit` waited: after a decision being applied, it ends with what was accepted. */
  private stop(edit: PendingEdit): void {
    const run = async (): Promise<void> => this.endEarly(edit);
    const next = this.decisions.then(run, run);
    this.decisions = next.catch(() => undefined);
  }

  /**
   * Settles a proposal that is still open before every hunk was decided (`failure`: why; none: the
   * run stopped). Hunks accepted so far are in the file already: the proposer is told they were
   * written, with the file as it is now; when there are none, nothing was.
   */
  private endEarly(edit: PendingEdit, failure?: string): void {
    if (!this.edits.includes(edit)) return;
    // A file deleted since has nothing of the edit left (its orphaned document is not the file).
    const accepted = edit.hunks.states.includes('accepted') && fileExists(edit.target.uri);
    try {
      edit.ended(accepted ? textNow(edit.target.uri) : null, failure);
    } catch (error) {
      // Its bookkeeping is broken (a malformed proposal from another extension): it still gets an answer.
      edit.abandon(failure ?? `cancelled (${errorMessage(error)})`);
    }
  }

  /** Drops a settled or cancelled edit with its diff, decorations and lenses. */
  private remove(edit: PendingEdit): void {
    const at = this.edits.indexOf(edit);
    if (at >= 0) this.edits.splice(at, 1);
    void this.closeDiff(edit).finally(() => {
      this.documents.delete(edit.proposedUri);
      if (edit.isNewFile) this.documents.delete(edit.originalUri);
    });
    this.refresh();
  }

  // ── showing ───────────────────────────────────────────────────────────────────────────────

  /**
   * The file (its proposal, for a new file) in an editor, where the CodeLens and decorations are,
   * and the diff beside it: VS Code shows no CodeLens in diff editors (`diffEditor.codeLens`).
   */
  private async show(edit: PendingEdit): Promise<void> {
    this.documents.set(edit.proposedUri, edit.hunks.project(this.fileText(edit)).text);
    if (edit.isNewFile) this.documents.set(edit.originalUri, '');
    this.refresh();
    const name = edit.target.rel.split('/').pop();
    const title = `${edit.isNewFile ? `${name} (new file proposed by SmallCode)` : `${name} ↔ SmallCode's proposal`}${edit.runsCommands ? ' · runs commands, always asked' : ''}`;
    await vscode.window.showTextDocument(edit.isNewFile ? edit.proposedUri : edit.target.uri, { preview: false });
    await vscode.commands.executeCommand('vscode.diff', edit.originalUri, edit.proposedUri, title, { preview: false, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
    this.renderDecorations();
  }

  /** The review's diff, and for a new file the editor on its proposal. */
  private async closeDiff(edit: PendingEdit): Promise<void> {
    const proposed = edit.proposedUri.toString();
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) =>
      (t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposed)
      || (t.input instanceof vscode.TabInputText && t.input.uri.toString() === proposed));
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  }

  /** The file as the editor holds it now (an open document may be unsaved). */
  private fileText(edit: PendingEdit): string {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === edit.target.uri.toString());
    return open ? open.getText() : edit.original ?? '';
  }

  private lookup(uri: vscode.Uri): { edit: PendingEdit; fileText: string; side: 'file' | 'proposed' } | undefined {
    const key = uri.toString();
    for (const edit of this.edits) {
      if (edit.proposedUri.toString() === key) return { edit, fileText: this.fileText(edit), side: 'proposed' };
      if (uri.scheme === 'file' && edit.target.uri.toString() === key) return { edit, fileText: this.fileText(edit), side: 'file' };
    }
    return undefined;
  }

  private refresh(): void {
    for (const edit of this.edits) this.documents.set(edit.proposedUri, edit.hunks.project(this.fileText(edit)).text);
    this.lenses.refresh();
    this.renderDecorations();
    void vscode.commands.executeCommand('setContext', 'smallcode.hasPendingEdits', this.edits.length > 0);
    // The editors (the diff's proposed side and the file) whose title bar offers Accept / Reject. A
    // `when` clause can test a path (not a URI) for membership: both spellings of each path are listed.
    const uris = this.edits.flatMap((e) => [e.proposedUri, ...(e.isNewFile ? [] : [e.target.uri])]);
    void vscode.commands.executeCommand('setContext', 'smallcode.reviewedPaths', [...new Set(uris.flatMap((u) => [u.path, u.fsPath]))]);
    this.changed.fire();
  }

  private renderDecorations(): void {
    // The diff already colours the file's side it shows; decorate only plain editors of the file.
    const diffColumns = new Set(vscode.window.tabGroups.all
      .filter((g) => g.activeTab?.input instanceof vscode.TabInputTextDiff && g.activeTab.input.modified.scheme === PROPOSED_SCHEME)
      .map((g) => g.viewColumn));
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme !== 'file') continue;
      const found = this.lookup(editor.document.uri);
      if (found && !(editor.viewColumn !== undefined && diffColumns.has(editor.viewColumn))) this.decorations.render(editor, found.edit.hunks.project(found.fileText).placed);
      else this.decorations.clear(editor);
    }
  }

  dispose(): void {
    for (const edit of [...this.edits]) this.endEarly(edit);
    for (const d of this.disposables) d.dispose();
  }
}
