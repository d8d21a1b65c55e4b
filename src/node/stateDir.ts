// SmallCode's own folder in a workspace, `.smallcode/` (memory, plans, traces). Created on first use
// and git-ignored then, each folder by its own .gitignore, in every mode (API and extension alike). Its folders are never followed
// through a symlink: a `.smallcode` or `.smallcode/traces` that is a symlink (or a file) makes it
// unusable, and SmallCode works on without memory or traces instead of writing — or pruning — wherever
// the link points.
import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularFile } from './readRegular';

export const STATE_DIR = '.smallcode';
/** A state file is a small JSON document; anything larger is not ours. */
export const MAX_STATE_FILE_BYTES = 1024 * 1024;

export class StateDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateDirError';
  }
}

/** 'missing', or refuses a folder that is a symlink or not a folder at all. */
async function folderAt(abs: string, shown: string): Promise<'ok' | 'missing'> {
  const info = await lstat(abs).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new StateDirError(`${shown} cannot be read (${error.code ?? error.message}).`);
  });
  if (!info) return 'missing';
  if (info.isSymbolicLink()) throw new StateDirError(`${shown} is a symlink; SmallCode does not follow it out of the workspace.`);
  if (!info.isDirectory()) throw new StateDirError(`${shown} is not a folder.`);
  return 'ok';
}

/**
 * The absolute path of `.smallcode` (or a folder below it, e.g. 'traces') under `rootReal`, which
 * must be a real path. With `create`, missing folders are made and `.smallcode/.gitignore` written;
 * without, undefined when they do not exist. Throws StateDirError when a folder is unusable.
 */
export async function stateDir(rootReal: string, options: { sub?: string; create: boolean }): Promise<string | undefined> {
  const levels = [STATE_DIR, ...(options.sub ? [options.sub] : [])];
  let abs = rootReal;
  let shown = '';
  for (const level of levels) {
    abs = join(abs, level);
    shown = shown ? `${shown}/${level}` : level;
    if ((await folderAt(abs, shown)) === 'missing') {
      if (!options.create) return undefined;
      await mkdir(abs).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw new StateDirError(`${shown} cannot be created (${error.code ?? error.message}).`);
      });
      await folderAt(abs, shown); // made by someone else meanwhile: judged again
    }
    // each level ignores itself: a repository that ships `.smallcode/` (its rules) with a .gitignore of
    // its own keeps it, and the traces below are still never committed by accident
    if (options.create) await ignoreInGit(abs, shown, level === STATE_DIR ? TOP_IGNORE : '*\n');
  }
  return abs;
}

/** `.smallcode/` ignores what SmallCode writes, not the project rules a team commits (`rules/`). */
const TOP_IGNORE = '*\n!rules/\n!rules/**\n';

/** `<dir>/.gitignore` with `text`; an existing one (or a symlink there) is left as it is. */
async function ignoreInGit(dir: string, shown: string, text: string): Promise<void> {
  // `wx` fails on anything already there, a symlink included, so nothing is written through one.
  await writeFile(join(dir, '.gitignore'), text, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw new StateDirError(`${shown}/.gitignore cannot be written (${error.code ?? error.message}).`);
  });
}

/** A state file's text: only a regular file (not a symlink, pipe or device), at most MAX_STATE_FILE_BYTES. */
export async function readStateFile(abs: string): Promise<string | undefined> {
  const info = await lstat(abs).catch(() => undefined);
  if (!info?.isFile()) return undefined; // a symlink is not followed
  return readRegularFile(abs, MAX_STATE_FILE_BYTES).then((bytes) => new TextDecoder().decode(bytes), () => undefined);
}
