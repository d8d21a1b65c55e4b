// The lock file around a history save's check and write: one holder at a time, released whatever
// happens, a crashed holder's lock taken over once by whoever comes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withFileLock } from '../../../src/node/fileLock';

async function inFolder(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-lock-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Holders that each yield to the event loop a few times while they hold the lock, counting who is inside at once. */
async function contend(lock: string, holders: number): Promise<number> {
  let inside = 0;
  let most = 0;
  await Promise.all(Array.from({ length: holders }, () => withFileLock(lock, async () => {
    most = Math.max(most, ++inside);
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    inside--;
  }, { pause: () => new Promise((resolve) => setImmediate(resolve)) })));
  return most;
}

test('one holder at a time, the lock released after each, also when what it ran threw', async () => {
  await inFolder(async (dir) => {
    const lock = join(dir, '.x.lock');
    assert.equal(await contend(lock, 6), 1);
    await assert.rejects(withFileLock(lock, async () => { throw new Error('write failed'); }), /write failed/);
    assert.deepEqual(readdirSync(dir), []);
  });
});

test('a lock whose holder crashed is taken over by one of the writers that find it, never by two at once', async () => {
  await inFolder(async (dir) => {
    const lock = join(dir, '.x.lock');
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(lock, JSON.stringify({ pid: gone, host: hostname() }));
    assert.equal(await contend(lock, 6), 1);
    assert.deepEqual(readdirSync(dir), [], 'no lock nor a stale one moved aside is left');
  });
});
