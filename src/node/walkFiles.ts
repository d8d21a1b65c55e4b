// Walks the workspace the way a developer sees it: .gitignore respected (nested files included),
// `.git` and `node_modules` always skipped, symlinked folders not followed (they can loop or lead
// outside the root; symlinked files are listed and contained when read).
import { lstat, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { isWithin } from './containment';
import { ALWAYS_SKIPPED, isIgnored, type IgnoreRule } from './gitignore';
import { WorkspaceIgnore } from './workspaceIgnore';

export interface WalkOptions {
  /** Stop after this many files (guards against a workspace of millions of files). */
  maxFiles?: number;
  signal?: AbortSignal;
  /** The ignore rules' cache to use (one kept by the caller spares re-reading .gitignore files). */
  ignore?: WorkspaceIgnore;
  /** Only this folder (workspace-relative): nothing when it is ignored, a symlink, or not a folder. */
  under?: string;
}

/** Walking stops here even without a cap from the caller. */
export const DEFAULT_MAX_WALK_FILES = 50_000;

/** Whether `rel` (clean, relative) is a real folder under the root: no symlink on the way (the walk never follows one). */
export async function isRealFolder(rootReal: string, rel: string): Promise<boolean> {
  const abs = join(rootReal, rel);
  if (!isWithin(rootReal, abs)) return false;
  try {
    return (await lstat(abs)).isDirectory() && (await realpath(abs)) === abs;
  } catch {
    return false;
  }
}

/** Workspace-relative file paths under `rootReal`, depth first, each folder's entries sorted by name. */
export async function* walkFiles(rootReal: string, options: WalkOptions = {}): AsyncGenerator<string> {
  const max = options.maxFiles ?? DEFAULT_MAX_WALK_FILES;
  let count = 0;
  const ignore = options.ignore ?? new WorkspaceIgnore(rootReal);

  /** `rules`: those in force inside `rel` (its own .gitignore's included). */
  async function* visit(rel: string, rules: IgnoreRule[]): AsyncGenerator<string> {
    const abs = rel === '' ? rootReal : join(rootReal, rel);
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
        if (ALWAYS_SKIPPED.has(entry.name) || ignore.excludes(path, true) || isIgnored(path, true, rules)) continue;
        const own = await ignore.rulesOf(path, options.signal);
        yield* visit(path, own.length ? [...rules, ...own] : rules);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (ignore.excludes(path, false) || isIgnored(path, false, rules)) continue;
        count++;
        yield path;
      }
    }
  }

  const under = options.under?.replace(/\/+$/, '') ?? '';
  // The rules first: a folder under node_modules or an ignored one costs no look at the disk.
  if (under !== '' && (await ignore.ignores(under, true))) return;
  const rules = await ignore.rulesInside(under, options.signal);
  if (rules && (under === '' || (await isRealFolder(rootReal, under)))) yield* visit(under, rules);
}
