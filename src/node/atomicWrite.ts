// Atomic file replacement: write a temp file next to the target, flush it, rename over the target.
// A crash or a cancelled run leaves the old file or the new one, never half of either.
// A user's file with other hard links loses them on purpose: the edited name gets a new file, the
// other names keep the old content. Written in place, the edit would go through every name, and the
// workspace's checks judge paths only: `scripts/pre-commit` linked to `.git/hooks/pre-commit`, or to a
// file outside the workspace (a pnpm store), would be written where the model may not write.
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
