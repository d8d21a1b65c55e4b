// Reading a file that may not be one. A named pipe blocks a plain read forever, `/dev/zero` never
// ends, `/dev/stdin` waits for input that never comes — and a committed `.gitignore` can be a symlink
// to any of them. So every read of a workspace file goes through here: opened without blocking, judged
// on the opened handle (no gap between the check and the read), only regular files, read in chunks up
// to a cap and stopped by the caller's signal.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Why a file was not read. */
export class NotReadable extends Error {
  constructor(
    readonly reason: 'not-regular' | 'too-large' | 'aborted',
    /** The size on disk, when known. */
    readonly size = 0,
  ) {
    super(reason === 'not-regular' ? 'not a regular file' : reason === 'too-large' ? `over the size limit (${size} bytes)` : 'cancelled');
    this.name = 'NotReadable';
  }
}

const CHUNK = 64 * 1024;
// O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer (POSIX; 0 elsewhere).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of the regular file at `abs` (symlinks followed: containment is the caller's job), at most
 * `maxBytes`. Throws NotReadable for anything else, a larger file or a cancel; other errors (ENOENT…)
 * as they come.
 */
export async function readRegularFile(abs: string, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  if (signal?.aborted) throw new NotReadable('aborted');
  const handle = await open(abs, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotReadable('not-regular');
    if (info.size > maxBytes) throw new NotReadable('too-large', info.size);
    // The size may change while we read: never more than the cap (+1 byte tells that it grew past it).
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      if (signal?.aborted) throw new NotReadable('aborted');
      const chunk = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) throw new NotReadable('too-large', length);
    }
    return Buffer.concat(chunks, length);
  } finally {
    await handle.close();
  }
}
