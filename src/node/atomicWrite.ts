// Atomic file replacement: write a temp file next to the target, flush it, rename over the target.
// A crash or a cancelled run leaves the old file or the new one, never half of either. A user's
// file with other hard links is the exception (writeUserFile).
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** How a temporary file of a write in progress is named (a crash can leave one behind). */
export const TEMP_SUFFIX = '.smallcode-tmp';

/** Returns the written file's stats, taken before the rename (which keeps its size, times and inode). */
export async function writeFileAtomic(absPath: string, content: string | Uint8Array): Promise<Stats> {
  const dir = dirname(absPath);
  await mkdir(dir, { recursive: true });
  // Keep the permissions of the file we replace (an executable script stays executable).
  const mode = await stat(absPath).then((s) => s.mode & 0o7777, () => 0o666);
  const temp = join(dir, `.${basename(absPath)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx', mode);
  try {
    let written: Stats;
    try {
      await handle.writeFile(content);
      await handle.sync();
      written = await handle.stat();
    } finally {
      await handle.close();
    }
    await rename(temp, absPath);
    return written;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes a user's file: atomically, except a file with other hard links (nlink > 1), which is
 * rewritten in place. A rename would give this name a new inode and leave the other names on the old
 * content, silently; in place, every name sees the edit, as when the user saves it in VS Code (which
 * writes in place) or vim (backupcopy=auto). The price, for those files only: a crash mid-write can
 * leave part of the new content. Internal files (index, history, traces) keep writeFileAtomic.
 */
export async function writeUserFile(absPath: string, content: string | Uint8Array): Promise<Stats> {
  const existing = await stat(absPath).catch(() => undefined);
  if (!existing?.isFile() || existing.nlink < 2) return writeFileAtomic(absPath, content);
  const handle = await open(absPath, 'r+');
  try {
    await handle.writeFile(content); // from offset 0: the handle was just opened
    await handle.truncate(Buffer.byteLength(content));
    await handle.sync();
    return await handle.stat();
  } finally {
    await handle.close();
  }
}
