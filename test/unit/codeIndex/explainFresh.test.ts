// explain_symbol reads the file as it is now and slices it with the lines the index stored: a file
// edited since it was indexed must never be shown under the old lines (the symbol's name over other
// code). It is indexed again first, or, when the index is busy with an update, the change is said.
// Also: a CRLF file's code lines carry no carriage returns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { CodeIndexCore, type IndexFileSource } from '../../../src/core/codeIndex';
import { FileSystemSource } from '../../../src/node/codeIndex/fileSource';
import { FileIndexStorage } from '../../../src/node/codeIndex/fileStorage';
import { loadSqlEngine } from '../../../src/node/codeIndex/sqlJsEngine';
import { TreeSitterTagger } from '../../../src/node/codeIndex/treeSitterTagger';

let base: string;
before(() => { base = mkdtempSync(join(tmpdir(), 'smallcode-explain-fresh-')); });
after(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
function workspace(files: Record<string, string>): { root: string; storageDir: string } {
  const dir = join(base, `case${n++}`);
  const root = join(dir, 'ws');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return { root, storageDir: join(dir, 'storage') };
}

const A = 'def target(x):\n    return helper(x) + 1\n\ndef helper(y):\n    return y\n';
const B = 'from pkg.a import target\n\ndef use_it():\n    return target(2)\n';
const HEADER = '# one\n# two\n# three\n# four\n# five\n';

test('explain_symbol right after an edit the index has not heard of: indexed again, the right code under the right lines', async () => {
  const ws = workspace({ 'pkg/a.py': A, 'pkg/b.py': B });
  const index = await CodeIndex.open(ws);
  try {
    assert.match(await index.explainSymbol('target'), /^function target — pkg\/a\.py:1-2\n1: def target\(x\):/);
    writeFileSync(join(ws.root, 'pkg/a.py'), HEADER + A); // no updateFiles: as before the host's file event
    assert.equal(await index.explainSymbol('target'), [
      'function target — pkg/a.py:6-7',
      '6: def target(x):',
      '7:     return helper(x) + 1',
      'Callers (1):',
      'pkg/b.py:4 use_it',
      'Calls (1):',
      'pkg/a.py:9 helper',
    ].join('\n'));
    assert.equal(index.findSymbol('helper')[0]?.line, 9, 'the index itself is up to date now');

    writeFileSync(join(ws.root, 'pkg/a.py'), 'def renamed(x):\n    return x\n');
    assert.equal(await index.explainSymbol('target'), 'No definition named "target" in the index.', 'gone since: not shown from its old lines');
  } finally {
    await index.close();
  }
});

test('explain_symbol after a caller\'s file was edited unheard of: it is indexed again, its call listed at its line now', async () => {
  const ws = workspace({ 'pkg/a.py': A, 'pkg/b.py': B });
  const index = await CodeIndex.open(ws);
  try {
    writeFileSync(join(ws.root, 'pkg/b.py'), HEADER + B); // the call moved from line 4 to line 9
    assert.equal(await index.explainSymbol('target'), [
      'function target — pkg/a.py:1-2',
      '1: def target(x):',
      '2:     return helper(x) + 1',
      'Callers (1):',
      'pkg/b.py:9 use_it',
      'Calls (1):',
      'pkg/a.py:4 helper',
    ].join('\n'));
    assert.deepEqual(index.references('target').map((r) => `${r.path}:${r.line}`).filter((r) => r.startsWith('pkg/b')), ['pkg/b.py:6', 'pkg/b.py:9'], 'the index itself is up to date now');
  } finally {
    await index.close();
  }
});

/** The workspace's files, with the walk of an update held until `release` (the file reads are not). */
function heldWalk(source: IndexFileSource): { source: IndexFileSource; release: () => void; walking: Promise<void> } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let started!: () => void;
  const walking = new Promise<void>((resolve) => { started = resolve; });
  let hold = false;
  return {
    release,
    walking,
    source: {
      stat: (path) => source.stat(path),
      read: (path) => source.read(path),
      async *list(signal, under) {
        if (hold) { started(); await held; }
        hold = true; // the first walk (the open's build) runs freely
        yield* source.list(signal, under);
      },
    },
  };
}

test('explain_symbol during an update it must not wait for: says the file changed, shows none of its lines', async () => {
  const ws = workspace({ 'pkg/a.py': A, 'pkg/b.py': B });
  const held = heldWalk(new FileSystemSource(realpathSync(ws.root)));
  const index = await CodeIndexCore.openWith({ source: held.source, tagger: new TreeSitterTagger(), sql: await loadSqlEngine(), storage: new FileIndexStorage(ws.storageDir) });
  try {
    writeFileSync(join(ws.root, 'pkg/a.py'), HEADER + A);
    const updating = index.update();
    await held.walking;
    const text = await index.explainSymbol('target');
    assert.equal(text, [
      'function target — pkg/a.py:1-2',
      '(pkg/a.py changed since it was indexed: these lines may have moved. read_file pkg/a.py to see it now.)',
      'Callers (1):',
      'pkg/b.py:4 use_it',
    ].join('\n'));
    writeFileSync(join(ws.root, 'pkg/b.py'), HEADER + B);
    assert.equal(await index.explainSymbol('helper'), [
      'function helper — pkg/a.py:4-5',
      '(pkg/a.py changed since it was indexed: these lines may have moved. read_file pkg/a.py to see it now.)',
      'Callers: no calls found in the index (uses as a value may be missed: search to be sure before removing or renaming it).',
      '(pkg/a.py uses the name too but changed since it was indexed: not checked, search finds its uses.)',
    ].join('\n'), 'its stored lines are not read against the new text');
    assert.equal(await index.explainSymbol('target'), [
      'function target — pkg/a.py:1-2',
      '(pkg/a.py changed since it was indexed: these lines may have moved. read_file pkg/a.py to see it now.)',
      'Callers: no calls found in the index (uses as a value may be missed: search to be sure before removing or renaming it).',
      '(pkg/b.py uses the name too but changed since it was indexed: not checked, search finds its uses.)',
    ].join('\n'), 'a caller\'s file changed during the update: not listed at its old line 4');
    held.release();
    await updating;
    assert.match(await index.explainSymbol('target'), /^function target — pkg\/a\.py:6-7\n6: def target\(x\):/);
  } finally {
    held.release();
    await index.close();
  }
});

test('explain_symbol on a CRLF file: code lines without carriage returns, callers and calls found', async () => {
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');
  const ws = workspace({
    'src/alpha.ts': crlf('export function alpha(a: number) {\n  return beta(a);\n}\nexport function beta(b: number) {\n  return b;\n}\n'),
    'src/use.ts': crlf("import { alpha } from './alpha';\nexport function run() {\n  return alpha(1);\n}\n"),
  });
  const index = await CodeIndex.open(ws);
  try {
    assert.equal(await index.explainSymbol('alpha'), [
      'function alpha — src/alpha.ts:1-3',
      '1: export function alpha(a: number) {',
      '2:   return beta(a);',
      '3: }',
      'Callers (1):',
      'src/use.ts:3 run',
      'Calls (1):',
      'src/alpha.ts:4 beta',
    ].join('\n'));
  } finally {
    await index.close();
  }
});
