// The code index in its worker thread (dist/codeIndexWorker.js, as the extension host runs it).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CodeIndexWorkerClient } from '../../../src/node/codeIndex/workerClient';
import { INDEX_FILE } from '../../../src/node/codeIndex/fileStorage';
import { WorkingMemory } from '../../../src/core/memory';
import type { IndexProgress } from '../../../src/core/codeIndex';

const WORKER = resolve(__dirname, '../../../dist/codeIndexWorker.js');
const base = mkdtempSync(join(tmpdir(), 'smallcode-worker-'));
after(() => rmSync(base, { recursive: true, force: true }));

function workspace(name: string, files: number) {
  const root = join(base, name, 'ws');
  mkdirSync(join(root, 'src'), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(root, 'src', `m${i}.ts`), `export function handler${i}(x: number) { return handler${(i + 1) % files}(x); }\n`);
  return { root, storageDir: join(base, name, 'store') };
}

test('open, look up, re-index a saved file, keep notes, close', async () => {
  assert.ok(existsSync(WORKER), 'dist/codeIndexWorker.js is missing: run `npm run build` (npm test builds first)');
  const ws = workspace('basic', 20);
  const progress: IndexProgress[] = [];
  const client = new CodeIndexWorkerClient({ ...ws, workerFile: WORKER, onProgress: (p) => progress.push(p) });
  try {
    assert.equal((await client.open()).files, 0, 'open only loads (nothing persisted yet)');
    assert.equal((await client.update()).parsed, 20);
    assert.equal((await client.state()).files, 20);
    assert.equal(progress.at(-1)?.done, 20);
    assert.deepEqual((await client.findSymbol('handler7', { limit: 1 })).map((h) => `${h.path}:${h.line}`), ['src/m7.ts:1']);
    writeFileSync(join(ws.root, 'src', 'm7.ts'), 'export class Renamed {}\n');
    assert.equal((await client.updateFiles(['src/m7.ts'])).parsed, 1);
    assert.equal((await client.findSymbol('Renamed'))[0]?.path, 'src/m7.ts');
    assert.match(await client.explainSymbol('handler3'), /^function handler3 — src\/m3\.ts:1-1\n1: export function handler3/);
    assert.match(await client.repoMapForTask('change handler5', 200), /src\/m5\.ts\n {2}1: export function handler5/);
    const memory = new WorkingMemory(client.notes);
    assert.equal(await memory.remember('run', 'npm start'), 'Saved "run".');
    assert.equal(await memory.load('run'), 'run: npm start');
  } finally {
    await client.close();
  }
  await assert.rejects(client.state(), /The code index is not available: the code index was closed\./);

  const again = new CodeIndexWorkerClient({ ...ws, workerFile: WORKER });
  try {
    assert.equal((await again.open()).files, 20);
    assert.equal(await new WorkingMemory(again.notes).load('run'), 'run: npm start');
  } finally {
    await again.close();
  }
});

test('a running update is cancelled on request', async () => {
  const ws = workspace('cancel', 300);
  let client!: CodeIndexWorkerClient;
  let cancelled = false;
  client = new CodeIndexWorkerClient({
    ...ws, workerFile: WORKER,
    onProgress: (p) => { if (p.done === 5 && !cancelled) { cancelled = true; void client.cancel(); } },
  });
  try {
    await client.open();
    const first = await client.update();
    assert.equal(first.cancelled, true);
    const state = await client.state();
    assert.ok(state.files < 300, `${state.files} files indexed after cancelling`);
    const rest = await client.update();
    assert.equal(rest.cancelled, false);
    assert.equal((await client.state()).files, 300);
  } finally {
    await client.close();
  }
});

/** A worker whose saved database is a pipe, once its thread waits in the read (a writer that never writes). */
async function hungWorker(name: string): Promise<{ client: CodeIndexWorkerClient; opening: Promise<string>; writer: FileHandle }> {
  const ws = workspace(name, 1);
  mkdirSync(ws.storageDir, { recursive: true });
  const pipe = join(ws.storageDir, INDEX_FILE);
  execFileSync('mkfifo', [pipe]);
  const client = new CodeIndexWorkerClient({ ...ws, workerFile: WORKER });
  const opening = client.open().then(() => 'opened', (error: Error) => error.message);
  // opening for writing waits for the reader: then the worker's read waits for bytes that never come
  return { client, opening, writer: await open(pipe, 'w') };
}

test('a worker that never answers (its thread waits in a read): close and terminate end within their bound', { skip: process.platform === 'win32', timeout: 20_000 }, async () => {
  const closed = await hungWorker('hung-closed');
  const stopped = await hungWorker('hung-stopped');
  try {
    let started = Date.now();
    await closed.client.close(300);
    assert.ok(Date.now() - started < 2_000, `closed after ${Date.now() - started} ms`);
    started = Date.now();
    await stopped.client.terminate(300);
    assert.ok(Date.now() - started < 1_000, `terminated after ${Date.now() - started} ms`);
    assert.deepEqual(await Promise.all([closed.opening, stopped.opening]), Array(2).fill('The code index is not available: the code index worker was stopped.'));
    await assert.rejects(stopped.client.state(), /the code index worker was stopped/);
  } finally {
    // the writer gone, the reads end, and with them the threads
    await closed.writer.close();
    await stopped.writer.close();
  }
});
