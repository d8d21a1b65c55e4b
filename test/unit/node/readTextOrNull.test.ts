// readTextOrNull, the one "read the file, or null" of the core and its hosts: null only when the file
// does not exist; a file that is there but cannot be read is thrown, never taken for absent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { readTextOrNull, WorkspaceError } from '../../../src/core/ports';

let base: string;
let ws: NodeWorkspace;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'smallcode-readornull-'));
  const root = join(base, 'root');
  mkdirSync(join(root, 'folder'), { recursive: true });
  writeFileSync(join(root, 'a.txt'), 'hello\n');
  writeFileSync(join(root, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  writeFileSync(join(root, 'big.txt'), 'x'.repeat(2048));
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
  ws = new NodeWorkspace(root, { maxReadBytes: 1024 });
});

after(() => rmSync(base, { recursive: true, force: true }));

/** The WorkspaceError code readTextOrNull threw (fails when it returned). */
async function thrownCode(path: string): Promise<string> {
  const error = await readTextOrNull(ws, path).then(() => assert.fail(`${path} was read`), (e: unknown) => e);
  assert.ok(error instanceof WorkspaceError, String(error));
  return error.code;
}

test('a file\'s text; null when it does not exist', async () => {
  assert.equal(await readTextOrNull(ws, 'a.txt'), 'hello\n');
  assert.equal(await readTextOrNull(ws, 'missing.txt'), null);
  assert.equal(await readTextOrNull(ws, 'folder/missing/deeper.txt'), null);
});

test('a file that is there but cannot be read is thrown, not taken for absent', async () => {
  assert.equal(await thrownCode('folder'), 'is-directory');
  assert.equal(await thrownCode('image.png'), 'binary');
  assert.equal(await thrownCode('big.txt'), 'too-large');
  assert.equal(await thrownCode('link.txt'), 'outside-root');
});

test('an error that is not the workspace\'s not-found is thrown as is', async () => {
  const failing = { readFile: () => Promise.reject(Object.assign(new Error('disk gone'), { code: 'not-found' })) };
  await assert.rejects(readTextOrNull(failing, 'a.txt'), /disk gone/);
});
