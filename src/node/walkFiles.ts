// Walks the workspace the way a developer sees it: .gitignore respected (nested files included),
// `.git` and `node_modules` always skipped, symlinked folders not followed (they can loop or lead
// outside the root; symlinked files are listed and contained when read).
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { isWithin } from './containment';
import { ALWAYS_SKIPPED, isIgnored, parseGitignore, type IgnoreRule } from './gitignore';
import { readRegularFile } from './readRegular';

export interface WalkOptions {
  /** Stop after this many files (guards against a workspace of millions of files). */
  maxFiles?: number;
  signal?: AbortSignal;
}

/** Walking stops here even without a cap from the caller. */
export const DEFAULT_MAX_WALK_FILES = 50_000;

/** An ignore file larger than this is not one anybody wrote by hand: it is not read. */
const MAX_IGNORE_FILE_BYTES = 256 * 1024;

/**
 * An ignore file's text, if it is a regular file inside the workspace: a committed `.gitignore` may be
 * a symlink to `/dev/stdin` (a read that never returns), `/dev/zero` (one that never ends) or a file
 * elsewhere on the machine.
 */
async function readIgnoreFile(rootReal: string, path: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    if (!isWithin(rootReal, real)) return undefined;
    return new TextDecoder().decode(await readRegularFile(real, MAX_IGNORE_FILE_BYTES, signal));
  } catch {
    return undefined;
  }
}

/** Workspace-relative file paths under `rootReal`, depth first, each folder's entries sorted by name. */
export async function* walkFiles(rootReal: string, options: WalkOptions = {}): AsyncGenerator<string> {
  const max = options.maxFiles ?? DEFAULT_MAX_WALK_FILES;
  let count = 0;
  const exclude = await readIgnoreFile(rootReal, join(rootReal, '.git', 'info', 'exclude'), options.signal);
  const rootRules = exclude ? parseGitignore(exclude) : [];

  async function* visit(rel: string, inherited: IgnoreRule[]): AsyncGenerator<string> {
    const abs = rel === '' ? rootReal : join(rootReal, rel);
    const own = await readIgnoreFile(rootReal, join(abs, '.gitignore'), options.signal);
    const rules = own ? [...inherited, ...parseGitignore(own, rel)] : inherited;
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch {
      return; // unreadable folder: skip it rather than fail the whole listing
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (options.signal?.aborted || count >= max) return;
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(path, true, rules)) continue;
        yield* visit(path, rules);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (isIgnored(path, false, rules)) continue;
        count++;
        yield path;
      }
    }
  }

  yield* visit('', rootRules);
}
