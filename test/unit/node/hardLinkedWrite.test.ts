// A user's file with another hard link: the workspace's write keeps the link (both names show the
// edit, in place, same inode), shorter and longer content alike, with its BOM and permissions; an
// unlinked file is still replaced atomically (by a rename).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, linkSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';

let base: string;
let root: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'smallcode-links-'));
  root = join(base, 'root');
  mkdirSync(join(root, 'src'), { recursive: true });
});

after(() => rmSync(base, { recursive: true, force: true }));

test('a hard-linked file is written in place: the other name sees the edit, the link stays', async () => {
  const file = join(root, 'src', 'shared.js');
  const other = join(base, 'elsewhere.js'); // the other name, outside the workspace (a shared copy)
  writeFileSync(file, 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
  chmodSync(file, 0o750);
  linkSync(file, other);
  const inode = statSync(file).ino;
  const ws = new NodeWorkspace(root);

  await ws.writeFile('src/shared.js', 'const a = 10;\n', { expected: 'const a = 1;\nconst b = 2;\nconst c = 3;\n' }); // shorter: the tail is cut
  assert.equal(readFileSync(other, 'utf8'), 'const a = 10;\n', 'the other name sees the edit');
  assert.equal(readFileSync(file, 'utf8'), 'const a = 10;\n');
  assert.equal(statSync(file).ino, inode, 'the same file, not a new one');
  assert.equal(statSync(file).nlink, 2, 'still linked');
  assert.equal(statSync(file).mode & 0o777, 0o750);

  await ws.writeFile('src/shared.js', 'const a = 10;\nconst d = 4;\n'); // longer
  assert.equal(readFileSync(other, 'utf8'), 'const a = 10;\nconst d = 4;\n');
  assert.deepEqual(readdirSync(join(root, 'src')).filter((n) => n.includes('smallcode-tmp')), [], 'no temp file left');
});

test('a hard-linked file with a byte-order mark keeps it; a stale write is still refused before anything is written', async () => {
  const file = join(root, 'src', 'bom.txt');
  const other = join(base, 'bom-elsewhere.txt');
  writeFileSync(file, '\uFEFFone\ntwo\n');
  linkSync(file, other);
  const ws = new NodeWorkspace(root);
  await ws.writeFile('src/bom.txt', 'one\n2\n');
  assert.deepEqual(readFileSync(other), Buffer.from('\uFEFFone\n2\n'));
  await assert.rejects(ws.writeFile('src/bom.txt', 'x\n', { expected: 'one\ntwo\n' }), /changed/i);
  assert.deepEqual(readFileSync(other), Buffer.from('\uFEFFone\n2\n'), 'nothing written');
});

test('a file without other links is still replaced atomically', async () => {
  const file = join(root, 'src', 'single.js');
  writeFileSync(file, 'old\n');
  const inode = statSync(file).ino;
  await new NodeWorkspace(root).writeFile('src/single.js', 'new\n');
  assert.equal(readFileSync(file, 'utf8'), 'new\n');
  assert.notEqual(statSync(file).ino, inode, 'renamed over: a crash leaves the old file or the new one');
});
