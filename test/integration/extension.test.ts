// Runs inside a real VS Code (code-server): the manifest's contributions are live and the
// commands do what they say through the real API.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { poll } from '../support/poll.mjs';
import { api, assertSettingsRead, EXTENSION_ID, settings } from '../support/smallcodeInVsCode';
import { readSettings } from '../../src/extension/settings';
import { fixSelectionTarget, saveThenFix } from '../../src/extension/commands/fixSelection';
import { startReplayServer } from '../support/replayServer';

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, name);
}

suite('SmallCode in a real VS Code', () => {
  /** Whether dist/core.js was loaded once activation ended (the index loads it 1.5 s later). */
  let coreLoadedByActivation: boolean | undefined;
  suiteSetup(async () => {
    // Lazy activation: nothing activates us until a view or command is used.
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, false, 'activated eagerly');
    await api();
    coreLoadedByActivation = Object.keys(require.cache).some((file) => file.endsWith(path.join('dist', 'core.js')));
  });

  test('activates and reports its activation time', async () => {
    const smallcode = await api();
    // What keeps activation cheap is checked here, not a time a loaded machine overruns (2.3 s seen):
    // the core (150-700 ms to load) waits for its first use. The bound only catches work that blocks.
    assert.equal(coreLoadedByActivation, false, 'dist/core.js was loaded by activation');
    assert.ok(smallcode.activationMs >= 0 && smallcode.activationMs < 10_000, `activation took ${smallcode.activationMs} ms`);
  });

  test('registers every contributed command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['fixSelection', 'newChat', 'acceptEdit', 'rejectEdit', 'acceptAllEdits', 'rejectAllEdits', 'selectModel', 'setApiKey', 'setEscalationApiKey', 'rebuildIndex', 'showHistory']) {
      assert.ok(commands.includes(`smallcode.${id}`), `smallcode.${id} is not registered`);
    }
  });

  test('settings have the documented defaults', () => {
    const config = vscode.workspace.getConfiguration('smallcode');
    assert.equal(config.get('baseUrl'), '');
    assert.equal(config.get('model'), '');
    assert.equal(config.get('contextWindow'), 0);
    assert.equal(config.get('maxReplyTokens'), 2048);
    assert.equal(config.get('approval.edits'), 'ask');
    assert.equal(config.get('approval.commands'), 'ask');
    assert.equal(config.get('index.enabled'), true);
    assert.equal(config.get('index.maxFiles'), 10_000);
    assert.equal(config.get('index.maxFileKB'), 512);
  });

  test('a reply reserve outside its declared range is clamped; 0 is the default', async () => {
    try {
      for (const [written, read] of [[0, 2048], [100, 256], [1_000_000, 32_768], [4096, 4096]] as const) {
        await settings({ maxReplyTokens: written });
        assert.equal(readSettings().maxReplyTokens, read, `maxReplyTokens ${written}`);
      }
    } finally {
      await settings({ maxReplyTokens: undefined });
    }
  });

  test('approval settings outside their enum fail safe: only an exact "auto" applies edits unasked', async () => {
    const ask = { editApproval: 'ask', commandApproval: 'ask' };
    await assertSettingsRead([
      [{ 'approval.edits': 'never', 'approval.commands': 'Never' }, ask],
      [{ 'approval.edits': 'Ask', 'approval.commands': 'AUTO' }, ask],
      [{ 'approval.edits': 42, 'approval.commands': true }, ask],
      [{ 'approval.edits': 'auto', 'approval.commands': 'never' }, { editApproval: 'auto', commandApproval: 'never' }],
      [{ 'approval.edits': 'ask', 'approval.commands': 'auto' }, { editApproval: 'ask', commandApproval: 'auto' }],
    ], () => { const { editApproval, commandApproval } = readSettings(); return { editApproval, commandApproval }; });
  });

  test('the chat view opens in the SmallCode side bar', async () => {
    const smallcode = await api();
    await vscode.commands.executeCommand('smallcode.chatView.focus');
    await poll('the chat panel to be shown', () => smallcode.chat.visible(), { timeoutMs: 10_000 });
  });

  test('Fix selection without a selection explains itself and sends nothing', async () => {
    const smallcode = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('smallcode.newChat');
    const result = await vscode.commands.executeCommand('smallcode.fixSelection');
    assert.equal(result, undefined);
    assert.deepEqual(smallcode.chat.entries(), []);
  });

  test('Fix selection sends the selected lines, the file and its diagnostics to the chat', async () => {
    const smallcode = await api();
    await vscode.commands.executeCommand('smallcode.newChat');
    const uri = workspaceFile('src/math.js');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    // Select from the middle of line 4 to the middle of line 5: the task widens it to whole lines.
    editor.selection = new vscode.Selection(3, 5, 4, 8);
    const diagnostics = vscode.languages.createDiagnosticCollection('smallcode-test');
    diagnostics.set(uri, [
      new vscode.Diagnostic(new vscode.Range(3, 2, 3, 40), 'Loop reads past the end of the array', vscode.DiagnosticSeverity.Warning),
      new vscode.Diagnostic(new vscode.Range(10, 0, 10, 5), 'Outside the selection', vscode.DiagnosticSeverity.Error),
    ]);
    try {
      const task = await vscode.commands.executeCommand<string>('smallcode.fixSelection');
      assert.ok(task, 'no task was built');
      assert.match(task, /Change only src\/math\.js lines 4-5\./);
      assert.ok(task.includes('  for (let i = 0; i <= values.length; i++) {\n    total += values[i];'), task);
      assert.match(task, /line 4 warning: Loop reads past the end of the array/);
      assert.ok(!task.includes('Outside the selection'), 'a diagnostic outside the selection was sent');
      const entries = smallcode.chat.entries();
      assert.equal(entries[0]?.role, 'user');
      assert.equal(entries[0]?.text, task);
    } finally {
      diagnostics.dispose();
    }
  });

  test('Fix selection of whole lines (ending at the start of the next) names those lines only, and the next line is not sent', async () => {
    const smallcode = await api();
    await vscode.commands.executeCommand('smallcode.newChat');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('src/math.js')));
    editor.selection = new vscode.Selection(3, 0, 5, 0); // lines 4-5 as the gutter or Shift+Down select them
    const task = await vscode.commands.executeCommand<string>('smallcode.fixSelection');
    assert.match(task ?? '', /Change only src\/math\.js lines 4-5\./);
    assert.ok(!(task ?? '').includes(editor.document.lineAt(5).text), 'line 6 was sent');
    assert.equal(smallcode.chat.entries()[0]?.text, task);
    await smallcode.chat.newChat();
  });

  test('Fix selection refuses several selections, and a file with unsaved changes until it is saved', async () => {
    const smallcode = await api();
    await vscode.commands.executeCommand('smallcode.newChat');
    const uri = workspaceFile('src/dirty.js');
    fs.writeFileSync(uri.fsPath, 'let total = 0;\nfor (const v of values) total += v;\n');
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      editor.selections = [new vscode.Selection(0, 0, 0, 5), new vscode.Selection(1, 0, 1, 5)];
      assert.equal(await vscode.commands.executeCommand('smallcode.fixSelection'), undefined, 'two selections');
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// note\n'));
      editor.selection = new vscode.Selection(1, 0, 2, 5);
      assert.equal(await vscode.commands.executeCommand('smallcode.fixSelection'), undefined, 'unsaved changes');
      assert.deepEqual(smallcode.chat.entries(), [], 'nothing sent');
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8').startsWith('// note'), false, 'not saved behind the user\'s back');
      // "Save and Fix", answered after the user went on to another file: the fix is of the file and lines asked about
      const asked = await fixSelectionTarget(editor, async () => 16384);
      assert.ok(typeof asked === 'object' && 'saveFirst' in asked, 'asked to save first');
      const other = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('src/math.js')));
      other.selection = new vscode.Selection(0, 0, 0, 5);
      assert.match(await saveThenFix(asked) ?? '', /Change only src\/dirty\.js lines 2-3\./);
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8').startsWith('// note'), true, 'saved');
      // answered after the user added lines above the selection (its editor hidden): those lines are not fixed
      await smallcode.chat.newChat();
      const again = await vscode.window.showTextDocument(editor.document);
      await again.edit((b) => b.insert(new vscode.Position(0, 0), '// again\n'));
      again.selection = new vscode.Selection(2, 0, 3, 5);
      const stale = await fixSelectionTarget(again, async () => 16384);
      assert.ok(typeof stale === 'object' && 'saveFirst' in stale, 'asked to save first again');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('src/math.js')));
      const above = new vscode.WorkspaceEdit();
      above.insert(uri, new vscode.Position(0, 0), '// typed later\n');
      assert.ok(await vscode.workspace.applyEdit(above));
      assert.equal(await saveThenFix(stale), undefined, 'moved lines are not fixed');
      assert.deepEqual(smallcode.chat.entries(), [], 'nothing sent for moved lines');
    } finally {
      if (vscode.window.activeTextEditor?.document.isDirty) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
      await (await api()).chat.newChat();
    }
  });

  test('"Save and Fix" with trim-trailing-whitespace on: the save changes the selected lines, and the fix still runs on them', async () => {
    const smallcode = await api();
    await smallcode.chat.newChat();
    const uri = workspaceFile('src/trimmed.js');
    fs.writeFileSync(uri.fsPath, 'let total = 0;\nfor (const v of values) total += v;\n');
    const files = vscode.workspace.getConfiguration('files');
    await files.update('trimTrailingWhitespace', true, vscode.ConfigurationTarget.Global);
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await editor.edit((b) => b.insert(new vscode.Position(1, 35), '   '));
      editor.selection = new vscode.Selection(1, 0, 1, 38);
      const asked = await fixSelectionTarget(editor, async () => 16384);
      assert.ok(typeof asked === 'object' && 'saveFirst' in asked, 'asked to save first');
      assert.match(await saveThenFix(asked) ?? '', /Change only src\/trimmed\.js line 2\./);
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), 'let total = 0;\nfor (const v of values) total += v;\n', 'saved, trimmed');
    } finally {
      await files.update('trimTrailingWhitespace', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
      await smallcode.chat.newChat();
    }
  });

  test('Fix selection refuses an unsaved file, a file outside the workspace and a virtual document: nothing is sent', async () => {
    const smallcode = await api();
    await vscode.commands.executeCommand('smallcode.newChat');
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smallcode-outside-')), 'elsewhere.js');
    fs.writeFileSync(outside, 'let total = 0;\nfor (const v of values) total += v;\n');
    const provider = vscode.workspace.registerTextDocumentContentProvider('smallcode-test', { provideTextDocumentContent: () => 'let total = 0;\nfor (const v of values) total += v;\n' });
    try {
      const documents = [
        await vscode.workspace.openTextDocument({ content: 'let total = 0;\nfor (const v of values) total += v;\n', language: 'javascript' }),
        await vscode.workspace.openTextDocument(vscode.Uri.file(outside)),
        await vscode.workspace.openTextDocument(vscode.Uri.parse('smallcode-test:/src/math.js')),
      ];
      for (const document of documents) {
        const editor = await vscode.window.showTextDocument(document);
        editor.selection = new vscode.Selection(0, 0, 1, 10);
        assert.equal(await vscode.commands.executeCommand('smallcode.fixSelection'), undefined, document.uri.toString());
        assert.deepEqual(smallcode.chat.entries(), [], `nothing sent for ${document.uri.toString()}`);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'); // the unsaved one asks nothing
      }
    } finally {
      provider.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(path.dirname(outside), { recursive: true, force: true });
    }
  });

  test('Fix selection of more than a small window holds says so instead of sending it; a part of the file is sent', async () => {
    const server = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 4096, script: [{ text: 'Looks fine.' }] });
    const big = workspaceFile('src/big.js');
    fs.writeFileSync(big.fsPath, Array.from({ length: 400 }, (_, i) => `export const value${i} = compute(${i}, 'a longer argument ${i}');`).join('\n') + '\n');
    try {
      await settings({ baseUrl: server.baseUrl, model: 'qwen2.5-coder-7b-instruct' });
      const smallcode = await api();
      assert.equal((await smallcode.connection.refresh()).contextWindow, 4096);
      await vscode.commands.executeCommand('smallcode.newChat');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(big));
      editor.selection = new vscode.Selection(0, 0, 399, 10);
      assert.equal(await vscode.commands.executeCommand('smallcode.fixSelection'), undefined);
      assert.deepEqual(smallcode.chat.entries(), [], 'the whole file is not sent');
      editor.selection = new vscode.Selection(10, 0, 14, 10);
      const task = await vscode.commands.executeCommand<string>('smallcode.fixSelection');
      assert.match(task ?? '', /Change only src\/big\.js lines 11-15\./);
      await poll('the run to end', () => smallcode.chat.entries().some((e) => e.role !== 'user'), { timeoutMs: 20_000 });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await settings({ baseUrl: undefined, model: undefined });
      await server.close();
      fs.rmSync(big.fsPath, { force: true });
      await (await api()).chat.newChat();
    }
  });

  test('New chat clears the conversation, and a run still ending does not write into the new one', async () => {
    const smallcode = await api();
    await vscode.commands.executeCommand('smallcode.newChat');
    const running = smallcode.chat.submit('hello');
    assert.equal(smallcode.chat.entries()[0]?.text, 'hello');
    await vscode.commands.executeCommand('smallcode.newChat');
    assert.deepEqual(smallcode.chat.entries(), []);
    await running;
    assert.deepEqual(smallcode.chat.entries(), []);
  });

  test('accept and reject commands do nothing when no edit is pending', async () => {
    const before = fs.readFileSync(workspaceFile('src/math.js').fsPath, 'utf8');
    for (const id of ['acceptEdit', 'rejectEdit', 'acceptAllEdits', 'rejectAllEdits']) {
      assert.equal(await vscode.commands.executeCommand(`smallcode.${id}`), 0);
    }
    assert.equal(fs.readFileSync(workspaceFile('src/math.js').fsPath, 'utf8'), before);
  });
});
