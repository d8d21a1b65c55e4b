// The code index's worker dies (here: terminated, as a crash or an out-of-memory ends it): the next
// need starts another, which finds the saved notes; a worker that keeps dying is left off.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CodeIndexWorkerClient } from '../../../src/node/codeIndex/workerClient';
import { WorkerRestarts } from '../../../src/extension/codeIndex/workerRestarts';
import { WorkingMemory } from '../../../src/core/memory';
import { poll } from '../../support/poll.mjs';

const WORKER = resolve(__dirname, '../../../dist/codeIndexWorker.js');
const base = mkdtempSync(join(tmpdir(), 'smallcode-restarts-'));
after(() => rmSync(base, { recursive: true, force: true }));

/** Ends the worker thread from outside, as a crash would (exit code 1, nothing saved on the way out). */
const crash = (client: CodeIndexWorkerClient) => (client as unknown as { worker: Worker }).worker.terminate();

test('a dead worker is started again by the next need, a few times per session, then left off', async () => {
  const root = join(base, 'ws');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'a.ts'), 'export function alpha() {}\n');
  const keeper = new WorkerRestarts<CodeIndexWorkerClient>(3);
  const deaths: string[] = [];
  const launch = async () => {
    const client: CodeIndexWorkerClient = new CodeIndexWorkerClient({
      root, storageDir: join(base, 'store'), workerFile: WORKER,
      onExit: (reason) => { deaths.push(reason); keeper.died(client); },
    });
    keeper.started(client);
    await client.open();
    return client;
  };
  const clients: CodeIndexWorkerClient[] = [];
  try {
    const first = (await keeper.start(launch))!;
    clients.push(first);
    assert.equal(await keeper.start(launch), first, 'one worker while it lives');
    assert.equal(await new WorkingMemory(first.notes).remember('deploy', 'make deploy'), 'Saved "deploy".');
    await crash(first);
    await poll('the death noticed', () => keeper.current === undefined);
    assert.match(deaths[0]!, /exited with code 1/);

    const second = (await keeper.start(launch))!;
    clients.push(second);
    assert.notEqual(second, first);
    assert.equal(await new WorkingMemory(second.notes).load('deploy'), 'deploy: make deploy', 'the note saved before the crash is there');

    await crash(second);
    await poll('the second death noticed', () => keeper.current === undefined);
    const third = (await keeper.start(launch))!;
    clients.push(third);
    assert.ok(third && third !== second);
    await crash(third);
    await poll('the third death noticed', () => keeper.current === undefined);
    assert.equal(await keeper.start(launch), undefined, 'three launches, three deaths: left off');
    assert.equal(keeper.launches, 3);
  } finally {
    for (const client of clients) await client.close();
  }
});

test('whoever stops a worker reaches the one still launching: launched() waits for its launch', async () => {
  const keeper = new WorkerRestarts<string>(3);
  assert.equal(await keeper.launched(), undefined, 'nothing launched: nothing to wait for');
  let finish!: (client: string) => void;
  const launching = keeper.start(() => new Promise<string>((resolve) => { finish = resolve; }));
  let reached: string | undefined;
  const stopper = keeper.launched().then((client) => { reached = client; });
  await Promise.resolve();
  assert.equal(reached, undefined, 'still launching');
  finish('client');
  await stopper;
  assert.equal(reached, 'client');
  assert.equal(await launching, 'client');
});
