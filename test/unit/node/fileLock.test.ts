// The lock file around a history save's check and write: one holder at a time, released whatever
// happens, a crashed holder's lock taken over once by whoever comes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, linkSync, mkdtempSync, openSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import fsp from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock, type TakeOverStep } from '../../../src/node/fileLock';

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

/** Window A, taking over the crashed lock right after window B judged it stale: `aHeld` once A holds the lock, `releaseA` lets it go. */
function windowA(lock: string) {
  let holding: Promise<void> | undefined;
  let inside = false;
  let held!: () => void;
  const aHeld = new Promise<void>((resolve) => (held = resolve));
  let releaseA!: () => void;
  const mayRelease = new Promise<void>((resolve) => (releaseA = resolve));
  return {
    get started() { return holding !== undefined; },
    get inside() { return inside; },
    async take() {
      holding = withFileLock(lock, async () => { inside = true; held(); await mayRelease; inside = false; });
      await aHeld;
    },
    async release() {
      releaseA();
      await holding;
    },
  };
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

function crashedLock(dir: string): string {
  const lock = join(dir, '.x.lock');
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(lock, JSON.stringify({ pid: gone, host: hostname() }));
  return lock;
}

test('a lock moved aside by mistake and put back after its holder released it does not block the next save', async () => {
  await inFolder(async (dir) => {
    const lock = crashedLock(dir);
    // kept: A's lock cannot be given the crashed lock's inode number here (that case is the next test's)
    linkSync(lock, join(dir, 'crashed'));
    // window B judged the crashed lock stale; A takes it over, B moves A's lock aside (not the one it
    // judged), A finishes and releases (finding no file), and B puts A's lock back
    const a = windowA(lock);
    const step = async (at: TakeOverStep) => {
      if (at === 'judged-stale' && !a.started) await a.take();
      else if (at === 'moved-aside' && a.inside) {
        assert.ok(!existsSync(lock), 'B moved A\'s lock aside');
        await a.release();
      }
    };
    let ranB = false;
    // the lock put back names this (live) process: only the release mark frees it before its age does
    await withFileLock(lock, async () => { ranB = true; }, { step, waitMs: 2_000, pause: nextTick });
    assert.ok(a.started && ranB);
    await withFileLock(lock, async () => undefined, { waitMs: 0 });
    assert.deepEqual(readdirSync(dir), ['crashed'], 'no lock nor a stale one moved aside is left');
  });
});

test('a fresh lock given the number of the crashed lock removed just before it is not taken for that one', async () => {
  await inFolder(async (dir) => {
    const lock = crashedLock(dir);
    // as above, but A still holds its lock when B finds it moved aside: B puts it back and waits for A
    const a = windowA(lock);
    const step = async (at: TakeOverStep) => {
      if (at === 'judged-stale' && !a.started) await a.take();
    };
    const pause = async () => {
      if (a.inside) await a.release();
      else await nextTick();
    };
    let bInsideWithA: boolean | undefined;
    await withFileLock(lock, async () => { bInsideWithA = a.inside; }, { step, waitMs: 2_000, pause });
    assert.ok(a.started);
    assert.equal(bInsideWithA, false, 'B held the lock while A did');
    assert.deepEqual(readdirSync(dir), []);
  });
});

test('a pipe or a symlink in place of the lock file is taken over at once, never read (a pipe would block the wait)', { skip: process.platform === 'win32', timeout: 10_000 }, async (t) => {
  await inFolder(async (dir) => {
    const lock = join(dir, '.x.lock');
    // on the old code a read stuck opening the pipe would keep this process alive: a writer lets it go
    t.after(() => {
      try { closeSync(openSync(lock, constants.O_WRONLY | constants.O_NONBLOCK)); } catch { /* no reader waits */ }
    });
    assert.equal(spawnSync('mkfifo', [lock]).status, 0);
    await withFileLock(lock, async () => undefined, { waitMs: 0 });
    assert.deepEqual(readdirSync(dir), []);
    const owner = join(dir, 'owner.json');
    writeFileSync(owner, JSON.stringify({ pid: process.ppid, host: hostname() })); // a live holder's, were it followed
    symlinkSync(owner, lock);
    await withFileLock(lock, async () => undefined, { waitMs: 0 });
    assert.deepEqual(readdirSync(dir), ['owner.json'], 'the symlink is gone, what it pointed at is kept');
  });
});

test('a lock name that stays un-openable and unseeable (Windows: a released lock another program still has open) is waited for with pauses, and the wait ends at its bound', { timeout: 10_000 }, async () => {
  await inFolder(async (dir) => {
    const lock = join(dir, '.c1.lock');
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    const { open, lstat } = fsp;
    const eperm = () => Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
    let opens = 0;
    // a delete-pending name: open says EPERM and lstat cannot see it (bounded here, so the old hot loop ends too)
    const pending = (p: unknown) => String(p) === lock && opens < 200_000;
    fsp.open = (async (p: Parameters<typeof open>[0], ...rest: [never]) => {
      if (pending(p)) {
        opens++;
        throw eperm();
      }
      return open(p, ...rest);
    }) as typeof open;
    fsp.lstat = (async (p: Parameters<typeof lstat>[0], ...rest: [never]) => {
      if (pending(p)) throw eperm();
      return lstat(p, ...rest);
    }) as typeof lstat;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    let pauses = 0;
    try {
      await assert.rejects(withFileLock(lock, async () => undefined, { waitMs: 50, pause: async () => { pauses++; await new Promise((resolve) => setImmediate(resolve)); } }), { name: 'LockBusyError' });
    } finally {
      Object.defineProperty(process, 'platform', platform);
      fsp.open = open;
      fsp.lstat = lstat;
    }
    assert.ok(pauses > 0, 'it paused between tries');
    assert.ok(opens <= 2 * (pauses + 1), `no try without a pause (${opens} opens, ${pauses} pauses)`);
  });
});
