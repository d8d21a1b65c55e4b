// Saving the index's database: a note is on disk when `remember` answers, even in the middle of a long
// build; a save asked for during a build waits for its batch, never fails it; saves do not leak.
import { test, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { CodeIndexCore } from '../../../src/core/codeIndex';
import type { IndexStorage, SqlDatabase, SqlEngine, SqlStatement } from '../../../src/core/codeIndex';
import { FileSystemSource } from '../../../src/node/codeIndex/fileSource';
import { FileIndexStorage, INDEX_FILE } from '../../../src/node/codeIndex/fileStorage';
import { loadSqlEngine } from '../../../src/node/codeIndex/sqlJsEngine';
import { TreeSitterTagger } from '../../../src/node/codeIndex/treeSitterTagger';
import { poll } from '../../support/poll.mjs';

let base: string;
before(() => { base = mkdtempSync(join(tmpdir(), 'smallcode-index-saving-')); });
after(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
function workspace(files: number): { root: string; storageDir: string } {
  const dir = join(base, `case${n++}`);
  const root = join(dir, 'ws');
  mkdirSync(join(root, 'src'), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(root, 'src', `f${i}.ts`), `export function fn${i}(a: number) { return helper${i}(a); }\nfunction helper${i}(x: number) { return x; }\n`);
  return { root, storageDir: join(dir, 'storage') };
}

/** The database file's bytes on disk now (what a reload would find). */
const bytesOnDisk = (storageDir: string) => {
  const file = join(storageDir, INDEX_FILE);
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
};

/** The notes' keys and the number of files in a database file's bytes. */
async function contents(bytes: Uint8Array | undefined): Promise<{ notes: string[]; files: number } | 'no file'> {
  if (!bytes) return 'no file';
  const db = (await loadSqlEngine()).open(bytes);
  try {
    return {
      notes: (db.exec('SELECT key FROM memory ORDER BY key')[0]?.values ?? []).map((r) => r[0] as string),
      files: db.exec('SELECT count(*) FROM files')[0]!.values[0]![0] as number,
    };
  } finally {
    db.close();
  }
}

test('a note remembered in the middle of the first build is on disk when remember answers', async () => {
  const ws = workspace(400);
  const index = await CodeIndex.open({ ...ws, parseThreads: 0, update: false });
  try {
    let remembered: Promise<{ answer: string; onDisk: Uint8Array | undefined }> | undefined;
    const summary = await index.update({
      onProgress: (p) => {
        // The file is read the moment remember answers (before the build's own save can land).
        if (p.done === 50) remembered = index.memory.remember('deploy', 'use make deploy').then((answer) => ({ answer, onDisk: bytesOnDisk(ws.storageDir) }));
      },
    });
    assert.equal(summary.parsed, 400);
    const result = await remembered!;
    assert.equal(result.answer, 'Saved "deploy".');
    const onDisk = await contents(result.onDisk);
    assert.notEqual(onDisk, 'no file');
    assert.deepEqual(onDisk !== 'no file' && onDisk.notes, ['deploy']);
    const filesThen = onDisk !== 'no file' ? onDisk.files : -1;
    assert.ok(filesThen > 0 && filesThen < 400, `saved with the batch it came in (${filesThen} files), not at the end of the build`);
  } finally {
    await index.close();
  }
  // What the build had done by then was saved with the note, with its lookup indexes restored on load.
  const again = await CodeIndex.open({ ...ws, parseThreads: 0, update: false });
  try {
    assert.equal(again.state().files, 400);
    assert.equal(again.findSymbol('fn399')[0]?.path, 'src/f399.ts');
  } finally {
    await again.close();
  }
});

test('a save asked for during a rebuild waits for its batch: the rebuild completes, the save succeeds', async () => {
  const ws = workspace(300);
  const index = await CodeIndex.open({ ...ws, parseThreads: 0 });
  try {
    let saved: Promise<string> | undefined;
    const summary = await index.rebuild({
      onProgress: (p) => { if (p.done === 100) saved = index.flush().then(() => 'saved', (e: Error) => `failed: ${e.message}`); },
    });
    assert.equal(summary.parsed, 300);
    assert.equal(await saved, 'saved');
    assert.equal(index.state().files, 300);
    assert.equal(index.findSymbol('fn250')[0]?.path, 'src/f250.ts');
  } finally {
    await index.close();
  }
});

/** sql.js with a count of the statements prepared and not freed (each holds WASM memory). */
async function countingEngine(): Promise<{ engine: SqlEngine; live: () => number }> {
  const real = await loadSqlEngine();
  let live = 0;
  const wrap = (db: SqlDatabase): SqlDatabase => new Proxy(db, {
    get(target, key) {
      if (key !== 'prepare') { const v = Reflect.get(target, key); return typeof v === 'function' ? v.bind(target) : v; }
      return (sql: string): SqlStatement => {
        const statement = target.prepare(sql);
        live++;
        const free = statement.free.bind(statement);
        statement.free = () => { live--; return free(); };
        return statement;
      };
    },
  });
  return { engine: { open: (bytes) => wrap(real.open(bytes)) }, live: () => live };
}

test('saving after every change keeps the same prepared statements (none leak)', async () => {
  const ws = workspace(20);
  const { engine, live } = await countingEngine();
  const source = new FileSystemSource(ws.root);
  const index = await CodeIndexCore.openWith({ source, tagger: new TreeSitterTagger(), sql: engine, storage: new FileIndexStorage(ws.storageDir) });
  try {
    const cycle = async (i: number) => {
      writeFileSync(join(ws.root, 'src', 'f1.ts'), `export function fn1_${i}() {}\n`);
      await index.updateFiles(['src/f1.ts']);
      index.findSymbol('fn3');
      // The graph too (its statements for all files, then for changed ones): built here, not first by the
      // warm-up timer of a slow cycle on a busy machine, which made the count differ after warm-up.
      index.repoMap({ tokens: 100 });
      await index.flush();
    };
    for (let i = 0; i < 5; i++) await cycle(i);
    // the reference graph's statements too (its warm-up timer fires 500 ms after a change: within the
    // cycles on a loaded machine, after them on a quiet one), so every statement a cycle may lead to exists
    index.repoMap({ tokens: 512 });
    const settled = live();
    for (let i = 5; i < 60; i++) await cycle(i);
    assert.equal(live(), settled, 'statements alive after 55 more save cycles');
  } finally {
    await index.close();
  }
  assert.equal(live(), 0, 'all freed on close');
});

test('two windows on one folder (two indexes, one database file): a note one of them saved is kept through the other\'s later saves, and seen by it', async () => {
  const ws = workspace(3);
  const first = await CodeIndex.open({ ...ws, parseThreads: 0 });
  const second = await CodeIndex.open({ ...ws, parseThreads: 0 });
  try {
    await first.memory.remember('test command', 'npm test -- --run');
    await second.memory.remember('build command', 'npm run build');
    writeFileSync(join(ws.root, 'src', 'f0.ts'), 'export function renamed0() { return 0; }\n');
    await second.updateFiles(['src/f0.ts']);
    await second.flush();
    assert.deepEqual((await contents(bytesOnDisk(ws.storageDir)) as { notes: string[] }).notes.sort(), ['build command', 'test command'], 'on disk: both windows\' notes');
    assert.deepEqual((await second.notes.list()).map((note) => note.key).sort(), ['build command', 'test command'], 'the other window\'s note is seen once its file is read');
    await first.close();
    assert.deepEqual((await contents(bytesOnDisk(ws.storageDir)) as { notes: string[] }).notes.sort(), ['build command', 'test command'], 'the first window closing keeps the second\'s note');
  } finally {
    await first.close();
    await second.close();
  }
});

test('two windows on one folder: a note one window forgot stays forgotten there and on disk, though the other window\'s file still held it', async () => {
  const ws = workspace(3);
  const first = await CodeIndex.open({ ...ws, parseThreads: 0 });
  const second = await CodeIndex.open({ ...ws, parseThreads: 0 });
  try {
    await first.memory.remember('old command', 'make all');
    await second.memory.remember('build command', 'npm run build'); // the file now holds both
    await first.memory.remember('test command', 'npm test'); // the first window reads the second's note in
    assert.equal(await first.memory.forget('old command'), true);
    await second.memory.remember('lint command', 'npm run lint'); // the second window's file: still with 'old command'
    await first.memory.remember('docs command', 'npm run docs'); // the first window saves over it
    assert.deepEqual((await first.notes.list()).map((note) => note.key).sort(), ['build command', 'docs command', 'lint command', 'test command'], 'forgotten here, and the other window\'s new note seen');
    assert.ok(!(await contents(bytesOnDisk(ws.storageDir)) as { notes: string[] }).notes.includes('old command'), 'forgotten on disk');
  } finally {
    await first.close();
    await second.close();
  }
});

/**
 * A disk whose writes can be held (until `release`) and failed (the next `failures` writes), over the
 * real storage; `saves` lists what became of each write.
 */
function heldStorage(storageDir: string) {
  const real = new FileIndexStorage(storageDir);
  const disk = {
    hold: false,
    failures: 0,
    saves: [] as string[],
    release: undefined as (() => void) | undefined,
    storage: {
      location: real.location,
      load: () => real.load(),
      savedElsewhere: () => real.savedElsewhere(),
      save: async (bytes: Uint8Array) => {
        if (disk.hold) await new Promise<void>((resolve) => { disk.release = () => { disk.hold = false; resolve(); }; });
        if (disk.failures > 0) { disk.failures--; disk.saves.push('failed'); throw new Error('ENOSPC: no space left on device'); }
        await real.save(bytes);
        disk.saves.push('saved');
      },
    } satisfies IndexStorage,
  };
  return disk;
}

async function openOn(ws: { root: string }, storage: IndexStorage, warnings: string[] = []): Promise<CodeIndexCore> {
  return CodeIndexCore.openWith(
    { source: new FileSystemSource(realpathSync(ws.root)), tagger: new TreeSitterTagger(), sql: await loadSqlEngine(), storage },
    { onWarning: (w) => warnings.push(w) },
  );
}

const settled = (p: Promise<unknown>) => Promise.race([p.then(() => true, () => true), new Promise((resolve) => setImmediate(() => resolve(false)))]);

test('an update answers once the index is built; its save follows, flush waits for it, and a save that fails warns and is tried again', { timeout: 60_000 }, async () => {
  const ws = workspace(3);
  const disk = heldStorage(ws.storageDir);
  disk.hold = true;
  const warnings: string[] = [];
  const index = await openOn(ws, disk.storage, warnings);
  try {
    assert.equal(index.state().files, 3, 'the index answers');
    assert.deepEqual(disk.saves, [], 'while its first save is still being written');
    assert.equal(bytesOnDisk(ws.storageDir), undefined);
    const flushed = index.flush();
    const release = await poll('the first save to reach the disk', () => disk.release);
    assert.equal(await settled(flushed), false, 'flush waits for the write');
    release();
    await flushed;
    assert.deepEqual(await contents(bytesOnDisk(ws.storageDir)), { notes: [], files: 3 });

    disk.failures = 1;
    writeFileSync(join(ws.root, 'src', 'f3.ts'), 'export function fn3() { return 3; }\n');
    await index.update();
    const warning = await poll('the failed save\'s warning', () => warnings.find((w) => /could not be saved/.test(w)));
    assert.match(warning, /could not be saved to .*code-index\.sqlite \(ENOSPC: no space left on device\); it works in this session/);
    assert.ok(index.state().warnings.includes(warning), 'shown with the index\'s state');
    assert.equal(index.findSymbol('fn3')[0]?.path, 'src/f3.ts', 'the index works');
    await index.flush(); // tried again
    assert.deepEqual(disk.saves, ['saved', 'failed', 'saved']);
    assert.deepEqual(await contents(bytesOnDisk(ws.storageDir)), { notes: [], files: 4 });
    assert.ok(!index.state().warnings.includes(warning), 'gone once a save succeeds');
  } finally {
    await index.close();
  }
});

test('closing while an update\'s save is being written: a write that fails is tried again before the index closes', { timeout: 60_000 }, async () => {
  const ws = workspace(3);
  const disk = heldStorage(ws.storageDir);
  disk.hold = true;
  disk.failures = 1;
  const index = await openOn(ws, disk.storage);
  const closed = index.close();
  (await poll('the save to reach the disk', () => disk.release))();
  await closed;
  assert.deepEqual(disk.saves, ['failed', 'saved']);
  assert.deepEqual(await contents(bytesOnDisk(ws.storageDir)), { notes: [], files: 3 });
});

test('closing after an update was queued: the graph is not built in the background while the save is written', { timeout: 60_000 }, async () => {
  const ws = workspace(3);
  const real = new FileIndexStorage(ws.storageDir);
  let release: (() => void) | undefined;
  let saveHeld!: () => void;
  const held = new Promise<void>((resolve) => { saveHeld = resolve; });
  const storage: IndexStorage = {
    location: real.location, load: () => real.load(), savedElsewhere: () => real.savedElsewhere(),
    save: async (bytes) => {
      if (!release) await new Promise<void>((resolve) => { release = resolve; saveHeld(); });
      await real.save(bytes);
    },
  };
  // Every timer the index sets is a mock one from its opening on, so "none fires during close" is checked without waiting.
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const index = await openOn(ws, storage);
    const internals = index as unknown as { graph?: unknown };
    writeFileSync(join(ws.root, 'src', 'f3.ts'), 'export function fn3() { return 3; }\n');
    const updated = index.update();
    const closed = index.close();
    await updated;
    await held;
    mock.timers.tick(60_000); // far past the warm-up's delay
    assert.equal(internals.graph, undefined, 'no graph built during close');
    release!();
    await closed;
    assert.deepEqual(await contents(bytesOnDisk(ws.storageDir)), { notes: [], files: 4 });
  } finally {
    mock.timers.reset();
  }
});
