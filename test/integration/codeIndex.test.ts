// The code index inside a real VS Code: built in its worker after activation, kept up to date by
// file events, rebuilt by its command, described by /index, answering the agent's lookups.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, assertSettingsRead, logText, settings, waitFor } from '../support/smallcodeInVsCode';
import { readIndexSettings } from '../../src/extension/codeIndex/indexSettings';
import type { CodeIntel, SymbolHit } from '../../src/core/codeIndex';
import { startReplayServer, type ReplayServer } from '../support/replayServer';
import type { SmallCodeApi } from '../../src/extension/extension';

const root = () => vscode.workspace.workspaceFolders![0]!.uri;

/** What the index's calls say once a worker did not answer within their 15 s (and at once after that). */
const NOT_ANSWERING = 'the code index is not answering (nothing within 15 s); "SmallCode: Rebuild index" restarts it';
/** What a task says when project memory waited for such a worker. */
const NOTES_NOT_READ = `Project memory could not be read (${NOT_ANSWERING}); this task goes on without its notes.`;
/** What the log says when "Rebuild index" replaces a worker that does not answer. */
const RESTARTED = 'Code index: "Rebuild index" stopped the worker that did not answer';

/** Definitions of `name` once the index answers (it refuses while its first build runs). */
async function definitions(intel: CodeIntel, name: string): Promise<SymbolHit[] | undefined> {
  try {
    const hits = (await intel.findSymbol(name)).filter((h) => h.name === name);
    return hits.length ? hits : undefined;
  } catch {
    return undefined;
  }
}

/** What a lookup says: the paths of `name`'s definitions, or why there are none. */
function lookup(intel: CodeIntel, name: string): Promise<string> {
  return Promise.resolve(intel.findSymbol(name)).then((hits) => hits.filter((h) => h.name === name).map((h) => h.path).join(', '), (error: Error) => error.message);
}

/**
 * The index saved and stopped, then turned on again without anything started yet: as in a window just
 * opened, before the start that follows activation. `whileOff` runs while no worker holds the database.
 */
async function onButNotStarted(intel: CodeIntel, whileOff?: () => void): Promise<void> {
  await settings({ 'index.enabled': false });
  // a lookup while it is off starts nothing
  await waitFor('the index to turn off', async () => /turned off/.test(await lookup(intel, 'average')));
  whileOff?.();
  await settings({ 'index.enabled': true });
}

/** The first lookup once the setting is on again (before that, lookups still say it is turned off). */
function firstLookupWhenOn(intel: CodeIntel, name: string): Promise<string> {
  return waitFor('the setting applied', async () => { const said = await lookup(intel, name); return !/turned off/.test(said) && said; }, 30_000);
}

/**
 * The saved database written into the named pipe that stands in its place, to the worker waiting to
 * read it (off the extension host's thread; bounded, should no worker be reading), then the file again.
 */
