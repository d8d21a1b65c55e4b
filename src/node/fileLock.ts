// An exclusive lock between processes on one file (two VS Code windows of a workspace saving the same
// conversation): a lock file created with O_EXCL holds it while a check and the write it allows run, so
// no other writer's save lands in between. Every wait is bounded; a lock left by a crashed holder is
// taken over (its process is gone, or it is older than any holder keeps one).
// Not proper-lockfile (the usual package; tried on branch fix-lockfile): loading it patches the whole
// process — graceful-fs replaces the global fs.close, its signal-exit v3 replaces process.emit and
// process.reallyExit — and the extension host is shared with every other extension. Its staleness is
// also the lock's age only; here a holder whose process is gone is taken over at once.
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
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
  /** Tests only: awaited at each step of taking over a stale lock, to let another writer act right there. */
  step?: (step: TakeOverStep) => Promise<void>;
}

/** The steps of taking over a stale lock (see breakIfStale). */
export type TakeOverStep = 'judged-stale' | 'moved-aside';

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

/** Who holds a lock, as its file says; `released` once its holder let it go (see release). */
interface Owner {
  pid: number;
  host: string;
  released?: true;
}

/** A lock this process holds: its file, kept open to mark it released wherever it is by then. */
interface Held {
  handle: FileHandle;
  owner: Owner;
}

/**
 * A lock file as found: its stats, what it says (undefined: not a regular file, or unreadable) and,
 * when it could be opened, the handle that keeps its inode number its own until closed (see find).
 */
interface Found {
  info: Stats;
  text: string | undefined;
  handle: FileHandle | undefined;
}

/** More than a lock file's few bytes: what it says is read up to this. */
const MAX_LOCK_BYTES = 1024;

/** Runs `fn` holding the lock file `lockPath` (created, then removed once `fn` settles, whatever happened). */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const held = await acquire(lockPath, options);
  try {
    return await fn();
  } finally {
    await release(lockPath, held);
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<Held> {
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  const pause = options.pause ?? ((ms: number) => delay(ms));
  for (let wait = FIRST_PAUSE_MS; ; wait = Math.min(wait * 2, MAX_PAUSE_MS)) {
    const held = await tryCreate(lockPath);
    if (held) return held;
    // a stale lock this call moved aside frees the name: tried again at once (also past the deadline),
    // once; anything else — the lock gone or unseeable (Windows' delete-pending name, for as long as
    // another program keeps it open) — waits its pause, and the deadline bounds every wait
    if (await breakIfStale(lockPath, options.staleMs ?? STALE_LOCK_MS, options.step)) {
      const after = await tryCreate(lockPath);
      if (after) return after;
    }
    if (Date.now() >= deadline) throw new LockBusyError(lockPath, waitMs);
    await pause(Math.min(wait, Math.max(0, deadline - Date.now())));
  }
}

/** The lock once created (its file left open); undefined when another holds it. */
async function tryCreate(lockPath: string): Promise<Held | undefined> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Windows refuses the name of a file removed while still open (see release) for that moment
    if (code === 'EEXIST' || (code === 'EPERM' && process.platform === 'win32')) return undefined;
    throw error;
  }
  const owner: Owner = { pid: process.pid, host: hostname() };
  try {
    await handle.writeFile(JSON.stringify(owner));
    return { handle, owner };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(lockPath).catch(() => undefined);
    throw error;
  }
}

/**
 * Removes the lock file unless it is no longer this holder's (taken over as stale meanwhile), then
 * marks it released, through the handle, so the mark reaches the file wherever it is: a window taking
 * over a stale lock may have moved this one aside by mistake and put it back after this removal found
 * nothing (see breakIfStale). Such a lock names a live process (this one), so only the mark tells the
 * next writer it is free; unmarked, every save waited for it to age out (30 s). Marked only once
 * removed: a lock marked at its place is taken over at once, and this removal must not hit that one's
 * successor.
 */
