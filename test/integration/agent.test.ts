// The whole loop inside the real extension host: a task typed into the chat reaches the replay
// server over HTTP, the scripted small-model replies (calls written as text) are parsed, the file
// is read and patched through the VS Code workspace port, and the answer lands in the transcript.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { poll } from '../support/poll.mjs';
import { api, reviewDiff, settings, userSaves, waitFor } from '../support/smallcodeInVsCode';
import { startReplayServer, type ReplayReply, type ReplayServer, type ReplayServerOptions } from '../support/replayServer';

const FILE = 'src/stats.js';
const BUGGY = 'function sum(values) {\n  let total = 0;\n  for (let i = 0; i <= values.length; i++) total += values[i];\n  return total;\n}\nmodule.exports = { sum };\n';

function fileUri(): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, FILE);
}

suite('The agent in VS Code', () => {
  let server: ReplayServer | undefined;

  setup(async () => {
    fs.writeFileSync(fileUri().fsPath, BUGGY);
    // An editor left open on the file must show the fixture before the agent reads it from there.
    await poll('the editor to show the fixture', () => (vscode.workspace.textDocuments.find((d) => d.uri.fsPath === fileUri().fsPath)?.getText() ?? BUGGY) === BUGGY);
  });

  /** A replay server with this script (llama.cpp and Qwen unless `options` says otherwise), connected as the chat's model; teardown closes it. */
  async function connectTo(script: ReplayReply[], edits: 'auto' | 'ask', options: Partial<ReplayServerOptions> = {}) {
    server = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384, ...options, script });
    await settings({ baseUrl: server.baseUrl, model: (options.models ?? ['qwen2.5-coder-7b-instruct'])[0], 'approval.edits': edits });
    const smallcode = await api();
    await smallcode.connection.refresh();
    return { smallcode, server };
  }

  teardown(async () => {
    await server?.close();
    server = undefined;
    await settings({ baseUrl: undefined, model: undefined, 'approval.edits': undefined, rules: undefined });
    await (await api()).chat.newChat();
  });

  test('a task from the chat reads, patches and answers, with edits auto-approved', async () => {
    const { smallcode, server } = await connectTo([
      { text: `I'll read the file first.\n<tool_call>{"name": "read_file", "arguments": {"path": "${FILE}"}}</tool_call>` },
      { text: `<tool_call>\n{"name": "patch", "arguments": {"path": "${FILE}", "search": "i <= values.length", "replace": "i < values.length",}}\n</tool_call>` },
      { text: 'Fixed the off-by-one in `sum`: the loop now stops before `values.length`.' },
    ], 'auto');
    await smallcode.chat.submit('Fix the off-by-one bug in sum');

    assert.equal(fs.readFileSync(fileUri().fsPath, 'utf8'), BUGGY.replace('i <= values.length', 'i < values.length'));
    assert.equal(reviewDiff(), undefined, 'with approval.edits = auto the core writes without asking the review');
    // The reply, then the run's "Undo this run" card (paths only: the contents stay in memory).
    const [reply, card] = smallcode.chat.entries().slice(-2);
    assert.equal(reply?.role, 'assistant', JSON.stringify(smallcode.chat.entries()));
    assert.match(reply!.text, /Fixed the off-by-one/);
    assert.deepEqual(card?.checkpoint, { files: [{ path: FILE, change: 'edited' }], state: 'available' });
    assert.equal(server.chatRequests.length, 3);
    const firstRequest = server.chatRequests[0]!.body;
    assert.equal(firstRequest.messages[0].role, 'system');
    assert.ok(JSON.stringify(firstRequest.messages).includes('Fix the off-by-one bug in sum'));
  });

  test('an edit to a file open with unsaved changes, by a ./ path, is recorded as an edit: undo would restore it, not delete it', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri());
    await vscode.window.showTextDocument(document);
    const unsaved = new vscode.WorkspaceEdit();
    unsaved.insert(document.uri, new vscode.Position(0, 0), '// unsaved note\n');
    assert.ok(await vscode.workspace.applyEdit(unsaved));
    assert.ok(document.isDirty);
    const { smallcode } = await connectTo([
      { text: `<tool_call>\n{"name": "patch", "arguments": {"path": "./${FILE}", "search": "i <= values.length", "replace": "i < values.length"}}\n</tool_call>` },
      { text: 'Fixed the off-by-one.' },
    ], 'auto');
    await smallcode.chat.submit('Fix the off-by-one bug in sum');

    assert.equal(fs.readFileSync(fileUri().fsPath, 'utf8'), `// unsaved note\n${BUGGY.replace('i <= values.length', 'i < values.length')}`);
    const card = smallcode.chat.entries().at(-1);
    assert.deepEqual(card?.checkpoint, { files: [{ path: FILE, change: 'edited' }], state: 'available' }, JSON.stringify(smallcode.chat.entries()));
  });

  test('with edits auto-approved, a file open in VS Code that mixes CRLF and LF is patched on its own lines only', async () => {
    const mixed = 'const a = 1;\r\nconst b = 2;\nconst c = 3;\r\n';
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'src/mixed.js');
    fs.writeFileSync(uri.fsPath, mixed);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri)); // VS Code makes its line endings uniform
    const { smallcode, server } = await connectTo([
      { text: '<tool_call>\n{"name": "patch", "arguments": {"path": "src/mixed.js", "search": "const b = 2;", "replace": "const b = 20;"}}\n</tool_call>' },
      { text: 'Changed b.' },
    ], 'auto');
    await smallcode.chat.submit('Set b to 20');

    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), mixed.replace('const b = 2;', 'const b = 20;'), 'only the edited line changed; every line ending is as it was');
    const toolResult = JSON.stringify(server.chatRequests.at(-1)!.body.messages.at(-1));
    assert.match(toolResult, /Edited src\/mixed\.js/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('with edits asked about, a line the user adds while the edit waits is kept beside the accepted change', async () => {
    const { smallcode, server } = await connectTo([
      { text: `<tool_call>\n{"name": "patch", "arguments": {"path": "${FILE}", "search": "i <= values.length", "replace": "i < values.length"}}\n</tool_call>` },
      { text: 'Fixed the off-by-one.' },
    ], 'ask');
    const run = smallcode.chat.submit('Fix the off-by-one bug in sum');
    await poll('the review diff', () => reviewDiff());
    const document = await vscode.workspace.openTextDocument(fileUri());
    const typed = new vscode.WorkspaceEdit();
    typed.insert(document.uri, new vscode.Position(document.lineCount, 0), '// the user\'s note\n');
    assert.ok(await vscode.workspace.applyEdit(typed));
    await userSaves(document); // unsaved, Accept would ask first whether to save it too (test/e2e/reviewUnsaved)
    await vscode.commands.executeCommand('smallcode.acceptAllEdits');
    await run;

    assert.equal(fs.readFileSync(fileUri().fsPath, 'utf8'), `${BUGGY.replace('i <= values.length', 'i < values.length')}// the user's note\n`);
    assert.match(JSON.stringify(server.chatRequests[1]!.body.messages), /Edited src\/stats\.js/);
  });

  test('a Latin-1 file open with unsaved changes is not edited: VS Code would save each character it could not read as EF BF BD', async () => {
    const legacy = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'src/legacy.js');
    const latin1 = Buffer.from('const name = "caf\xe9";\nlet x = 1;\n', 'latin1');
    fs.writeFileSync(legacy.fsPath, latin1);
    // code-server (VS Code for the web) saves after a second by default, which would itself write the
    // U+FFFD; desktop VS Code does not: turned off, as there, so the unsaved text waits for the agent.
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    try {
      const document = await vscode.workspace.openTextDocument(legacy);
      await vscode.window.showTextDocument(document);
      const unsaved = new vscode.WorkspaceEdit();
      unsaved.insert(document.uri, new vscode.Position(0, 0), '// unsaved note\n');
      assert.ok(await vscode.workspace.applyEdit(unsaved));
      assert.ok(document.isDirty);
      const { smallcode, server } = await connectTo([
        { text: '<tool_call>\n{"name": "patch", "arguments": {"path": "src/legacy.js", "search": "let x = 1;", "replace": "let x = 2;"}}\n</tool_call>' },
        { text: 'I cannot edit src/legacy.js: it is not UTF-8.' },
      ], 'auto');
      await smallcode.chat.submit('Set x to 2 in src/legacy.js');

      assert.deepEqual(fs.readFileSync(legacy.fsPath), latin1, 'the bytes on disk are untouched');
      assert.ok(document.isDirty, 'the editor was not saved');
      assert.match(JSON.stringify(server.chatRequests[1]!.body.messages), /src\/legacy\.js is not UTF-8 text.*Do not try to edit this file again/);
    } finally {
      await vscode.window.showTextDocument(legacy);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(legacy.fsPath, { force: true });
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('an ASCII file open in a legacy encoding is not edited: the review would save the model\'s non-ASCII text as "?"', async function () {
    this.timeout(90_000);
    const original = 'let x = 1;\nlet y = 2;\n';
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'src/ascii1252.js');
    fs.writeFileSync(uri.fsPath, original);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri, { encoding: 'windows1252' }));
      const { smallcode, server } = await connectTo([
        { text: '<tool_call>\n{"name": "patch", "arguments": {"path": "src/ascii1252.js", "search": "let x = 1;", "replace": "let x = 1; // → 2"}}\n</tool_call>' },
        { text: 'Done.' },
      ], 'ask');
      let ended = false;
      const run = smallcode.chat.submit('Note that x becomes 2').finally(() => { ended = true; });
      // Either the edit is refused before review (like the automatic path does), or it is reviewed and written right.
      await poll('the review diff, or the end of the run', () => reviewDiff() !== undefined || ended, { timeoutMs: 20_000 });
      if (reviewDiff()) await vscode.commands.executeCommand('smallcode.acceptAllEdits');
      await run;
      const bytes = fs.readFileSync(uri.fsPath);
      const told = JSON.stringify(server.chatRequests.at(-1)?.body.messages.at(-1));
      assert.ok(bytes.equals(Buffer.from(original)) || bytes.equals(Buffer.from(original.replace('let x = 1;', 'let x = 1; // → 2'))),
        `on disk: ${JSON.stringify(bytes.toString('latin1'))}; the model was told: ${told}`);
      assert.match(told, /src\/ascii1252\.js is open \(or opens\) in VS Code in the windows1252 encoding, not UTF-8.*Nothing was written/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  test('an edit the user accepted and the save then undid is not reported to the model as rejected', async function () {
    this.timeout(60_000);
    const files = vscode.workspace.getConfiguration('files');
    await files.update('trimTrailingWhitespace', true, vscode.ConfigurationTarget.Workspace);
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'src/padded.js');
    fs.writeFileSync(uri.fsPath, 'let a = 1;\nlet b = 2;\n');
    try {
      const { smallcode, server } = await connectTo([
        { text: '<tool_call>\n{"name": "patch", "arguments": {"path": "src/padded.js", "search": "let a = 1;", "replace": "let a = 1;   "}}\n</tool_call>' },
        { text: 'Done.' },
      ], 'ask');
      let ended = false;
      const run = smallcode.chat.submit('Pad line 1').finally(() => { ended = true; });
      await poll('the review diff, or the end of the run', () => ended || reviewDiff() !== undefined, { timeoutMs: 20_000 });
      await vscode.commands.executeCommand('smallcode.acceptAllEdits');
      await run;
      const told = JSON.stringify(server.chatRequests.at(-1)?.body.messages.at(-1));
      assert.doesNotMatch(told, /The user rejected/, told);
      assert.match(told, /The user accepted your edit to src\/padded\.js, and saving the file .* turned it back: src\/padded\.js is unchanged/);
    } finally {
      await files.update('trimTrailingWhitespace', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  test('with Ollama the task runs through its own API at 16k, loads the model once, and the header confirms it', async () => {
    const { smallcode, server } = await connectTo([
      { text: '', toolCalls: [{ name: 'read_file', arguments: { path: FILE } }] },
      { text: '', toolCalls: [{ name: 'patch', arguments: { path: FILE, search: 'i <= values.length', replace: 'i < values.length' } }] },
      { text: 'Fixed the off-by-one in `sum`.' },
    ], 'auto', { emulate: 'ollama', models: ['qwen2.5-coder:7b'], reportedContext: 4096 });
    await smallcode.chat.submit('Fix the off-by-one bug in sum');

    assert.equal(fs.readFileSync(fileUri().fsPath, 'utf8'), BUGGY.replace('i <= values.length', 'i < values.length'));
    assert.equal(server.chatRequests.length, 3);
    assert.ok(server.chatRequests.every((r) => r.path === '/api/chat' && r.numCtx === 16384 && !r.truncated), JSON.stringify(server.chatRequests.map((r) => [r.path, r.numCtx, r.truncated])));
    assert.equal(server.ollama.loads, 1);
    assert.deepEqual(server.chatRequests.map((r) => r.body.keep_alive), ['30m', '30m', '30m'], 'the model stays loaded while the user reads the diff');
    // /api/ps was read after the first reply: the header says what loaded.
    assert.equal(smallcode.connection.current().loadedContext, 16384);
    assert.equal(smallcode.connection.current().advice, undefined);
  });

  test('settings changed between messages keep the conversation\'s prompt (repo map included): the server reuses all of it', async () => {
    const smallcode = await api();
    // the map leads the conversation: wait for the index, so both messages have one
    await waitFor('the code index', async () => (await smallcode.codeIndex.intel.repoMapForTask('sum', 512)).includes(FILE), 30_000);
    const { server } = await connectTo([
      { text: `<tool_call>{"name": "read_file", "arguments": {"path": "${FILE}"}}</tool_call>` },
      { text: '`sum` adds the values, one past the end too.' },
      { text: '`average` in src/math.js divides the sum by the count.' },
    ], 'auto', { promptCache: true });
    await smallcode.chat.submit(`What does sum in ${FILE} do?`);
    // none of these shape the prompt: the live agent takes them
    await settings({ requestTimeoutSeconds: 300, 'approval.edits': 'ask', maxReplyTokens: 1024 });
    try {
      await smallcode.chat.submit('And what does average in src/math.js do?');
    } finally {
      await settings({ requestTimeoutSeconds: undefined, maxReplyTokens: undefined });
    }
    const [, before, after] = server.chatRequests;
    assert.equal(server.chatRequests.length, 3);
    const head = (r: typeof before) => (r!.body.messages as { content: string }[]).slice(0, 2).map((m) => m.content);
    assert.match(head(after)[1]!, /^## Repository map/);
    assert.deepEqual(head(after), head(before), 'the same system prompt, map and all');
    assert.equal(after!.body.max_tokens, 1024, 'the new reply size applies');
    assert.ok(after!.cachedTokens! >= before!.promptTokens! - 4, `reused ${after!.cachedTokens} of the previous prompt's ${before!.promptTokens} tokens`);
  });

  test('an error the editor showed in the file before the edit does not fail the checks; the model is told it is still there, to fix only if the task is about it', async () => {
    // an old problem in the file the task edits, as a language server would publish it
    const old = vscode.languages.createDiagnosticCollection('smallcode-old-error');
    old.set(fileUri(), [new vscode.Diagnostic(new vscode.Range(5, 0, 5, 6), "Cannot find name 'legacy'.", vscode.DiagnosticSeverity.Error)]);
    try {
      const { smallcode, server } = await connectTo([
        { text: `<tool_call>{"name": "patch", "arguments": {"path": "${FILE}", "search": "i <= values.length", "replace": "i < values.length"}}</tool_call>` },
        { text: 'Fixed the off-by-one.' },
      ], 'auto');
      await smallcode.chat.submit('Fix the off-by-one bug in sum');

      assert.equal(fs.readFileSync(fileUri().fsPath, 'utf8'), BUGGY.replace('i <= values.length', 'i < values.length'));
      assert.equal(server.chatRequests.length, 2);
      const told = JSON.stringify(server.chatRequests[1]!.body.messages.at(-1));
      assert.match(told, /Check found no new errors\. Still there from before your first edit: src\/stats\.js:6 Cannot find name 'legacy'\. Fix it if the task is about it; otherwise leave it\./);
      assert.doesNotMatch(told, /Fix these errors next/);
    } finally {
      old.dispose();
    }
  });

  test('/tokens, /profile and /rules show the window the budget uses: after the server refused a prompt, the smaller one, with the detected one and why', async () => {
    // ~1,450 tokens of always-apply rules: within a tenth of 16,384 tokens, not of 13,926 (so cut after the shrink)
    await settings({ rules: 'Keep every function short and name it for what it does. '.repeat(120) });
    const { smallcode } = await connectTo([
      { text: '`sum` adds the values.' },
      { error: { status: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } },
      { text: '`sum` adds the values, one past the end too.' },
    ], 'auto');
    const said = async (command: 'tokens' | 'profile' | 'budget' | 'rules') => {
      await smallcode.chat.command(command);
      return smallcode.chat.entries().at(-1)!.text;
    };
    await smallcode.chat.submit('What does sum do?');
    assert.match(await said('tokens'), /Context window: 16,384 tokens \(llama\.cpp \/props \(n_ctx\)\)\.$/);
    const rules = await said('rules');
    assert.ok(rules.includes('always-apply rules add 1,475 tokens to every request') && !rules.includes('cut to fit'), rules);
    assert.ok(rules.endsWith('\nContext window: 16,384 tokens (llama.cpp /props (n_ctx))'), rules);

    await smallcode.chat.submit('What does sum do, exactly?');
    const inForce = '13,926 tokens in force (16,384 from llama.cpp /props (n_ctx); shrunk after the server refused a prompt as too long)';
    const tokens = await said('tokens');
    assert.ok(tokens.endsWith(`Context window: ${inForce}.`), tokens);
    const profile = await said('profile');
    assert.ok(profile.includes(`\nContext window: ${inForce}\n`), profile);
    assert.match(await said('budget'), /Context window 13,926 tokens/, 'the window the budget used for the last request');
    const rulesAfter = await said('rules');
    assert.ok(rulesAfter.includes('always-apply rules add 1,389 tokens to every request') && rulesAfter.includes('user rules: always, 1,360 tokens (cut to fit)'), rulesAfter);
    assert.ok(rulesAfter.endsWith(`\nContext window: ${inForce}`), rulesAfter);
  });

  test('with no server the task gets a clear notice and nothing is written', async () => {
    const closed = await startReplayServer({ script: [] });
    await closed.close();
    await settings({ baseUrl: closed.baseUrl, model: 'qwen2.5-coder-7b-instruct' });
    const smallcode = await api();
    await smallcode.connection.refresh();
    await smallcode.chat.submit('Fix the off-by-one bug in sum');
    const last = smallcode.chat.entries().at(-1);
    assert.equal(last?.role, 'notice');
    assert.match(last!.text, /Cannot reach a model server at/);
    assert.equal(fs.readFileSync(fileUri().fsPath, 'utf8'), BUGGY);
  });
});