async function release(pipe: string, bytes: Buffer): Promise<void> {
  const written = fs.promises.open(pipe, 'w').then(async (handle) => { try { await handle.writeFile(bytes); } finally { await handle.close(); } });
  const read = await Promise.race([written.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
  // nobody read it: a reader of our own ends the writer's wait (its write then fails)
  if (!read) fs.closeSync(fs.openSync(pipe, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
  await written.catch(() => undefined);
  if (fs.statSync(pipe).isFIFO()) { fs.rmSync(pipe); fs.writeFileSync(pipe, bytes); }
}

/**
 * A pipe only a stopped worker still waits on: opened and closed by a writer, its open() returns (the
 * thread ends), then it goes. Nothing is written: nobody would read it.
 */
function endRead(pipe: string): void {
  try {
    fs.closeSync(fs.openSync(pipe, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
  } catch {
    // ENXIO: nobody waits on it any more
  }
  fs.rmSync(pipe);
}

/**
 * `body` runs while the index's next worker never answers: its saved database is replaced by a named
 * pipe, whose open() waits for a writer; then the database is put back and the index answers again.
 * `body` may put it back sooner for the workers after that one (`nextWorkerReads`): the pipe is moved
 * aside, still holding the hung worker's read, and ended at the end.
 */
async function whileWorkerHangs(codeIndex: SmallCodeApi['codeIndex'], body: (nextWorkerReads: () => void) => Promise<void>): Promise<void> {
  await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
  const saved = /Kept in (.*code-index\.sqlite)\./.exec(await codeIndex.describe())![1]!;
  await codeIndex.settingsApplied();
  let bytes: Buffer | undefined;
  try {
    await settings({ 'index.enabled': false }); // saved and stopped
    assert.equal(await codeIndex.settingsApplied(), true);
    bytes = fs.readFileSync(saved);
    fs.rmSync(saved);
    execFileSync('mkfifo', [saved]); // the next worker's open() waits for a writer: it never answers
    await settings({ 'index.enabled': true });
    await body(() => {
      fs.renameSync(saved, `${saved}.hung`);
      fs.writeFileSync(saved, bytes!);
    });
  } finally {
    if (fs.existsSync(`${saved}.hung`)) endRead(`${saved}.hung`);
    else if (bytes) await release(saved, bytes);
    await settings({ 'index.enabled': undefined });
  }
  await waitFor('the index answering again', () => definitions(codeIndex.intel, 'average'), 30_000);
}

/**
 * `body` runs while the index's next worker never answers (see whileWorkerHangs), with the chat's model
 * a replay server whose one answer is 'Answered without the notes.'.
 */
async function taskWhileWorkerHangs(body: (smallcode: SmallCodeApi, server: ReplayServer, nextWorkerReads: () => void) => Promise<void>): Promise<void> {
  const server = await startReplayServer({ emulate: 'llamacpp', reportedContext: 16384, script: [{ text: 'Answered without the notes.' }] });
  const smallcode = await api();
  try {
    await settings({ baseUrl: server.baseUrl });
    await whileWorkerHangs(smallcode.codeIndex, (nextWorkerReads) => body(smallcode, server, nextWorkerReads));
  } finally {
    await settings({ baseUrl: undefined });
    await smallcode.chat.newChat();
    await server.close();
  }
}

suite('Code index', () => {
  test('builds in the background and answers find_symbol, explain_symbol and the repo map', async () => {
    const { codeIndex } = await api();
    const hits = await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    assert.deepEqual(hits.map((h) => `${h.path}:${h.line} ${h.kind}`), ['src/math.js:2 function']);
    assert.match(await codeIndex.intel.explainSymbol('clamp'), /^function clamp — src\/math\.js:10-12\n10: function clamp\(value, min, max\) \{/);
    assert.match(await codeIndex.intel.repoMapForTask('fix average()', 512), /^src\/math\.js\n {2}2: function average\(values\) \{/);
    assert.match(await codeIndex.describe(), /^Code index: \d+ files \(JavaScript \d+\), \d+ definitions; updated \d+ s ago\.\nKept in .*code-index\.sqlite\./);
  });

  test('a new, changed or deleted file is re-indexed from its file event', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    const uri = vscode.Uri.joinPath(root(), 'src', 'extra.js');
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from('function extraHelper() { return 1; }\n'));
      const found = await waitFor('the new file indexed', () => definitions(codeIndex.intel, 'extraHelper'));
      assert.equal(found[0]!.path, 'src/extra.js');
      await vscode.workspace.fs.writeFile(uri, Buffer.from('\n\nfunction renamedHelper() { return 2; }\n'));
      assert.equal((await waitFor('the change indexed', () => definitions(codeIndex.intel, 'renamedHelper')))[0]!.line, 3);
    } finally {
      fs.rmSync(uri.fsPath, { force: true });
    }
    await waitFor('the deletion indexed', async () => !(await definitions(codeIndex.intel, 'renamedHelper')));
  });

  test('a lookup right after a save answers from the saved file (its event\'s quiet time is not waited out), explain_symbol shows the right code', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    const uri = vscode.Uri.joinPath(root(), 'src', 'fresh.js');
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from('function freshTarget(x) {\n  return x + 1;\n}\n'));
      await waitFor('the file indexed', () => definitions(codeIndex.intel, 'freshTarget'));
      const document = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), '// one\n// two\n// three\n');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      await document.save(); // as the agent's patch saves, then its next call asks the index
      assert.deepEqual((await codeIndex.intel.findSymbol('freshTarget')).map((h) => `${h.path}:${h.line}`), ['src/fresh.js:4']);
      assert.match(await codeIndex.intel.explainSymbol('freshTarget'), /^function freshTarget — src\/fresh\.js:4-6\n4: function freshTarget\(x\) \{\n5: {3}return x \+ 1;\n6: \}/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  test('find_symbol and explain_symbol on a file with unsaved changes say that its lines may differ', async () => {
    const call = (name: string, args: object) => ({ text: `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>` });
    const server = await startReplayServer({ emulate: 'llamacpp', reportedContext: 16384, script: [
      call('find_symbol', { name: 'unsavedTarget' }), call('explain_symbol', { name: 'unsavedTarget' }), { text: 'Done.' },
    ] });
    const smallcode = await api();
    const uri = vscode.Uri.joinPath(root(), 'src', 'unsaved.js');
    const files = vscode.workspace.getConfiguration('files');
    try {
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global); // code-server saves after a second by default
      await settings({ baseUrl: server.baseUrl });
      await vscode.workspace.fs.writeFile(uri, Buffer.from('function unsavedTarget(x) {\n  return x;\n}\n'));
      await waitFor('the file indexed', () => definitions(smallcode.codeIndex.intel, 'unsavedTarget'));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), '// typed, not saved\n');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      assert.ok(document.isDirty);
      await smallcode.chat.submit('What does unsavedTarget do?');
      const note = '(src/unsaved.js has unsaved changes in the editor: lines may differ; read_file it.)';
      const [found, explained] = [1, 2].map((i) => String(server.chatRequests[i]!.body.messages.at(-1)!.content));
      assert.ok(found.includes(`src/unsaved.js:1 function unsavedTarget(x) {\n${note}`), found);
      assert.ok(explained.includes(note), explained);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await settings({ baseUrl: undefined });
      await smallcode.chat.newChat();
      await server.close();
    }
  });

  test('a file saved through a symlinked folder (the Explorer expands them) is indexed once, under its real path', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    const real = vscode.Uri.joinPath(root(), 'src', 'linkedSave.js');
    const link = vscode.Uri.joinPath(root(), 'linked-src');
    const marker = vscode.Uri.joinPath(root(), 'src', 'afterLinkedSave.js');
    try {
      await vscode.workspace.fs.writeFile(real, Buffer.from('function beforeLinkedSave() { return 1; }\n'));
      await waitFor('the file indexed', () => definitions(codeIndex.intel, 'beforeLinkedSave'));
      fs.symlinkSync(vscode.Uri.joinPath(root(), 'src').fsPath, link.fsPath);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(link, 'linkedSave.js'));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(0, 0), 'function savedThroughLink() { return 2; }\n');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      await document.save();
      await waitFor('the save on disk', () => fs.readFileSync(real.fsPath, 'utf8').startsWith('function savedThroughLink'));
      // Events are indexed in order: once a later file is in, the save through the link was handled.
      await vscode.workspace.fs.writeFile(marker, Buffer.from('function markerAfterLinkedSave() { return 3; }\n'));
      await waitFor('a later file indexed', () => definitions(codeIndex.intel, 'markerAfterLinkedSave'));
      const paths = (await codeIndex.intel.findSymbol('LinkedSave', { limit: 20 })).map((h) => h.path);
      assert.deepEqual(paths.filter((p) => p.startsWith('linked-src/')), [], paths.join(', '));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(link.fsPath, { force: true });
      fs.rmSync(real.fsPath, { force: true });
      fs.rmSync(marker.fsPath, { force: true });
    }
  });

  test('file events follow .gitignore as the build does, and a folder deleted as one event leaves the index', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    const gitignore = vscode.Uri.joinPath(root(), '.gitignore');
    const ignored = vscode.Uri.joinPath(root(), 'out', 'bundle.js');
    const folder = vscode.Uri.joinPath(root(), 'lib-folder');
    try {
      await vscode.workspace.fs.writeFile(gitignore, Buffer.from('out/\n'));
      // Written together: once the second is indexed, the first's event has been handled too.
      await vscode.workspace.fs.writeFile(ignored, Buffer.from('function average(values) { return 0; }\nfunction ignoredBundleHelper() {}\n'));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'deep', 'util.js'), Buffer.from('function folderHelper() { return 1; }\n'));
      await waitFor('the folder\'s file indexed', () => definitions(codeIndex.intel, 'folderHelper'));
      assert.equal(await definitions(codeIndex.intel, 'ignoredBundleHelper'), undefined);
      assert.deepEqual((await definitions(codeIndex.intel, 'average'))?.map((h) => h.path), ['src/math.js']);
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await waitFor('the deleted folder\'s file gone from the index', async () => !(await definitions(codeIndex.intel, 'folderHelper')));
    } finally {
      for (const uri of [folder, vscode.Uri.joinPath(root(), 'out')]) fs.rmSync(uri.fsPath, { recursive: true, force: true });
      fs.rmSync(gitignore.fsPath, { force: true });
    }
    assert.match(await codeIndex.describe(), /^Code index: \d+ files/, 'not marked partial or failed');
  });

  test('a batch large enough for the parsing threads is parsed by them, from inside the index\'s worker', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    // More files than the parsing threads' threshold (24): the rebuild's batch goes to dist/tagWorker.js
    // threads started by dist/codeIndexWorker.js, itself a thread of the extension host. A thread that
    // did not start would leave these files without definitions.
    const folder = vscode.Uri.joinPath(root(), 'generated-batch');
    fs.mkdirSync(folder.fsPath, { recursive: true });
    const FILES = 60;
    try {
      for (let i = 0; i < FILES; i++) fs.writeFileSync(`${folder.fsPath}/part${i}.js`, `function batchHelper${i}(x) {\n  return batchHelper${(i + 1) % FILES}(x);\n}\n`);
      await vscode.commands.executeCommand('smallcode.rebuildIndex');
      for (const i of [0, 29, FILES - 1]) {
        assert.deepEqual((await definitions(codeIndex.intel, `batchHelper${i}`))?.map((h) => `${h.path}:${h.line}`), [`generated-batch/part${i}.js:1`]);
      }
      assert.match(await codeIndex.describe(), new RegExp(`^Code index: (\\d+) files \\(JavaScript \\1\\)`));
      assert.ok(Number(/^Code index: (\d+) files/.exec(await codeIndex.describe())![1]) > FILES);
    } finally {
      fs.rmSync(folder.fsPath, { recursive: true, force: true });
    }
    // Leave the index as the other suites expect it.
    await vscode.commands.executeCommand('smallcode.rebuildIndex');
    assert.equal(await definitions(codeIndex.intel, 'batchHelper0'), undefined);
  });

  test('a rebuild started during a build: the cancelled build ending late does not declare the emptied index ready', async () => {
    const smallcode = await api();
    const { codeIndex } = smallcode;
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    await codeIndex.settingsApplied();
    const folder = vscode.Uri.joinPath(root(), 'many-files');
    const cancelledLogged = () => logText(smallcode.logUri.fsPath).split('Code index: cancelled (').length - 1;
    try {
      // written while the index is off: the next worker's first build (an update) has 400 files to parse
      await settings({ 'index.enabled': false });
      assert.equal(await codeIndex.settingsApplied(), true);
      fs.mkdirSync(folder.fsPath, { recursive: true });
      for (let i = 0; i < 400; i++) fs.writeFileSync(`${folder.fsPath}/m${i}.js`, `function manyHelper${i}(x) {\n  return x + ${i};\n}\n`);
      await settings({ 'index.enabled': undefined });
      assert.equal(await codeIndex.settingsApplied(), true);
      const cancelled = cancelledLogged();
      // the rebuild starts the worker, whose update it cancels (a second "Rebuild index" would join the first instead)
      const rebuilt = vscode.commands.executeCommand('smallcode.rebuildIndex');
      await waitFor('the cancelled update ended', () => cancelledLogged() > cancelled, 30_000);
      // The index either says it is still being built, or answers from the finished rebuild: never from its emptied tables.
      const answer = await Promise.resolve(codeIndex.intel.findSymbol('average')).then((hits) => hits.map((h) => h.path).join(','), (error: Error) => error.message);
      assert.match(answer, /^(src\/math\.js|The code index is still being built.*)$/);
      await rebuilt;
      assert.deepEqual((await definitions(codeIndex.intel, 'manyHelper399'))?.map((h) => h.path), ['many-files/m399.js']);
      assert.match(await codeIndex.describe(), /^Code index: \d+ files/);
    } finally {
      await settings({ 'index.enabled': undefined });
      fs.rmSync(folder.fsPath, { recursive: true, force: true });
    }
    await vscode.commands.executeCommand('smallcode.rebuildIndex');
  });

  test('a saved index answers while it is brought up to date, so the first task after a restart has its repo map', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    const folder = vscode.Uri.joinPath(root(), 'written-while-closed');
    try {
      await settings({ 'index.enabled': false }); // the worker saves the index and stops, as when the window closes
      await waitFor('the index to turn off', async () => /turned off/.test(await codeIndex.describe()));
      fs.mkdirSync(folder.fsPath, { recursive: true });
      for (let i = 0; i < 2000; i++) fs.writeFileSync(`${folder.fsPath}/w${i}.js`, `function closedHelper${i}(x) {\n  return x * ${i};\n}\n`);
      await settings({ 'index.enabled': true }); // a new worker loads the saved index and updates it: 2,000 new files
      await waitFor('the update under way', async () => /^Indexing: /.test(await codeIndex.describe()), 30_000);
      assert.deepEqual((await codeIndex.intel.findSymbol('average')).map((h) => h.path), ['src/math.js']);
      assert.match(await codeIndex.intel.repoMapForTask('fix average()', 512), /^src\/math\.js\n {2}2: function average\(values\) \{/m);
      assert.match(await codeIndex.describe(), /^Indexing: /, 'answered while the update was still running');
      await waitFor('the new files indexed', () => definitions(codeIndex.intel, 'closedHelper1999'), 60_000);
    } finally {
      await settings({ 'index.enabled': undefined });
      fs.rmSync(folder.fsPath, { recursive: true, force: true });
    }
    await vscode.commands.executeCommand('smallcode.rebuildIndex'); // leave the index as the other tests expect it
    assert.equal(await definitions(codeIndex.intel, 'closedHelper0'), undefined);
  });

  test('not started yet (a task as the window opens): a lookup starts the index and answers from its saved database', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    try {
      await onButNotStarted(codeIndex.intel);
      assert.equal(await firstLookupWhenOn(codeIndex.intel, 'average'), 'src/math.js');
      assert.match(await codeIndex.intel.explainSymbol('clamp'), /^function clamp — src\/math\.js/);
    } finally {
      await settings({ 'index.enabled': undefined });
    }
  });

  test('not started yet and never built: a lookup starts the index and waits for its first build', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    const saved = /Kept in (.*code-index\.sqlite)\./.exec(await codeIndex.describe())![1]!;
    try {
      // project memory is in the same file: these are the test window's notes only
      await onButNotStarted(codeIndex.intel, () => { for (const file of [saved, `${saved}.sha256`]) fs.rmSync(file, { force: true }); });
      assert.equal(await firstLookupWhenOn(codeIndex.intel, 'average'), 'src/math.js');
    } finally {
      await settings({ 'index.enabled': undefined });
    }
  });

  test('not started yet: the first task has its repo map all the same, so the next task\'s prompt starts the same', async () => {
    const server = await startReplayServer({ emulate: 'llamacpp', reportedContext: 16384, script: [{ text: 'It averages.' }, { text: 'It clamps.' }] });
    const smallcode = await api();
    try {
      await settings({ baseUrl: server.baseUrl });
      await waitFor('the first build', () => definitions(smallcode.codeIndex.intel, 'average'), 30_000);
      await onButNotStarted(smallcode.codeIndex.intel);
      await smallcode.chat.submit('What does average() in src/math.js do?');
      await smallcode.chat.submit('And clamp()?');
      // the system prompt, and the first user message the map leads
      const [first, second] = server.chatRequests.map((r) => (r.body.messages as { content: string }[]).slice(0, 2).map((m) => m.content));
      assert.match(first![1]!, /^## Repository map[\s\S]*src\/math\.js/);
      assert.deepEqual(second, first, 'the same system prompt, map and all');
    } finally {
      await settings({ baseUrl: undefined, 'index.enabled': undefined });
      await smallcode.chat.newChat();
      await server.close();
    }
  });

  test('"SmallCode: Rebuild index" builds it again', async () => {
    const { codeIndex } = await api();
    await vscode.commands.executeCommand('smallcode.rebuildIndex');
    assert.deepEqual((await codeIndex.intel.findSymbol('clamp')).map((h) => h.path), ['src/math.js']);
    assert.match(await codeIndex.describe(), /^Code index: \d+ files \(JavaScript \d+\)/);
  });

  test('its settings apply without a reload: turned off it stops answering, turned on it builds, new limits rebuild it', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    const refusal = async () => Promise.resolve(codeIndex.intel.repoMapForTask('fix average()', 512)).then(() => '', (error: Error) => error.message);
    try {
      await settings({ 'index.enabled': false });
      assert.match(await waitFor('the index to turn off', async () => /turned off/.test(await refusal()) && refusal()), /The code index is not available \(The code index is turned off/);
      assert.equal(await codeIndex.describe(), 'The code index is turned off (setting smallcode.index.enabled).');
      await settings({ 'index.enabled': true });
      assert.deepEqual((await waitFor('the index back on', () => definitions(codeIndex.intel, 'average'), 30_000)).map((h) => h.path), ['src/math.js']);
      await settings({ 'index.maxFiles': 1 });
      await waitFor('the index rebuilt with at most one file', async () => /^Code index: 1 files?\b/.test(await codeIndex.describe()), 30_000);
    } finally {
      await settings({ 'index.enabled': undefined, 'index.maxFiles': undefined });
    }
    await waitFor('the whole workspace indexed again', () => definitions(codeIndex.intel, 'average'), 30_000);
  });

  test('files.exclude applies to the index without a reload: what the Explorer hides is not found, and comes back when shown', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    const files = vscode.workspace.getConfiguration('files');
    try {
      await files.update('exclude', { 'src/math.js': true }, vscode.ConfigurationTarget.Global);
      await waitFor('the excluded file to leave the index', async () => (await lookup(codeIndex.intel, 'average')) === '', 30_000);
      assert.deepEqual((await codeIndex.intel.findSymbol('average')).filter((h) => h.name === 'average'), [], 'no definition in the hidden file');
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.deepEqual((await waitFor('the file back in the index', () => definitions(codeIndex.intel, 'average'), 30_000)).map((h) => h.path), ['src/math.js']);
  });

  test('files.exclude applies to find_files and search at once, in the chat\'s agent; read_file still reads a hidden file', async () => {
    const call = (name: string, args: Record<string, unknown>) => ({ text: `<tool_call>${JSON.stringify({ name, arguments: args })}</tool_call>` });
    const server = await startReplayServer({
      emulate: 'llamacpp', reportedContext: 16384,
      script: [call('find_files', { glob: '**/*.js' }), call('search', { pattern: 'function average' }), call('read_file', { path: 'src/math.js' }), { text: 'Done.' }],
    });
    const smallcode = await api();
    const files = vscode.workspace.getConfiguration('files');
    try {
      await settings({ baseUrl: server.baseUrl });
      await files.update('exclude', { 'src/math.js': true }, vscode.ConfigurationTarget.Global);
      await smallcode.chat.submit('Where is average defined?');
      // each request ends with the result of the call before it
      const resultOf = (request: number) => JSON.stringify(server.chatRequests[request]!.body.messages.at(-1));
      assert.equal(server.chatRequests.length, 4);
      assert.doesNotMatch(resultOf(1), /math\.js/, 'find_files lists a file the Explorer hides');
      assert.doesNotMatch(resultOf(2), /math\.js/, 'search finds text in a file the Explorer hides');
      assert.match(resultOf(3), /function average/, 'read_file reads it when named');
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Global);
      await settings({ baseUrl: undefined });
      await smallcode.chat.newChat();
      await server.close();
    }
  });

  test('a settings event that changes no value in force (values set to their defaults, then removed) does not restart the index', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    await codeIndex.settingsApplied(); // an event left by an earlier test is not this one's
    const launches = codeIndex.launches();
    try {
      await settings({ 'index.enabled': true, 'index.maxFiles': 10_000, 'index.maxFileKB': 512 });
      assert.equal(await codeIndex.settingsApplied(), false, 'the index was stopped');
    } finally {
      await settings({ 'index.enabled': undefined, 'index.maxFiles': undefined, 'index.maxFileKB': undefined });
    }
    assert.equal(await codeIndex.settingsApplied(), false, 'the index was stopped when the values were removed');
    assert.equal(codeIndex.launches(), launches, 'a worker was launched again');
    assert.deepEqual((await codeIndex.intel.findSymbol('average')).map((h) => h.path), ['src/math.js']);
  });

  test('turned on, started by a lookup at once, and off again within the settings\' quiet time: it turns off', async () => {
    const { codeIndex } = await api();
    await waitFor('the first build', () => definitions(codeIndex.intel, 'average'), 30_000);
    await codeIndex.settingsApplied();
    try {
      await settings({ 'index.enabled': false });
      assert.equal(await codeIndex.settingsApplied(), true);
      await settings({ 'index.enabled': true });
      // the lookup launches a worker with the index on before that event is handled: the next event is judged against it
      const started = lookup(codeIndex.intel, 'average');
      await settings({ 'index.enabled': false });
      await started;
      assert.equal(await codeIndex.settingsApplied(), true, 'the index was not stopped');
      assert.match(await lookup(codeIndex.intel, 'average'), /turned off/);
    } finally {
      await settings({ 'index.enabled': undefined });
    }
    await codeIndex.settingsApplied();
    await waitFor('the index back on', () => definitions(codeIndex.intel, 'average'), 30_000);
  });

  test('a worker that never answers: /index and /memory say so within their bound instead of waiting for good, and "Rebuild index" restarts it once', async function () {
    if (process.platform === 'win32') this.skip(); // a named pipe in place of the saved database holds the worker's read
    this.timeout(90_000);
    const smallcode = await api();
    const { codeIndex } = smallcode;
    await whileWorkerHangs(codeIndex, async () => {
      const asked = Date.now();
      const [index, memory] = await Promise.all([
        codeIndex.describe(),
        smallcode.chat.command('memory').then(() => smallcode.chat.entries().at(-1)?.text),
      ]);
      const waited = Date.now() - asked;
      assert.equal(index, `The code index is not available: ${NOT_ANSWERING}.`);
      assert.equal(memory, `Project memory is not available: ${NOT_ANSWERING}.`);
      assert.ok(waited >= 14_000 && waited < 30_000, `answered after ${waited} ms`);
      // asked again, they say so at once instead of waiting as long again
      const again = Date.now();
      assert.equal(await codeIndex.describe(), `The code index is not available: ${NOT_ANSWERING}.`);
      assert.ok(Date.now() - again < 2_000, `answered after ${Date.now() - again} ms`);
      // "Rebuild index" restarts it; the new worker reads the same pipe and does not answer either: said within the bound, restarted once
      const launches = codeIndex.launches();
      const rebuilding = Date.now();
      await vscode.commands.executeCommand('smallcode.rebuildIndex');
      const rebuildWaited = Date.now() - rebuilding;
      assert.ok(rebuildWaited >= 14_000 && rebuildWaited < 30_000, `the rebuild gave up after ${rebuildWaited} ms`);
      assert.equal(codeIndex.launches(), launches + 1, 'workers launched by the rebuild');
      await waitFor('the rebuild\'s warning in the log file', () => logText(smallcode.logUri.fsPath).includes(`Code index: not rebuilt: ${NOT_ANSWERING}`), 15_000);
    });
  });

  test('a worker that never answers: a second "Rebuild index" while the first waits joins it, so the worker is restarted once', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(120_000);
    const smallcode = await api();
    const { codeIndex } = smallcode;
    /** How often the log file says `line` (the count before the rebuilds is subtracted). */
    const logged = (line: string) => logText(smallcode.logUri.fsPath).split(line).length - 1;
    const notRebuilt = `Code index: not rebuilt: ${NOT_ANSWERING}`;
    await whileWorkerHangs(codeIndex, async () => {
      const before = { restarted: logged(RESTARTED), notRebuilt: logged(notRebuilt), stopped: logged('the code index worker was stopped') };
      const launches = codeIndex.launches();
      const first = vscode.commands.executeCommand('smallcode.rebuildIndex');
      await waitFor('the worker that will not answer launched', () => codeIndex.launches() > launches);
      // clicked again during the first's wait: apart, its own wait would run out just after the first restarted the worker, and restart the new one
      const second = vscode.commands.executeCommand('smallcode.rebuildIndex');
      // the first restarts the worker; the new one reads the same pipe and does not answer either
      await Promise.all([first, second]);
      assert.equal(codeIndex.launches(), launches + 2, 'the hung worker and the one started in its place');
      await waitFor('the rebuild\'s warning in the log file', () => logged(notRebuilt) > before.notRebuilt, 15_000);
      assert.equal(logged(RESTARTED) - before.restarted, 1, 'restarted once');
      assert.equal(logged(notRebuilt) - before.notRebuilt, 1, 'said once');
      assert.equal(logged('the code index worker was stopped') - before.stopped, 0, 'nothing asked of the stopped worker');
    });
  });

  test('a worker that never answers: the chat\'s Stop ends the wait of /index and /memory at once', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(90_000);
    const smallcode = await api();
    await whileWorkerHangs(smallcode.codeIndex, async () => {
      const launches = smallcode.codeIndex.launches();
      const answers = Promise.all([smallcode.chat.command('index'), smallcode.chat.command('memory')]);
      await waitFor('the worker that will not answer launched', () => smallcode.codeIndex.launches() > launches);
      // the user gives up on them: Stop in the panel, as for a run
      const stopped = Date.now();
      smallcode.chat.stop();
      await answers;
      const waited = Date.now() - stopped;
      assert.deepEqual(smallcode.chat.entries().slice(-2).map((e) => e.text).sort(), ['Stopped before project memory was read.', 'Stopped before the code index answered.']);
      assert.ok(waited < 2_000, `answered ${waited} ms after the Stop`);
    });
  });

  test('a worker that never answers: a task goes on without its memory note, and says why', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(120_000);
    await taskWhileWorkerHangs(async (smallcode, server) => {
      await smallcode.chat.submit('What does average() do?');
      const notices = smallcode.chat.entries().filter((e) => e.role === 'notice').map((e) => e.text);
      assert.ok(notices.includes(NOTES_NOT_READ), `the chat says why: ${notices.join(' | ')}`);
      assert.equal(smallcode.chat.entries().at(-1)?.text, 'Answered without the notes.');
      assert.equal(server.chatRequests.length, 1);
      await waitFor('the reason in the log file', () => logText(smallcode.logUri.fsPath).includes(`memory: ${NOTES_NOT_READ}`));
    });
  });

  test('a worker that never answers: the next task does not wait for it again, and says why at once', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(120_000);
    const reached: number[] = [];
    const script = ['First answer.', 'Second answer.'];
    const server = await startReplayServer({ emulate: 'llamacpp', reportedContext: 16384, handler: (_request, index) => { reached.push(Date.now()); return { text: script[index]! }; } });
    const smallcode = await api();
    try {
      await settings({ baseUrl: server.baseUrl });
      await whileWorkerHangs(smallcode.codeIndex, async () => {
        const first = Date.now();
        await smallcode.chat.submit('What does average() do?');
        assert.ok(reached[0]! - first >= 14_000, `the first task waited its bound: ${reached[0]! - first} ms`);
        const second = Date.now();
        await smallcode.chat.submit('And what does it return for an empty list?');
        assert.equal(server.chatRequests.length, 2);
        assert.ok(reached[1]! - second < 5_000, `the second task's first request reached the model ${reached[1]! - second} ms after it was submitted`);
        assert.equal(smallcode.chat.entries().at(-1)?.text, 'Second answer.');
        // each task says why, once
        assert.equal(smallcode.chat.entries().filter((e) => e.role === 'notice' && e.text === NOTES_NOT_READ).length, 2);
      });
      // once it answers (its database put back), it is waited for and answers again
      assert.match(await smallcode.codeIndex.describe(), /^Code index: /);
    } finally {
      await settings({ baseUrl: undefined });
      await smallcode.chat.newChat();
      await server.close();
    }
  });

  test('a worker that never answers: after a task says so, "Rebuild index" restarts it and /index answers again, without a reload', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(120_000);
    await taskWhileWorkerHangs(async (smallcode, _server, nextWorkerReads) => {
      await smallcode.chat.submit('What does average() do?');
      assert.ok(smallcode.chat.entries().some((e) => e.role === 'notice' && e.text === NOTES_NOT_READ), 'the task says the index is not answering');
      // only the hung worker's read waits on the pipe: a worker started now reads the database
      nextWorkerReads();
      const launches = smallcode.codeIndex.launches();
      await vscode.commands.executeCommand('smallcode.rebuildIndex');
      assert.equal(smallcode.codeIndex.launches(), launches + 1, 'workers launched by the rebuild');
      assert.ok(logText(smallcode.logUri.fsPath).includes(RESTARTED), 'the log says the worker was stopped');
      await smallcode.chat.command('index');
      assert.match(smallcode.chat.entries().at(-1)?.text ?? '', /^Code index: \d+ files \(JavaScript \d+\), \d+ definitions/);
      assert.deepEqual((await smallcode.codeIndex.intel.findSymbol('average')).map((h) => h.path), ['src/math.js']);
    });
  });

  test('a worker that never answers, restarted by "Rebuild index": Stop ends a memory tool\'s wait at once', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(120_000);
    const smallcode = await api();
    const remember = { text: `<tool_call>\n${JSON.stringify({ name: 'memory_remember', arguments: { key: 'check command', value: 'npm run check' } })}\n</tool_call>` };
    let rebuilt: Thenable<unknown> | undefined;
    const server = await startReplayServer({ emulate: 'llamacpp', reportedContext: 16384, handler: async (_request, index) => {
      if (index > 0) return { text: 'Saved.' };
      // The memory note's wait ran out, so a memory tool would fail at once: the user's "Rebuild index" starts a new worker, which hangs too
      rebuilt = vscode.commands.executeCommand('smallcode.rebuildIndex');
      await waitFor('the rebuild restarting the index', () => logText(smallcode.logUri.fsPath).includes(RESTARTED));
      return remember;
    } });
    try {
      await settings({ baseUrl: server.baseUrl });
      await whileWorkerHangs(smallcode.codeIndex, async () => {
        const running = smallcode.chat.submit('Remember the check command');
        await waitFor('the memory tool waiting for the index', () => smallcode.chat.entries().some((e) => e.role === 'tool' && e.tool?.name === 'memory_remember'), 40_000);
        const stopped = Date.now();
        smallcode.chat.stop();
        await running;
        const waited = Date.now() - stopped;
        assert.ok(waited < 2_000, `the run ended ${waited} ms after Stop`);
        assert.equal(server.chatRequests.length, 1, 'nothing asked after the Stop');
        await rebuilt;
      });
    } finally {
      await settings({ baseUrl: undefined });
      await smallcode.chat.newChat();
      await server.close();
    }
  });

  test('project memory outlives the index turned off and on: saved when it stops, notes written meanwhile join it', async () => {
    const call = (name: string, args: object) => ({ text: `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>` });
    const server = await startReplayServer({ emulate: 'llamacpp', reportedContext: 16384, script: [
      call('memory_remember', { key: 'check command', value: 'npm run check-7731' }), { text: 'Saved.' },
      call('memory_remember', { key: 'written while off', value: 'off-note-991' }), { text: 'Saved too.' },
      call('memory_load', {}), { text: 'Loaded.' },
    ] });
    const smallcode = await api();
    try {
      await settings({ baseUrl: server.baseUrl });
      await waitFor('the first build', () => definitions(smallcode.codeIndex.intel, 'average'), 30_000);
      await smallcode.chat.submit('Remember the check command');
      await settings({ 'index.enabled': false });
      await waitFor('the index to turn off', async () => /turned off/.test(await smallcode.codeIndex.describe()));
      await smallcode.chat.submit('Remember this too');
      await settings({ 'index.enabled': true });
      await waitFor('the index back on', () => definitions(smallcode.codeIndex.intel, 'average'), 30_000);
      await smallcode.chat.submit('What do you remember?');
      assert.equal(smallcode.chat.entries().at(-1)?.text, 'Loaded.');
      const loaded = JSON.stringify(server.chatRequests.at(-1)!.body.messages.at(-1));
      assert.match(loaded, /npm run check-7731/);
      assert.match(loaded, /off-note-991/);
    } finally {
      await settings({ baseUrl: undefined, 'index.enabled': undefined });
      await smallcode.chat.newChat();
      await server.close();
    }
  });

  test('the index limits a repository\'s settings may set are kept within their declared bounds (no file larger than read_file reads)', async () => {
    const defaults = { maxFiles: 10_000, maxFileBytes: 512 * 1024 };
    await assertSettingsRead([
      [{ 'index.maxFiles': 1_000_000_000, 'index.maxFileKB': 1_000_000 }, { maxFiles: 100_000, maxFileBytes: 1024 * 1024 }],
      [{ 'index.maxFiles': -5, 'index.maxFileKB': -1 }, { maxFiles: 1, maxFileBytes: 1024 }],
      [{ 'index.maxFiles': 0, 'index.maxFileKB': 0 }, defaults],
      [{ 'index.maxFiles': 'many', 'index.maxFileKB': null }, defaults],
      [{ 'index.maxFiles': 2500, 'index.maxFileKB': 64 }, { maxFiles: 2500, maxFileBytes: 64 * 1024 }],
    ], () => { const { maxFiles, maxFileBytes } = readIndexSettings(); return { maxFiles, maxFileBytes }; });
  });
});