async function release(lockPath: string, held: Held): Promise<void> {
  try {
    // compared while open: no other file can have its inode number meanwhile
    const [info, now] = await Promise.all([held.handle.stat(), lstat(lockPath).catch(() => undefined)]);
    if (now && now.ino === info.ino && now.dev === info.dev) await unlink(lockPath).catch(() => undefined);
    // longer than what was written, so it replaces all of it in one write at the start
    await held.handle.write(JSON.stringify({ ...held.owner, released: true } satisfies Owner), 0);
  } catch {
    // unmarked: only a lock put back in this instant waits for its age
  } finally {
    await held.handle.close().catch(() => undefined);
  }
}

// O_NONBLOCK: a pipe in the lock's place opens at once instead of waiting for a writer; O_NOFOLLOW: a
// symlink there is judged itself (both POSIX; 0 elsewhere).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * The lock file at `path` as it is now, left open (close it); undefined when there is none or it was
 * replaced while read. Not readRegularFile: the handle is kept, because a removed file's inode number
 * is given to the next file created (ext4 does), so a lock taken over and its successor would look
 * the same to lstat; open, the judged lock keeps its number.
 */
async function find(path: string): Promise<Found | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // a symlink (ELOOP), or a file that cannot be opened: judged by its lstat alone
    const info = await lstat(path).catch(() => undefined);
    return info && { info, text: undefined, handle: undefined };
  }
  try {
    const info = await handle.stat();
    let text: string | undefined;
    if (info.isFile()) {
      const bytes = Buffer.alloc(MAX_LOCK_BYTES);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      text = bytes.subarray(0, bytesRead).toString('utf8');
    }
    // still in place once read: what it says is not that of a lock its holder removed meanwhile
    const now = await lstat(path).catch(() => undefined);
    if (now && sameFile(now, info)) return { info, text, handle };
  } catch {
    // unreadable: as if replaced (the caller looks again)
  }
  await handle.close().catch(() => undefined);
  return undefined;
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.isFile() === b.isFile();
}

/**
 * Removes the lock when its holder crashed; true when this call moved it aside (the name may be free now).
 * False when it holds, or when it was found gone (released, or taken by another window): the caller pauses.
 * The stale file is first moved aside and checked to be the one judged: two windows judging the same
 * stale lock must not both remove it, the second one the first's fresh lock. One it moved by mistake
 * goes back: its holder may still be writing, and removing it would let a third writer in beside it
 * (unless a third writer took the lock in that instant: then both hold it, a window of microseconds
 * after a crash). If its holder released it meanwhile, the lock put back says so (see release).
 */
async function breakIfStale(lockPath: string, staleMs: number, step?: (step: TakeOverStep) => Promise<void>): Promise<boolean> {
  const judged = await find(lockPath);
  if (!judged) return false; // released since, or a name that cannot be looked at (see acquire)
  try {
    if (!isStale(judged, staleMs)) return false;
    await step?.('judged-stale');
    const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
    try {
      await rename(lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // another window moved it aside
      throw error;
    }
    await step?.('moved-aside');
    const moved = await lstat(aside).catch(() => undefined);
    if (moved && !sameFile(moved, judged.info)) await link(aside, lockPath).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return true;
  } finally {
    await judged.handle?.close().catch(() => undefined);
  }
}

/**
 * Its holder released it (a lock put back by mistake), the holder on this machine is no longer
 * running, or the lock is older than any holder keeps one. Something other than a regular file in its
 * place is no window's lock (each is created as one): nothing else would ever remove it.
 */
function isStale(lock: Found, staleMs: number): boolean {
  if (!lock.info.isFile() || Date.now() - lock.info.mtimeMs > staleMs) return true;
  const owner = ownerOf(lock.text);
  // a lock just created has no owner written yet: only its age tells
  if (owner === undefined) return false;
  return owner.released === true || (owner.host === hostname() && owner.pid !== process.pid && !isRunning(owner.pid));
}

function ownerOf(text: string | undefined): Owner | undefined {
  try {
    const owner = JSON.parse(text ?? '') as Partial<Owner>;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? { pid: owner.pid!, host: owner.host, ...(owner.released === true ? { released: true } : {}) } : undefined;
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
