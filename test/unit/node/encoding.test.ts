import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { WorkspaceError } from '../../../src/core/ports';
import { decodeText, encodeText } from '../../../src/node/textEncoding';

let root: string;
let ws: NodeWorkspace;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'smallcode-enc-'));
  ws = new NodeWorkspace(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

const bytes = (p: string) => readFileSync(join(root, p));

test('a Latin-1 file can be looked at but is never written over (bytes unchanged on disk)', async () => {
  const latin1 = Buffer.from('/* caf\xe9 */\nint x = 1;\n', 'latin1');
  writeFileSync(join(root, 'legacy.c'), latin1);
  const file = await ws.readFile('legacy.c');
  assert.equal(file.content, '/* caf\uFFFD */\nint x = 1;\n', 'a lossy view for display');
  assert.match(file.readOnly ?? '', /not UTF-8/);
  await assert.rejects(ws.writeFile('legacy.c', file.content.replace('x = 1', 'x = 2')), (e: unknown) =>
    e instanceof WorkspaceError && e.code === 'binary' && /cannot edit it/.test(e.message) && /Nothing was written/.test(e.message));
  assert.deepEqual(bytes('legacy.c'), latin1);
});

test('a UTF-8 BOM is hidden from the model and kept on write; new files get none', async () => {
  writeFileSync(join(root, 'bom.cs'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('class Ä {}\n')]));
  const file = await ws.readFile('bom.cs');
  assert.equal(file.content, 'class Ä {}\n');
  await ws.writeFile('bom.cs', 'class Ö {}\n');
  assert.deepEqual(bytes('bom.cs'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('class Ö {}\n')]));
  await ws.writeFile('bom.cs', '\uFEFFclass Ü {}\n');
  assert.equal(bytes('bom.cs').subarray(3, 6).toString('hex'), '636c61', 'a BOM in the text is not doubled');
  await ws.writeFile('fresh.txt', 'x\n');
  assert.deepEqual(bytes('fresh.txt'), Buffer.from('x\n'));
});

test('CRLF and multi-byte text round-trip exactly as given', async () => {
  writeFileSync(join(root, 'win.txt'), 'a\r\nb — ✓\r\n');
  const file = await ws.readFile('win.txt');
  assert.equal(file.content, 'a\r\nb — ✓\r\n');
  assert.equal(file.readOnly, undefined);
  await ws.writeFile('win.txt', 'a\r\nc — ✓\r\n');
  assert.deepEqual(bytes('win.txt'), Buffer.from('a\r\nc — ✓\r\n'));
  await ws.writeFile('mixed.txt', 'lf\ncrlf\r\n');
  assert.deepEqual(bytes('mixed.txt'), Buffer.from('lf\ncrlf\r\n'), 'line endings are the caller\'s');
});

test('decodeText is strict about UTF-8 and encodeText restores the BOM', () => {
  assert.deepEqual(decodeText(Buffer.from([0x61, 0xe9])), { text: 'a\uFFFD', bom: false, utf8: false });
  assert.deepEqual(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61])), { text: 'a', bom: true, utf8: true });
  assert.deepEqual(decodeText(Buffer.from([0xed, 0xa0, 0x80])).utf8, false, 'an encoded lone surrogate is not UTF-8');
  assert.deepEqual(encodeText('a', true), Buffer.from([0xef, 0xbb, 0xbf, 0x61]));
});
