// Which workspace paths git would ignore — one owner for the walk (find_files, search, the code
// index's listing) and for single paths (a saved file, a file event re-indexed alone). Each folder's
// .gitignore is parsed once and kept until that file changes (its inode, size or times: one stat per
// folder per question, microseconds), so a save costs no re-read. `.git/info/exclude` counts as the
// root's first rules; `.git` and `node_modules` folders are always skipped.
import { statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { isWithin } from './containment';
import { ALWAYS_SKIPPED, excludeRules, isIgnored, parseGitignore, type IgnoreRule } from './gitignore';
import { readRegularFile } from './readRegular';

/** An ignore file larger than this is not one anybody wrote by hand: it is not read. */
const MAX_IGNORE_FILE_BYTES = 256 * 1024;

/** What identifies a version of a file without reading it ('' when there is none). */
function versionOf(abs: string): string {
  try {
    const s = statSync(abs, { throwIfNoEntry: false });
    return s ? `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}` : '';
  } catch {
    return '';
  }
}

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

export class WorkspaceIgnore {
  /** Per folder ('' = root): its ignore files' version and the rules they hold. */
  private readonly own = new Map<string, { version: string; rules: IgnoreRule[] }>();

  /** files.exclude's rules: tested apart from the .gitignore files', so that no `!` line of theirs brings back what they hide. */
  private readonly excluded: IgnoreRule[];

  /** `exclude`: VS Code's `files.exclude` globs (relative to the root), hidden as ignored files are. */
  constructor(private readonly rootReal: string, exclude: readonly string[] = []) {
    this.excluded = excludeRules(exclude);
  }

  /** The ignore files a folder's own rules come from (the root's: .git/info/exclude first). */
  private files(folder: string): string[] {
    const abs = folder === '' ? this.rootReal : join(this.rootReal, folder);
    const own = join(abs, '.gitignore');
    return folder === '' ? [join(this.rootReal, '.git', 'info', 'exclude'), own] : [own];
  }

  /** The rules a folder's own ignore file adds (relative to that folder), parsed again only when it changed. */
  async rulesOf(folder: string, signal?: AbortSignal): Promise<IgnoreRule[]> {
    const files = this.files(folder);
    const version = files.map(versionOf).join('|');
    const cached = this.own.get(folder);
    if (cached && cached.version === version) return cached.rules;
    const rules: IgnoreRule[] = [];
    if (version.replace(/\|/g, '') !== '') {
      for (const file of files) {
        const text = await readIgnoreFile(this.rootReal, file, signal);
        // The exclude file's rules apply from the root, as the root's .gitignore's do.
        if (text) rules.push(...parseGitignore(text, folder));
      }
    }
    this.own.set(folder, { version, rules });
    return rules;
  }

  /**
   * The rules in force for the entries of `folder` (its own file's included), or undefined when the
   * folder or one above it is ignored (git never looks inside an ignored folder).
   */
  async rulesInside(folder: string, signal?: AbortSignal): Promise<IgnoreRule[] | undefined> {
    let rules = await this.rulesOf('', signal);
    let at = '';
    for (const name of folder === '' ? [] : folder.split('/')) {
      const sub = at === '' ? name : `${at}/${name}`;
      if (ALWAYS_SKIPPED.has(name) || this.excludes(sub, true) || isIgnored(sub, true, rules)) return undefined;
      const own = await this.rulesOf(sub, signal);
      if (own.length) rules = [...rules, ...own];
      at = sub;
    }
    return rules;
  }

  /** Whether a workspace-relative path is ignored: by the rules, or by being in an ignored folder. */
  async ignores(path: string, isDirectory: boolean): Promise<boolean> {
    const slash = path.lastIndexOf('/');
    const rules = await this.rulesInside(slash < 0 ? '' : path.slice(0, slash));
    if (!rules) return true;
    if (isDirectory && ALWAYS_SKIPPED.has(path.slice(slash + 1))) return true;
    return this.excludes(path, isDirectory) || isIgnored(path, isDirectory, rules);
  }

  /** Whether files.exclude hides this workspace-relative path itself (its folders are asked one by one). */
  excludes(path: string, isDirectory: boolean): boolean {
    return this.excluded.length > 0 && isIgnored(path, isDirectory, this.excluded);
  }
}
