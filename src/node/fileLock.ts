// An exclusive lock between processes on one file (two VS Code windows of a workspace saving the same
// conversation): a lock file created with O_EXCL holds it while a check and the write it allows run, so
// no other writer's save lands in between. Every wait is bounded; a lock left by a crashed holder is
// taken over (its process is gone, or it is older than any holder keeps one).
// Not proper-lockfile (the usual package): its staleness is the lock's age only,
// refreshed by a timer while held, so a window that crashed mid-save would block the conversation's
// saves until the lock aged out; here a holder whose process is gone is taken over at once.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { link, lstat, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { TEMP_SUFFIX } from './atomicWrite';

export interface FileLockOptions {
  /** How long to wait for another holder before giving up (ms). */
  waitMs?: number;
  /** Past this age a lock is a crashed holder's leftover (ms): far beyond what a holder keeps it. */
  staleMs?: number;
  /** Waits between two tries while another holds the lock; tests inject it to order two writers without sleeping. */
  pause?: (ms: number) => Promise<void>;
}

export const LOCK_WAIT_MS = 10_000;
export const STALE_LOCK_MS = 30_000;
/** The first pause between tries; each one doubles up to MAX_PAUSE_MS (a save holds the lock for milliseconds). */
const FIRST_PAUSE_MS = 5;
const MAX_PAUSE_MS = 100;

/** Another holder kept the lock past the wait. */
export class LockBusyError extends Error {
  constructor(readonly lockPath: string, waitedMs: number) {
    super(`${lockPath} stayed locked by another writer for more than ${waitedMs / 1000} s`);
    this.name = 'LockBusyError';
  }
}

/** Who holds a lock, as its file says. */
interface Owner {
  pid: number;
  host: string;
}

/** Runs `fn` holding the lock file `lockPath` (created, then removed once `fn` settles, whatever happened). */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const held = await acquire(lockPath, options);
  try {
    return await fn();
  } finally {
    await release(lockPath, held);
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<Stats> {
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  const pause = options.pause ?? ((ms: number) => delay(ms));
  for (let wait = FIRST_PAUSE_MS; ; wait = Math.min(wait * 2, MAX_PAUSE_MS)) {
    const held = await tryCreate(lockPath);
    if (held) return held;
    if (await breakIfStale(lockPath, options.staleMs ?? STALE_LOCK_MS)) continue;
    if (Date.now() >= deadline) throw new LockBusyError(lockPath, waitMs);
    await pause(Math.min(wait, Math.max(0, deadline - Date.now())));
  }
}

/** The lock file's stats once created; undefined when another holds it. */
async function tryCreate(lockPath: string): Promise<Stats | undefined> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  let held: Stats;
  try {
    await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner));
    held = await handle.stat();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(lockPath).catch(() => undefined);
    throw error;
  }
  await handle.close().catch(() => undefined);
  return held;
}

/** Removes the lock file unless it is no longer this holder's (taken over as stale meanwhile). */
async function release(lockPath: string, held: Stats): Promise<void> {
  const now = await lstat(lockPath).catch(() => undefined);
  if (now && sameFile(now, held)) await unlink(lockPath).catch(() => undefined);
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}

/**
 * Removes the lock when its holder crashed; true when the lock may be free now (try again at once).
 * The stale file is first moved aside and checked to be the one judged: two windows judging the same
 * stale lock must not both remove it, the second one the first's fresh lock. One it moved by mistake
 * goes back (unless a third writer took the lock in that instant: then both hold it, a window of
 * microseconds after a crash).
 */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  const info = await lstat(lockPath).catch(() => undefined);
  if (!info) return true; // released since
  if (!(await isStale(lockPath, info, staleMs))) return false;
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true; // another window removed it
    throw error;
  }
  const moved = await lstat(aside).catch(() => undefined);
  if (moved && !sameFile(moved, info)) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return true;
}

/** The holder on this machine is no longer running, or the lock is older than any holder keeps one. */
async function isStale(lockPath: string, info: Stats, staleMs: number): Promise<boolean> {
  if (Date.now() - info.mtimeMs > staleMs) return true;
  const owner = await readOwner(lockPath);
  // a lock just created has no owner written yet: only its age tells
  return owner !== undefined && owner.host === hostname() && owner.pid !== process.pid && !isRunning(owner.pid);
}

async function readOwner(lockPath: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<Owner>;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? { pid: owner.pid!, host: owner.host } : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, another user's
  }
}
