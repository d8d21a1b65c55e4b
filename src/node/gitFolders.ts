// Git's own folders when they are not `.git`: a `core.hooksPath` pointing into the workspace
// (`.githooks`, `tools/hooks`), or a git dir kept elsewhere in it (`.git` as a file saying
// `gitdir: .repo`). Hooks there run on the user's next commit without any approval, so they are
// protected like `.git`. Asked from Git itself (`git rev-parse --git-path hooks`), which knows every
// config level and worktree; without Git, the repository's own config file is read (a regular file
// inside the workspace only). On Windows `git` is found on PATH only, never in the workspace.
import { execFile } from 'node:child_process';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isWithin } from './containment';
import { noCwdSearchEnv, programPath, SPAWN_EXTENSIONS } from './exeSearch';
import { readRegularFile } from './readRegular';

/** Git answers in milliseconds; a hung git (a network file system) must not stall a write. */
const GIT_TIMEOUT_MS = 5_000;
/** `.git` as a file and a repository config are a few lines. */
const MAX_GIT_FILE_BYTES = 64 * 1024;

function gitPaths(rootReal: string): Promise<string[] | undefined> {
  // On Windows a bare `git` would be the workspace's own git.exe, run before any approval
  const git = programPath('git', undefined, SPAWN_EXTENSIONS);
  if (!git) return Promise.resolve(undefined);
  return new Promise((done) => {
    execFile(
      git,
      ['-c', 'core.fsmonitor=false', 'rev-parse', '--git-path', 'hooks', '--git-dir', '--git-common-dir'],
      { cwd: rootReal, timeout: GIT_TIMEOUT_MS, windowsHide: true, env: { ...process.env, ...noCwdSearchEnv(), GIT_OPTIONAL_LOCKS: '0' } },
      (error, stdout) => done(error ? undefined : stdout.split(/\r?\n/).filter(Boolean)),
    );
  });
}

/**
 * A file of the repository's, or '' when it is not a regular file inside the workspace: a FIFO (or a
 * link to /dev/stdin) would block a plain read, and so every write, forever.
 */
async function readGitFile(rootReal: string, abs: string): Promise<string> {
  try {
    const real = await realpath(abs);
    if (!isWithin(rootReal, real)) return '';
    return new TextDecoder().decode(await readRegularFile(real, MAX_GIT_FILE_BYTES));
  } catch {
    return '';
  }
}

/** Without Git: `.git` (a folder, or a file naming the git dir) and `core.hooksPath` from its config. */
async function configuredPaths(rootReal: string): Promise<string[]> {
  const dotGit = join(rootReal, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (!info) return [];
  let gitDir = dotGit;
  if (info.isFile()) {
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(await readGitFile(rootReal, dotGit));
    if (!pointer) return [];
    gitDir = resolve(rootReal, pointer[1]!);
  }
  const config = await readGitFile(rootReal, join(gitDir, 'config'));
  const core = /^\s*\[core\]([\s\S]*?)(?=^\s*\[|$(?![\s\S]))/im.exec(config)?.[1] ?? '';
  const hooksPath = /^\s*hookspath\s*=\s*"?(.+?)"?\s*$/im.exec(core)?.[1];
  return [gitDir, ...(hooksPath ? [hooksPath] : [join(gitDir, 'hooks')])];
}

/** Git's hook names: with `core.hooksPath = .` the hooks sit among the project's own files. */
const HOOK_NAMES = new Set([
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg',
  'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive',
  'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate', 'fsmonitor-watchman',
  'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit', 'post-index-change',
]);

/** Git's folders inside one workspace, and whether a workspace-relative path is in one of them. */
export class GitFolders {
  constructor(
    /** Workspace-relative POSIX folders ('' = the root, where only hook names count). */
    readonly folders: readonly string[],
  ) {}

  /** The Git folder `path` (workspace-relative, POSIX) is in, or undefined. */
  holding(path: string): string | undefined {
    const p = path.toLowerCase();
    return this.folders.find((f) => (f === '' ? !p.includes('/') && HOOK_NAMES.has(p.replace(/\.sample$/, '')) : p === f.toLowerCase() || p.startsWith(`${f.toLowerCase()}/`)));
  }
}

/**
 * Git's folders that lie inside the workspace: the hooks folder and the git dir. `.git` itself is
 * left out (core/security protects it everywhere).
 */
export async function gitFoldersInside(rootReal: string): Promise<GitFolders> {
  const paths = (await gitPaths(rootReal)) ?? (await configuredPaths(rootReal));
  const folders = new Set<string>();
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(rootReal, p);
    // The folder may not exist yet (hooksPath set, no hook written): then its path as configured counts.
    const real = await realpath(abs).catch(() => abs);
    if (!isWithin(rootReal, real)) continue;
    const rel = relative(rootReal, real).split(sep).join('/');
    if (rel.toLowerCase() !== '.git' && !rel.toLowerCase().startsWith('.git/')) folders.add(rel);
  }
  // The outermost first: `.repo` says more than `.repo/hooks` about a path in both.
  return new GitFolders([...folders].sort((a, b) => a.length - b.length));
}
