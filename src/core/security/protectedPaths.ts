// Paths the model may not touch even inside the workspace, because what is written there runs
// later without passing command approval. Judged on normalised workspace-relative paths; the host
// also judges the real path, so a symlink into `.git` is caught too.
//
//   .git/**            hooks run on the user's next commit; config can run commands (core.hooksPath,
//                      core.fsmonitor, aliases). Neither read nor written: Git's data is not the model's.
//   .vscode/**         tasks (runOn: folderOpen), launch configs and settings that name executables.
//   *.code-workspace   the same settings, tasks and launch configs in one file.
//   .husky/**          Git hooks managed by husky: run on commit like .git/hooks.
//   .smallcode/**      SmallCode's own state (memory, plans): the agent must not rewrite its own record.
// Any depth: a nested repository or project keeps the same files. Segments are compared ignoring
// case, trailing dots/spaces and a stream suffix, as macOS and Windows file systems resolve `.GIT`,
// `.git.` or `.git::$INDEX_ALLOCATION` to `.git` (see fileNames.ts, the one owner of that rule).

import { foldedSegments, foldFileName } from './fileNames';

export type PathPolicy = { ok: true } | { ok: false; reason: string };

const OK: PathPolicy = { ok: true };

function protectedSegment(path: string, names: readonly string[]): string | undefined {
  return foldedSegments(path).find((s) => names.includes(s));
}

/** Reads (and everything else): only `.git` is off limits; search and find skip it already. */
export function checkReadablePath(path: string): PathPolicy {
  if (!protectedSegment(path, ['.git'])) return OK;
  return {
    ok: false,
    reason: `"${path}" is inside .git, Git's own data; SmallCode does not read or write it. Use git commands (git log, git diff, git show) with the run tool instead.`,
  };
}

/** Writes: `.git` plus the files that make the editor or Git run commands, and SmallCode's own state. */
export function checkWritablePath(path: string): PathPolicy {
  const read = checkReadablePath(path);
  if (!read.ok) return read;
  const folder = protectedSegment(path, ['.vscode', '.husky', '.smallcode']);
  const workspaceFile = foldFileName(path.slice(path.lastIndexOf('/') + 1)).endsWith('.code-workspace');
  if (!folder && !workspaceFile) return OK;
  const what =
    folder === '.smallcode'
      ? 'SmallCode\'s own state'
      : folder === '.husky'
        ? 'a Git hook (husky), which runs on the user\'s next commit'
        : 'editor configuration that can run commands (tasks, launch configurations, settings)';
  return {
    ok: false,
    reason: `"${path}" is ${what}; SmallCode does not change it, because it would run without the user approving a command. Nothing was written. Tell the user the change you suggest and why, and let them make it.`,
  };
}
