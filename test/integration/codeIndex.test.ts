// The code index inside a real VS Code: built in its worker after activation, kept up to date by
// file events, rebuilt by its command, described by /index, answering the agent's lookups.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, waitFor } from '../support/smallcodeInVsCode';
import type { CodeIntel, SymbolHit } from '../../src/core/codeIndex';

const root = () => vscode.workspace.workspaceFolders![0]!.uri;

/** Definitions of `name` once the index answers (it refuses while its first build runs). */
async function definitions(intel: CodeIntel, name: string): Promise<SymbolHit[] | undefined> {
  try {
    const hits = (await intel.findSymbol(name)).filter((h) => h.name === name);
    return hits.length ? hits : undefined;
  } catch {
    return undefined;
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

  test('"SmallCode: Rebuild index" builds it again', async () => {
    const { codeIndex } = await api();
    await vscode.commands.executeCommand('smallcode.rebuildIndex');
    assert.deepEqual((await codeIndex.intel.findSymbol('clamp')).map((h) => h.path), ['src/math.js']);
    assert.match(await codeIndex.describe(), /^Code index: \d+ files \(JavaScript \d+\)/);
  });
});
