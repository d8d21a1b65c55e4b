// The files whose change can hide or show files anywhere below their folder: a .gitignore, and the
// repository's own .git/info/exclude (which counts as the root's first rules). One owner for the index,
// which walks again on an event for one, and the host, which passes such events on.

/** Whether a workspace-relative path (`/`-separated) is an ignore file. */
export function isIgnoreFile(path: string): boolean {
  return /(^|\/)\.gitignore$/.test(path) || path === '.git/info/exclude';
}
