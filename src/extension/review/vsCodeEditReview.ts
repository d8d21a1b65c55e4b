// The EditReview port in VS Code. A proposal opens VS Code's diff of the file against a virtual
// document holding the proposed content, and shows inline decorations and CodeLens in the file's
// editor. Nothing is written until a hunk is accepted; then the review itself applies it through a
// WorkspaceEdit (one undo step) and saves. When every hunk is decided the proposer gets the truth:
// 'accepted' (the file now equals the proposal), 'partial' (the file's content now, already on
// disk) or 'rejected' (with which hunks and why). With `smallcode.approval.edits` = 'auto' the
// whole edit is applied at once through the same path.
import * as vscode from 'vscode';
import type { PendingEditsView } from '../../shared/chatProtocol';
import type { EditDecision, EditReview, ProposedEdit } from '../../core/ports';
import type { HunkTarget, PendingEditQueue } from '../commands/editReviewCommands';
import { readSettings, type EditApproval } from '../settings';
import { createWithContent, fileExists, replaceInDocument, saveAndVerify, type Replacement } from './applyToDocument';
import { hunkLabel, locateHunk } from './hunkLocation';
import { PendingEdit } from './pendingEdit';
import { PROPOSED_SCHEME, ProposedDocuments } from './proposedDocuments';
import { ReviewCodeLens } from './reviewCodeLens';
import { ReviewDecorations } from './reviewDecorations';
import { resolveReviewTarget, type ReviewTarget } from './reviewPath';

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
  private readonly fileQueues = new Map<string, Promise<unknown>>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly approval: () => EditApproval = () => readSettings().editApproval) {
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
    if (signal?.aborted) return { kind: 'rejected', reason: 'cancelled' };
    let target;
    try {
      target = await resolveReviewTarget(edit.path);
    } catch (error) {
      return { kind: 'rejected', reason: `refused: ${(error as Error).message}` };
    }
    const before = this.fileQueues.get(target.rel) ?? Promise.resolve();
    const turn = before.then(() => this.review(target, edit, signal));
    this.fileQueues.set(target.rel, turn.catch(() => undefined));
    return turn;
  }

  private review(target: ReviewTarget, edit: ProposedEdit, signal?: AbortSignal): Promise<EditDecision> {
    if (signal?.aborted) return Promise.resolve({ kind: 'rejected', reason: 'cancelled' });
    return new Promise<EditDecision>((resolve) => {
      const onAbort = () => this.cancel(pending);
      const pending: PendingEdit = new PendingEdit(target, edit.original, edit.proposed, (decision) => {
        signal?.removeEventListener('abort', onAbort);
        this.remove(pending);
        resolve(decision);
      });
      if (pending.hunks.length === 0) {
        resolve({ kind: 'accepted' }); // nothing differs (or an empty new file, which the writer creates)
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      // A file that decides what a command runs is always shown for review (core/security/commandFiles).
      if (this.approval() === 'auto' && !edit.runsCommands) {
        void this.decide(pending, pending.pendingIndexes(), 'accept').then(() => {
          vscode.window.setStatusBarMessage(`SmallCode edited ${target.rel}`, 5000);
        });
        return;
      }
      this.edits.push(pending);
      void this.show(pending);
    });
  }

  // ── the queue the Accept/Reject commands act on ────────────────────────────────────────────

  count(): number {
    return this.edits.reduce((n, p) => n + p.pendingIndexes().length, 0);
  }

  /** What the chat shows while edits wait: how many hunks, in which files. */
  summary(): PendingEditsView {
    return { count: this.count(), files: [...new Set(this.edits.filter((e) => e.pendingIndexes().length > 0).map((e) => e.target.rel))] };
  }

  /** Brings the first waiting proposal's diff and file back into view (the chat's link). */
  async showFirst(): Promise<boolean> {
    const first = this.edits.find((e) => e.pendingIndexes().length > 0);
    if (first) await this.show(first);
    return first !== undefined;
  }

  /** The proposals under review (read-only view, for tests and the chat). */
  pendingEdits(): readonly PendingEdit[] {
    return [...this.edits];
  }

  accept(all: boolean, target?: HunkTarget): Promise<number> {
    return this.decideTargets(all, target, 'accept');
  }

  reject(all: boolean, target?: HunkTarget): Promise<number> {
    return this.decideTargets(all, target, 'reject');
  }

  private async decideTargets(all: boolean, target: HunkTarget | undefined, verb: 'accept' | 'reject'): Promise<number> {
    let n = 0;
    for (const { edit, indexes } of this.pick(all, target)) n += await this.decide(edit, indexes, verb);
    return n;
  }

  /** Which hunks a command means: the lens's target, else the hunk at the cursor, else the first pending. */
  private pick(all: boolean, target?: HunkTarget): { edit: PendingEdit; indexes: number[] }[] {
    const live = (indexes: number[], edit: PendingEdit) => indexes.filter((i) => edit.states[i] === 'pending');
    if (target?.edit !== undefined) {
      const edit = this.edits.find((p) => p.id === target.edit);
      if (!edit) return [];
      if (all) return [{ edit, indexes: edit.pendingIndexes() }];
      if (target.hunk !== undefined) return [{ edit, indexes: live([target.hunk], edit) }];
      return [{ edit, indexes: [this.hunkAtCursor(edit) ?? edit.pendingIndexes()[0]!] }];
    }
    if (all) return this.edits.map((edit) => ({ edit, indexes: edit.pendingIndexes() }));
    const active = vscode.window.activeTextEditor;
    const inEditor = active && this.lookup(active.document.uri)?.edit;
    const edit = inEditor ?? this.edits[0];
    if (!edit) return [];
    return [{ edit, indexes: [this.hunkAtCursor(edit) ?? edit.pendingIndexes()[0]!] }];
  }

  private hunkAtCursor(edit: PendingEdit): number | undefined {
    const editor = vscode.window.activeTextEditor;
    const found = editor && this.lookup(editor.document.uri);
    if (!editor || found?.edit !== edit) return undefined;
    const cursor = editor.selection.active.line;
    for (const p of edit.project(found.fileText).placed) {
      const start = found.side === 'file' ? p.line - 1 : p.projectedLine - 1;
      const length = found.side === 'file' ? p.hunk.oldLines : p.hunk.newLines;
      if (cursor >= start && cursor < start + Math.max(length, 1)) return p.hunk.index;
    }
    return undefined;
  }

  // ── deciding ──────────────────────────────────────────────────────────────────────────────

  private decide(edit: PendingEdit, indexes: number[], verb: 'accept' | 'reject'): Promise<number> {
    const run = async (): Promise<number> => {
      const todo = indexes.filter((i) => edit.states[i] === 'pending');
      if (todo.length === 0) return 0;
      if (verb === 'reject') for (const i of todo) edit.states[i] = 'rejected';
      else await this.applyAccepted(edit, todo);
      await this.afterDecision(edit);
      return todo.length;
    };
    const next = this.decisions.then(run, run);
    this.decisions = next.catch(() => undefined);
    return next;
  }

  private async applyAccepted(edit: PendingEdit, todo: number[]): Promise<void> {
    const refuse = (indexes: number[], why: string) => {
      for (const i of indexes) {
        edit.states[i] = 'refused';
        edit.refusals.set(i, why);
      }
      const labels = indexes.map((i) => hunkLabel(edit.hunks[i]!, edit.hunks.length)).join(', ');
      void vscode.window.showWarningMessage(`SmallCode did not apply ${labels} to ${edit.target.rel}: ${why}.`);
    };
    try {
      if (edit.isNewFile && !fileExists(edit.target.uri)) {
        // A new file has a single hunk holding all of it.
        if (!(await createWithContent(edit.target.uri, edit.proposed))) return refuse(todo, 'VS Code could not create the file');
        for (const i of todo) edit.states[i] = 'accepted';
        await saveAndVerify(await vscode.workspace.openTextDocument(edit.target.uri));
        return;
      }
      const document = await vscode.workspace.openTextDocument(edit.target.uri);
      // Locate and edit with no await in between, so the text read is the text edited.
      const text = document.getText();
      const placed: { index: number; line: number; replacement: Replacement }[] = [];
      for (const i of todo) {
        const hunk = edit.hunks[i]!;
        const at = locateHunk(text, hunk, edit.expectedLine(i));
        const overlaps = at.ok && placed.some((p) => at.offset < p.replacement.offset + p.replacement.oldText.length && p.replacement.offset < at.offset + hunk.oldText.length);
        if (!at.ok) refuse([i], at.error);
        else if (overlaps) refuse([i], 'it overlaps another change');
        else placed.push({ index: i, line: at.line, replacement: { offset: at.offset, oldText: hunk.oldText, newText: hunk.newText } });
      }
      if (placed.length === 0) return;
      if (!(await replaceInDocument(document, placed.map((p) => p.replacement)))) {
        return refuse(placed.map((p) => p.index), 'the document changed while the edit was being applied');
      }
      for (const p of placed) edit.states[p.index] = 'accepted';
      edit.shiftAfterApplied(placed.map((p) => ({ index: p.index, line: p.line })));
      await saveAndVerify(document);
    } catch (error) {
      void vscode.window.showErrorMessage(`SmallCode: ${(error as Error).message}`);
    }
  }

  private async afterDecision(edit: PendingEdit): Promise<void> {
    if (!edit.isSettled()) {
      this.refresh();
      return;
    }
    const exists = fileExists(edit.target.uri);
    const finalText = exists ? (await vscode.workspace.openTextDocument(edit.target.uri)).getText() : null;
    edit.finish(finalText);
  }

  private cancel(edit: PendingEdit): void {
    if (!edit.isSettled()) edit.cancel();
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
    this.documents.set(edit.proposedUri, edit.project(this.fileText(edit)).text);
    if (edit.isNewFile) this.documents.set(edit.originalUri, '');
    this.refresh();
    const name = edit.target.rel.split('/').pop();
    const title = edit.isNewFile ? `${name} (new file proposed by SmallCode)` : `${name} ↔ SmallCode's proposal`;
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
    for (const edit of this.edits) this.documents.set(edit.proposedUri, edit.project(this.fileText(edit)).text);
    this.lenses.refresh();
    this.renderDecorations();
    void vscode.commands.executeCommand('setContext', 'smallcode.hasPendingEdits', this.edits.length > 0);
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
      if (found && !(editor.viewColumn !== undefined && diffColumns.has(editor.viewColumn))) this.decorations.render(editor, found.edit.project(found.fileText).placed);
      else this.decorations.clear(editor);
    }
  }

  dispose(): void {
    for (const edit of [...this.edits]) this.cancel(edit);
    for (const d of this.disposables) d.dispose();
  }
}
