// Files that are not files: a named pipe blocks a plain read forever, /dev/zero never ends, and a
// committed .gitignore can be a symlink to either (or to a file outside the workspace). Every test has
// a time-out, so a regression fails instead of hanging the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceError } from '../../../src/core/ports';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';

// A hang never ends: 30 s catches it and leaves a loaded machine time for the workers each search starts.
const T = { timeout: 30_000 };

function workspace(files: Record<string, string> = {}): { root: string; ws: NodeWorkspace } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-special-')));
  for (const [p, c] of Object.entries(files)) writeFileSync(join(root, p), c);
  return { root, ws: new NodeWorkspace(root) };
}

const refusedAs = (code: string) => (e: unknown) => e instanceof WorkspaceError && e.code === code;

test('read_file on a named pipe, or a symlink to a device, is refused at once', T, async () => {
  const { root, ws } = workspace({ 'a.txt': 'a\n' });
  try {
    execFileSync('mkfifo', [join(root, 'pipe')]);
    symlinkSync('/dev/zero', join(root, 'zero'));
    symlinkSync('/dev/stdin', join(root, 'stdin'));
    await assert.rejects(ws.readFile('pipe'), refusedAs('not-regular'));
    await assert.rejects(ws.readFile('zero'), (e: unknown) => e instanceof WorkspaceError && e.code !== 'not-found');
    await assert.rejects(ws.readFile('stdin'), (e: unknown) => e instanceof WorkspaceError && e.code !== 'not-found');
    await assert.rejects(ws.writeFile('pipe', 'x'), refusedAs('not-regular'));
    assert.equal((await ws.readFile('a.txt')).content, 'a\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a read is cancellable', T, async () => {
  const { root, ws } = workspace({ 'a.txt': 'a\n' });
  try {
    await assert.rejects(ws.readFile('a.txt', { signal: AbortSignal.abort() }), /cancelled/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a .gitignore symlinked to /dev/stdin, /dev/zero or a FIFO does not hang find or search', T, async () => {
  for (const target of ['/dev/stdin', '/dev/zero', 'fifo']) {
    const { root, ws } = workspace({ 'a.txt': 'needle\n' });
    try {
      if (target === 'fifo') execFileSync('mkfifo', [join(root, 'ignore-fifo')]);
      symlinkSync(target === 'fifo' ? join(root, 'ignore-fifo') : target, join(root, '.gitignore'));
      execFileSync('mkfifo', [join(root, 'pipe.txt')]);
      symlinkSync(join(root, 'pipe.txt'), join(root, 'link-to-pipe.txt'));
      assert.ok((await ws.findFiles()).files.includes('a.txt'), target);
      const found = await ws.search('needle');
      assert.deepEqual(found.matches.map((m) => m.path), ['a.txt'], target);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

test('a .gitignore symlinked to a file outside the workspace is not read', T, async () => {
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-outside-')));
  const { root, ws } = workspace({ 'a.txt': 'a\n' });
  try {
    writeFileSync(join(outside, 'rules'), '*\n');
    symlinkSync(join(outside, 'rules'), join(root, '.gitignore'));
    assert.ok((await ws.findFiles()).files.includes('a.txt'), 'the outside rules did not hide the workspace');
    assert.equal(readFileSync(join(outside, 'rules'), 'utf8'), '*\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('without git on the PATH, a .git/config (or gitdir) that is a FIFO or a link to /dev/stdin does not hang every edit', T, async () => {
  const setups: Record<string, (root: string) => void> = {
    'config FIFO': (root) => { mkdirSync(join(root, '.git')); execFileSync('mkfifo', [join(root, '.git', 'config')]); },
    'config -> /dev/stdin': (root) => { mkdirSync(join(root, '.git')); symlinkSync('/dev/stdin', join(root, '.git', 'config')); },
    '.git file -> FIFO': (root) => { execFileSync('mkfifo', [join(root, 'pointer')]); symlinkSync(join(root, 'pointer'), join(root, '.git')); },
    'gitdir with a FIFO config': (root) => { writeFileSync(join(root, '.git'), 'gitdir: .repo\n'); mkdirSync(join(root, '.repo')); execFileSync('mkfifo', [join(root, '.repo', 'config')]); },
  };
  const path = process.env.PATH;
  for (const [name, setup] of Object.entries(setups)) {
    const { root, ws } = workspace({ 'a.txt': 'a\n' });
    try {
      setup(root);
      process.env.PATH = '';
      assert.deepEqual(await ws.writeTarget('a.txt'), { ok: true, path: 'a.txt', realPath: 'a.txt' }, name);
      assert.equal((await ws.writeFile('a.txt', 'b\n')).path, 'a.txt', name);
    } finally {
      process.env.PATH = path;
      rmSync(root, { recursive: true, force: true });
    }
  }
});
