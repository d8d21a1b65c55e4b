// The edit review inside a real VS Code: a proposal opens the diff of the file against the proposed
// content, CodeLens accept or reject each hunk, accepted hunks reach the document and the disk in
// one undoable WorkspaceEdit, edits the user made meanwhile are respected, and the proposer learns
// exactly what happened.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { computeHunks } from '../../src/core/edit';
import type { EditDecision, ProposedEdit } from '../../src/core/ports';
import { poll } from '../support/poll.mjs';
import { api, reviewDiff, userSaves } from '../support/smallcodeInVsCode';

const SCHEME = 'smallcode-proposed';
const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}\n`).join('');
// 20 lines; the proposal changes line 3 and line 16: two hunks, far enough apart not to merge.
const ORIGINAL = lines(20);
const PROPOSED = ORIGINAL.replace('line 3\n', 'line 3 changed\n').replace('line 16\n', 'line 16 changed\nline 16b added\n');
const ONLY_FIRST = ORIGINAL.replace('line 3\n', 'line 3 changed\n');

/** An edit as the agent proposes it: with the hunks the core computed. */
const proposal = (path: string, original: string | null, proposed: string): ProposedEdit => ({ path, original, proposed, hunks: computeHunks(original ?? '', proposed) });

const root = () => vscode.workspace.workspaceFolders![0]!.uri;
let fileCounter = 0;

/** A fresh file per test, so no test sees another's document. */
function fixture(content: string): { rel: string; uri: vscode.Uri } {
  const rel = `review/file${++fileCounter}.txt`;
  const uri = vscode.Uri.joinPath(root(), rel);
  fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
  fs.writeFileSync(uri.fsPath, content);
  return { rel, uri };
}

interface Lens { title: string; command: string; target?: { edit: string; hunk?: number }; line: number }

async function lensesOf(uri: vscode.Uri): Promise<Lens[]> {
  if (uri.scheme === 'file') await vscode.workspace.openTextDocument(uri); // the provider runs on a loaded document
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((l) => l.command?.command.startsWith('smallcode.'))
    .map((l) => ({ title: l.command!.title, command: l.command!.command, target: l.command!.arguments?.[0], line: l.range.start.line }));
}

const disk = (uri: vscode.Uri) => fs.readFileSync(uri.fsPath, 'utf8');
const documentOf = (uri: vscode.Uri) => vscode.workspace.openTextDocument(uri);

suite('Edit review in a real VS Code', () => {
  suiteSetup(async () => {
    await api();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('smallcode.rejectAllEdits');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a proposal opens a diff; CodeLens accept hunk 1 and reject hunk 2; only hunk 1 reaches the disk; Ctrl+Z restores it', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, PROPOSED));

    const diff = await poll('the review diff', () => reviewDiff(rel));
    assert.equal(diff.original.toString(), uri.toString(), 'the left side is the real file');
    assert.equal(diff.modified.scheme, SCHEME);
    assert.equal((await documentOf(diff.modified)).getText(), PROPOSED, 'the right side holds the proposed content');
    assert.equal(disk(uri), ORIGINAL, 'nothing is written before a decision');

    // CodeLens per hunk, in the file and on the proposed side, plus Accept all / Reject all at the top.
    const lenses = await poll('CodeLens', async () => { const l = await lensesOf(uri); return l.length >= 6 && l; });
    assert.deepEqual(lenses.map((l) => l.title), ['Accept all', 'Reject all', 'Accept', 'Reject', 'Reject with feedback…', 'Accept', 'Reject', 'Reject with feedback…']);
    assert.deepEqual(lenses.filter((l) => l.title === 'Accept').map((l) => l.line), [2, 15], 'lenses sit on the changed lines');
    const proposedLenses = await lensesOf(diff.modified);
    assert.deepEqual(proposedLenses.filter((l) => l.title === 'Accept').map((l) => l.line), [2, 15]);

    const [accept1] = lenses.filter((l) => l.title === 'Accept' && l.target?.hunk === 0);
    const [reject2] = lenses.filter((l) => l.title === 'Reject' && l.target?.hunk === 1);
    assert.equal(await vscode.commands.executeCommand(accept1!.command, accept1!.target), 1);
    const document = await documentOf(uri);
    assert.equal(document.getText(), ONLY_FIRST, 'hunk 1 is in the document at once');
    assert.equal(disk(uri), ONLY_FIRST, 'and saved');
    assert.equal((await lensesOf(uri)).filter((l) => l.title === 'Accept').length, 1, 'only hunk 2 is still pending');
    assert.equal(await vscode.commands.executeCommand(reject2!.command, reject2!.target), 1);

    assert.deepEqual(await decision, { kind: 'partial', content: ONLY_FIRST, reason: 'rejected by the user: hunk 2 of 2 (lines 13-19)' } satisfies EditDecision);
    assert.equal(disk(uri), ONLY_FIRST, 'the file on disk holds exactly the accepted hunk');
    await poll('the diff to close', () => !reviewDiff());
    assert.deepEqual(await lensesOf(uri), []);

    // Closing the diff closed the document; opening the file again keeps its undo stack.
    const reopened = (await vscode.window.showTextDocument(uri)).document;
    await vscode.commands.executeCommand('undo');
    await poll('one undo to restore the file', () => reopened.getText() === ORIGINAL, { timeoutMs: 3000 });
    await reopened.save();
    await poll('the original on disk', () => disk(uri) === ORIGINAL);
  });

  test('an edit the user made elsewhere meanwhile is kept: the hunk is re-matched where its text moved', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, PROPOSED));
    await poll('the review diff', () => reviewDiff(rel));
    const document = await documentOf(uri);
    const typed = new vscode.WorkspaceEdit();
    typed.insert(uri, new vscode.Position(0, 0), 'user line A\nuser line B\n');
    assert.ok(await vscode.workspace.applyEdit(typed));
    await userSaves(document);

    const lenses = await poll('CodeLens on the moved hunks', async () => { const l = await lensesOf(uri); return l.some((x) => x.title === 'Accept' && x.line === 17) && l; });
    const accept2 = lenses.find((l) => l.title === 'Accept' && l.target?.hunk === 1)!;
    await vscode.commands.executeCommand('smallcode.acceptEdit', accept2.target);
    await vscode.commands.executeCommand('smallcode.rejectEdit', { edit: accept2.target!.edit, hunk: 0 });

    const expected = `user line A\nuser line B\n${ORIGINAL.replace('line 16\n', 'line 16 changed\nline 16b added\n')}`;
    const settled = await decision;
    assert.equal(settled.kind, 'partial');
    assert.equal(settled.kind === 'partial' && settled.content, expected);
    assert.match(settled.kind === 'partial' ? settled.reason ?? '' : '', /^rejected by the user: hunk 1 of 2/);
    assert.equal(document.getText(), expected);
    assert.equal(disk(uri), expected);
  });

  test('a hunk whose lines the user changed is refused, never applied blindly, and the proposer is told why', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, PROPOSED));
    await poll('the review diff', () => reviewDiff(rel));
    const document = await documentOf(uri);
    const typed = new vscode.WorkspaceEdit();
    typed.replace(uri, document.lineAt(15).range, 'line 16 edited by the user');
    assert.ok(await vscode.workspace.applyEdit(typed));
    await userSaves(document);
    const userText = document.getText();

    await vscode.commands.executeCommand('smallcode.acceptEdit', { edit: (await lensesOf(uri))[0]!.target!.edit, hunk: 1 });
    assert.equal(document.getText(), userText, 'the refused hunk changed nothing');
    await vscode.commands.executeCommand('smallcode.rejectAllEdits');
    const result = await decision;
    assert.equal(result.kind, 'rejected');
    assert.match((result as { reason: string }).reason, /hunk 2 of 2 \(lines 13-19\): its lines were changed in the editor/);
    assert.match((result as { reason: string }).reason, /rejected by the user: hunk 1 of 2/);
  });

  test('typed while the edit waits: more text on a last line without a newline refuses the hunk, the user\'s text kept whole', async () => {
    const original = `${lines(5)}last`;
    const { rel, uri } = fixture(original);
    const decision = (await api()).review.propose(proposal(rel, original, `${original}\nadded by the model`));
    await poll('the review diff', () => reviewDiff(rel));
    const document = await documentOf(uri);
    const typed = new vscode.WorkspaceEdit();
    typed.insert(uri, document.lineAt(5).range.end, ' + typed by the user');
    assert.ok(await vscode.workspace.applyEdit(typed));
    await userSaves(document);
    await vscode.commands.executeCommand('smallcode.acceptAllEdits');
    const result = await decision;
    // Before the fix the last lines read 'last\nadded by the model + typed by the user'.
    assert.equal(document.getText(), `${lines(5)}last + typed by the user`);
    assert.equal(result.kind, 'rejected');
    assert.match((result as { reason: string }).reason, /its lines were changed in the editor/);
  });

  test('typed while the edit waits: lines added above a repeated region do not send its hunk to the other copy', async () => {
    const original = `${lines(8)}${lines(8)}`;
    const { rel, uri } = fixture(original);
    const decision = (await api()).review.propose(proposal(rel, original, `${lines(8)}${lines(8).replace('line 5\n', 'line five\n')}`));
    await poll('the review diff', () => reviewDiff(rel));
    const document = await documentOf(uri);
    const typed = new vscode.WorkspaceEdit();
    typed.insert(uri, new vscode.Position(0, 0), lines(8, 'mine')); // exactly the distance between the copies
    assert.ok(await vscode.workspace.applyEdit(typed));
    await userSaves(document);
    await vscode.commands.executeCommand('smallcode.acceptAllEdits');
    const result = await decision;
    // Before the fix the first copy (now where the second was) got 'line five'.
    assert.equal(document.getText(), `${lines(8, 'mine')}${original}`);
    assert.equal(result.kind, 'rejected');
    assert.match((result as { reason: string }).reason, /which copy it belongs to is uncertain/);
  });

  test('Accept all writes the whole proposal; Reject all writes nothing and says so', async () => {
    const smallcode = await api();
    const a = fixture(ORIGINAL);
    const accepted = smallcode.review.propose(proposal(a.rel, ORIGINAL, PROPOSED));
    await poll('the review diff', () => reviewDiff(a.rel));
    assert.equal(await vscode.commands.executeCommand('smallcode.acceptAllEdits'), 2);
    assert.deepEqual(await accepted, { kind: 'accepted' });
    assert.equal(disk(a.uri), PROPOSED);

    const b = fixture(ORIGINAL);
    const rejected = smallcode.review.propose(proposal(b.rel, ORIGINAL, PROPOSED));
    await poll('the review diff', () => reviewDiff(b.rel));
    assert.equal(await vscode.commands.executeCommand('smallcode.rejectAllEdits'), 2);
    assert.deepEqual(await rejected, { kind: 'rejected', reason: 'rejected by the user: hunk 1 of 2 (lines 1-6), hunk 2 of 2 (lines 13-19)' });
    assert.equal(disk(b.uri), ORIGINAL);
    await poll('the diff to close', () => !reviewDiff(b.rel));
  });

  test('a failure while deciding settles the proposal as rejected with the reason: nobody waits forever', async () => {
    // The API is open to other extensions: a malformed proposal (hunks numbered wrongly) breaks the bookkeeping.
    const { rel } = fixture(ORIGINAL);
    const good = proposal(rel, ORIGINAL, PROPOSED);
    const decision = (await api()).review.propose({ ...good, hunks: good.hunks.map((h) => ({ ...h, index: h.index + 7 })) });
    await poll('the review diff', () => reviewDiff(rel));
    await vscode.commands.executeCommand('smallcode.acceptAllEdits');
    const settled = await decision;
    assert.equal(settled.kind, 'rejected');
    assert.match((settled as { reason: string }).reason, /^the edit could not be applied: /);
    await poll('the diff to close', () => !reviewDiff(rel));
    assert.equal(await vscode.commands.executeCommand('smallcode.acceptAllEdits'), 0, 'nothing is left pending');
  });

  test('Accept edit from the palette takes the hunk at the cursor', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, PROPOSED));
    await poll('the review diff', () => reviewDiff(rel));
    const editor = await vscode.window.showTextDocument(await documentOf(uri));
    editor.selection = new vscode.Selection(15, 0, 15, 0);
    await vscode.commands.executeCommand('smallcode.acceptEdit');
    assert.equal(disk(uri), ORIGINAL.replace('line 16\n', 'line 16 changed\nline 16b added\n'));
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await vscode.commands.executeCommand('smallcode.rejectEdit');
    assert.equal((await decision).kind, 'partial');
  });

  test('Accept edit with the cursor in no hunk accepts nothing while the file has several pending (nor another file\'s); the only one left is taken', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, PROPOSED));
    await poll('the review diff', () => reviewDiff(rel));
    const editor = await vscode.window.showTextDocument(await documentOf(uri));
    editor.selection = new vscode.Selection(9, 0, 9, 0);
    assert.equal(await vscode.commands.executeCommand('smallcode.acceptEdit'), 0);
    // From the palette in an editor that is no file under review: nothing either.
    await vscode.window.showTextDocument(await documentOf(fixture('another file\n').uri));
    assert.equal(await vscode.commands.executeCommand('smallcode.acceptEdit'), 0);
    assert.equal(disk(uri), ORIGINAL);
    // With one hunk left in the file in front of the user, that hunk is the one meant, wherever the cursor is.
    const back = await vscode.window.showTextDocument(await documentOf(uri));
    back.selection = new vscode.Selection(15, 0, 15, 0);
    assert.equal(await vscode.commands.executeCommand('smallcode.acceptEdit'), 1);
    back.selection = new vscode.Selection(9, 0, 9, 0);
    assert.equal(await vscode.commands.executeCommand('smallcode.rejectEdit'), 1);
    assert.equal(disk(uri), ORIGINAL.replace('line 16\n', 'line 16 changed\nline 16b added\n'));
    assert.equal((await decision).kind, 'partial');
  });

  test('an edit to a file that decides what commands run says why it is asked', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const reason = `${rel} decides what the project's commands run (scripts, build steps, hooks)`;
    const decision = (await api()).review.propose({ ...proposal(rel, ORIGINAL, PROPOSED), runsCommands: reason });
    await poll('the review diff', () => reviewDiff(rel));
    const titles = await poll('the reason on the file', async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      const t = all.map((l) => l.command?.title ?? '');
      return t.some((x) => x.includes(reason)) && t;
    });
    assert.ok(titles.includes(`$(shield) Always asked: ${reason}`), titles.join(' | '));
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.path === `/${rel}`);
    assert.match(tab?.label ?? '', /runs commands, always asked/);
    await vscode.commands.executeCommand('smallcode.rejectAllEdits');
    assert.equal((await decision).kind, 'rejected');
  });

  test('a new file is shown against an empty document and created on Accept', async () => {
    const rel = `review/new/created${++fileCounter}.js`;
    const uri = vscode.Uri.joinPath(root(), rel);
    const content = 'export const answer = 42;\n';
    const decision = (await api()).review.propose(proposal(rel, null, content));
    const diff = await poll('the review diff', () => reviewDiff(rel));
    assert.equal(diff.original.scheme, SCHEME);
    assert.equal((await documentOf(diff.original)).getText(), '');
    assert.ok(!fs.existsSync(uri.fsPath), 'not created before Accept');
    const lenses = await poll('CodeLens on the proposal', async () => { const l = await lensesOf(diff.modified); return l.length > 0 && l; });
    const accept = lenses.find((l) => l.title === 'Accept')!;
    await vscode.commands.executeCommand(accept.command, accept.target);
    assert.deepEqual(await decision, { kind: 'accepted' });
    assert.equal(disk(uri), content);
  });

  test('cancelling clears the proposal, its diff and its lenses, and writes nothing', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const abort = new AbortController();
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, PROPOSED), abort.signal);
    await poll('the review diff', () => reviewDiff(rel));
    await poll('CodeLens', async () => (await lensesOf(uri)).length > 0);
    abort.abort();
    assert.deepEqual(await decision, { kind: 'rejected', reason: 'cancelled' });
    await poll('the diff to close', () => !reviewDiff());
    assert.deepEqual(await lensesOf(uri), []);
    assert.equal(disk(uri), ORIGINAL);
    assert.equal(await vscode.commands.executeCommand('smallcode.acceptAllEdits'), 0, 'nothing is pending');
  });

  test('a save that changes the text (trim trailing whitespace, final newline) still reports what was accepted, as saved', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('trimTrailingWhitespace', true, vscode.ConfigurationTarget.Workspace);
    await files.update('insertFinalNewline', true, vscode.ConfigurationTarget.Workspace);
    try {
      const original = 'alpha\nbeta\ngamma';
      const { rel, uri } = fixture(original);
      const decision = (await api()).review.propose(proposal(rel, original, 'alpha   \nbeta\ngamma changed'));
      await poll('the review diff', () => reviewDiff(rel));
      await vscode.commands.executeCommand('smallcode.acceptAllEdits');
      const saved = 'alpha\nbeta\ngamma changed\n';
      const settled = await decision;
      assert.ok(settled.kind === 'partial', `partial, not ${JSON.stringify(settled)}`);
      assert.equal(settled.content, saved, 'the file as the save left it');
      assert.equal(settled.allAccepted, true);
      assert.match(settled.reason ?? '', /^every hunk was accepted; saving the file then changed it/);
      assert.equal(disk(uri), saved);
    } finally {
      await files.update('trimTrailingWhitespace', undefined, vscode.ConfigurationTarget.Workspace);
      await files.update('insertFinalNewline', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a file with a UTF-8 byte-order mark: the accepted edit is reported accepted and the mark is kept', async () => {
    const { rel, uri } = fixture(`\uFEFF${ORIGINAL}`);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, PROPOSED));
    await poll('the review diff', () => reviewDiff(rel));
    assert.equal(await vscode.commands.executeCommand('smallcode.acceptAllEdits'), 2);
    assert.deepEqual(await decision, { kind: 'accepted' });
    assert.equal(disk(uri), `\uFEFF${PROPOSED}`);
  });

  test('a save that fails after a hunk was accepted tells the proposer what was applied, not that nothing changed', async function () {
    const { rel, uri } = fixture(ORIGINAL);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, PROPOSED));
    await poll('the review diff', () => reviewDiff(rel));
    const lenses = await poll('CodeLens', async () => { const l = await lensesOf(uri); return l.length >= 6 && l; });
    await vscode.commands.executeCommand('smallcode.acceptEdit', { edit: lenses[0]!.target!.edit, hunk: 0 });
    assert.equal(disk(uri), ONLY_FIRST);
    // The file can no longer be written: read-only, and immutable for root (who ignores permissions).
    fs.chmodSync(uri.fsPath, 0o444);
    const immutable = process.getuid?.() === 0 && spawnSync('chattr', ['+i', uri.fsPath]).status === 0;
    try {
      if (process.getuid?.() === 0 && !immutable) this.skip(); // root without chattr: nothing can make the save fail
      await vscode.commands.executeCommand('smallcode.acceptEdit', { edit: lenses[0]!.target!.edit, hunk: 1 });
      const settled = await decision;
      assert.ok(settled.kind === 'partial', `partial, not ${JSON.stringify(settled)}`);
      assert.equal(settled.content, PROPOSED, 'both hunks are in the document');
      assert.match(settled.reason ?? '', /^hunk 1 of 2 \(lines 1-6\), hunk 2 of 2 \(lines 13-19\) were accepted and applied, then the edit could not be applied: VS Code did not save /);
      assert.equal(disk(uri), ONLY_FIRST);
    } finally {
      if (immutable) spawnSync('chattr', ['-i', uri.fsPath]);
      fs.chmodSync(uri.fsPath, 0o644);
      await (await documentOf(uri)).save(); // nothing left unsaved for the next test's Close All
    }
  });

  test('Stop ends a proposal queued behind an undecided review of the same file', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const smallcode = await api();
    const first = smallcode.review.propose(proposal(rel, ORIGINAL, ONLY_FIRST)); // a code block's Apply: no signal
    await poll('the review diff', () => reviewDiff(rel));
    const abort = new AbortController();
    let queued: EditDecision | undefined;
    void smallcode.review.propose(proposal(rel, ORIGINAL, PROPOSED), abort.signal).then((d) => { queued = d; });
    abort.abort();
    assert.deepEqual(await poll('the queued proposal to end', () => queued, { timeoutMs: 5000 }), { kind: 'rejected', reason: 'cancelled' });
    assert.equal(disk(uri), ORIGINAL);
    assert.equal(await vscode.commands.executeCommand('smallcode.rejectAllEdits'), 1, 'only the first review was ever pending');
    assert.equal((await first).kind, 'rejected');
    await poll('the diff to close', () => !reviewDiff(rel));
  });

  test('a file mixing CRLF and LF line endings is refused before anything is shown, saying why', async () => {
    const mixed = 'one\r\ntwo\nthree\r\n';
    const { rel, uri } = fixture(mixed);
    const decision = await (await api()).review.propose(proposal(rel, mixed, 'one\r\ntwo changed\nthree\r\n'));
    assert.equal(decision.kind, 'rejected');
    assert.match((decision as { reason: string }).reason, /^refused: review\/file\d+\.txt mixes Windows \(CRLF\) and Unix \(LF\) line endings.*Nothing was changed/);
    assert.equal(reviewDiff(rel), undefined);
    assert.equal(disk(uri), mixed);
  });

  test('a new file whose content mixes line endings is refused before anything is shown: nothing is created', async () => {
    const rel = `review/new/mixed${++fileCounter}.js`;
    const uri = vscode.Uri.joinPath(root(), rel);
    const decision = await (await api()).review.propose(proposal(rel, null, 'one\r\ntwo\n'));
    assert.equal(decision.kind, 'rejected');
    assert.match((decision as { reason: string }).reason, /^refused: the content for the new file review\/new\/mixed\d+\.js mixes line endings.*Nothing was created/);
    assert.equal(reviewDiff(rel), undefined);
    assert.ok(!fs.existsSync(uri.fsPath));
  });

  test('a file with a lone CR inside a line is refused before anything is shown: the CR stays a CR on disk', async () => {
    // VS Code counts a lone CR as a line ending and makes it the file's: saving would split the line.
    const original = `const s = "a\rb";\n${lines(20)}`;
    const { rel, uri } = fixture(original);
    const decision = await (await api()).review.propose(proposal(rel, original, original.replace('line 16\n', 'line 16 changed\n')));
    assert.equal(decision.kind, 'rejected');
    assert.match((decision as { reason: string }).reason, /^refused: review\/file\d+\.txt has a carriage return \(CR, \^M\) that is not part of a line ending.*Nothing was changed/);
    assert.equal(reviewDiff(rel), undefined);
    assert.equal(disk(uri), original);
  });

  test('a file deleted while its edit waits is not brought back whole by Accept', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, ONLY_FIRST));
    await poll('the review diff', () => reviewDiff(rel));
    fs.rmSync(uri.fsPath);
    await poll('VS Code to see the file gone', async () => !(await vscode.workspace.fs.stat(uri).then(() => true, () => false)));
    await vscode.commands.executeCommand('smallcode.acceptAllEdits');
    const settled = await decision;
    assert.ok(!fs.existsSync(uri.fsPath), `the deleted file is back; the proposer was told ${JSON.stringify(settled)}`);
    assert.deepEqual(settled, { kind: 'rejected', refused: true, reason: `${rel} was deleted while the edit waited for review` });
  });

  test('a line the user typed before accepting every hunk is not reported as changed by the save', async () => {
    const { rel, uri } = fixture(ORIGINAL);
    const decision = (await api()).review.propose(proposal(rel, ORIGINAL, ONLY_FIRST));
    await poll('the review diff', () => reviewDiff(rel));
    const typed = new vscode.WorkspaceEdit();
    typed.insert(uri, new vscode.Position(19, 0), 'typed by the user\n');
    assert.ok(await vscode.workspace.applyEdit(typed));
    await userSaves(await documentOf(uri)); // Save and Accept would save it too: test/e2e/reviewUnsaved
    await vscode.commands.executeCommand('smallcode.acceptAllEdits');
    const settled = await decision;
    assert.doesNotMatch(JSON.stringify(settled), /saving the file then changed it/);
    assert.ok(settled.kind === 'partial' && settled.allAccepted, JSON.stringify(settled));
    assert.match(settled.reason ?? '', /^every hunk was accepted and applied to the file as it was then, which also had changes made while the edit waited/);
    assert.equal(disk(uri), ONLY_FIRST.replace('line 20\n', 'typed by the user\nline 20\n'));
  });

  test('paths leaving the workspace are refused, also through a symlink', async () => {
    const smallcode = await api();
    const outside = await smallcode.review.propose(proposal('../outside.txt', null, 'x\n'));
    assert.equal(outside.kind, 'rejected');
    assert.match((outside as { reason: string }).reason, /^refused: .*leaves the workspace/);

    const elsewhere = fs.mkdtempSync(path.join(path.dirname(root().fsPath), 'smallcode-elsewhere-'));
    fs.symlinkSync(elsewhere, path.join(root().fsPath, 'review', 'escape'));
    const through = await smallcode.review.propose(proposal('review/escape/x.txt', null, 'x\n'));
    assert.equal(through.kind, 'rejected');
    assert.match((through as { reason: string }).reason, /^refused: .*outside the workspace/);
    assert.ok(!fs.existsSync(path.join(elsewhere, 'x.txt')));
    assert.equal(reviewDiff(), undefined);
  });
});
