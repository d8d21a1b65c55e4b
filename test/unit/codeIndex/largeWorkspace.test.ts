// A workspace far larger than the index's file limit (50,000 source files): the walk is bounded by the
// limit, the build reports progress against it, runs on the parsing threads, and stops promptly when
// cancelled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { defaultParallelism } from '../../../src/node/codeIndex/parallelTagger';
import { DEFAULT_INDEX_LIMITS, type IndexProgress } from '../../../src/core/codeIndex';

const FILES = 50_000;
const FOLDERS = 500;
let base: string;
let root: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'smallcode-large-'));
  root = join(base, 'ws');
  for (let d = 0; d < FOLDERS; d++) mkdirSync(join(root, `pkg${d}`), { recursive: true });
  for (let i = 0; i < FILES; i++) {
    writeFileSync(join(root, `pkg${i % FOLDERS}`, `mod${i}.py`), `class Model${i}:\n    def save(self):\n        return store_${(i + 1) % FILES}(self)\n\ndef store_${i}(model):\n    return model\n`);
  }
});
after(() => rmSync(base, { recursive: true, force: true }));

test('50,000 files: bounded by the file limit, progress against it, stopped promptly by cancelling', async () => {
  const controller = new AbortController();
  const progress: IndexProgress[] = [];
  const warnings: string[] = [];
  const CANCEL_AT = 300;
  const index = await CodeIndex.open({
    root, storageDir: join(base, 'store-cancel'), signal: controller.signal, onWarning: (w) => warnings.push(w),
    onProgress: (p) => { progress.push(p); if (p.done === CANCEL_AT) controller.abort(); },
  });
  try {
    const limit = DEFAULT_INDEX_LIMITS.maxFiles;
    assert.ok(limit < FILES);
    assert.ok(progress.every((p) => p.total === limit), 'progress counts toward the limit, not the workspace');
    assert.deepEqual(progress.map((p) => p.done), progress.map((_, i) => i + 1), 'one step per file, in order');
    assert.match(warnings.join('\n'), /more than 10,000 source files; only 10,000 are indexed, code before tests/);
    // Files already in flight on the threads when the cancel came are finished (and stored); no more.
    const inFlight = defaultParallelism() * 2;
    const files = index.state().files;
    assert.ok(files >= CANCEL_AT && files < CANCEL_AT + inFlight, `${files} files indexed after cancelling at ${CANCEL_AT}`);
    assert.equal(progress.length, files);
    assert.equal(index.findSymbol('Model7', { limit: 1 })[0]?.kind, 'class', 'what was indexed is usable');
  } finally {
    await index.close();
  }
});

test('50,000 files with a limit of 400: 400 are indexed on the parsing threads, the rest skipped', async () => {
  const progress: IndexProgress[] = [];
  const warnings: string[] = [];
  const index = await CodeIndex.open({ root, storageDir: join(base, 'store-limit'), maxFiles: 400, onProgress: (p) => progress.push(p), onWarning: (w) => warnings.push(w) });
  try {
    const state = index.state();
    assert.equal(state.files, 400);
    assert.equal(state.truncated, true);
    assert.equal(progress.at(-1)?.done, 400);
    assert.ok(progress.every((p) => p.total === 400));
    assert.deepEqual(warnings, ['The workspace has more than 400 source files; only 400 are indexed, code before tests, examples and vendored files (setting smallcode.index.maxFiles).']);
    assert.equal(state.definitions, 400 * 3, 'every file parsed (a failed parse stores no definitions)');
    const [hit] = index.findSymbol('Model0');
    assert.equal(hit?.path, 'pkg0/mod0.py');
    assert.ok((await index.update()).parsed === 0, 'an update after it parses nothing again');
  } finally {
    await index.close();
  }
});
