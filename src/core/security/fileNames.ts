// The name a file system really opens for a path segment, as far as a policy on names must care.
// Windows and macOS compare names ignoring case; Windows also drops trailing dots and spaces
// (`package.json.` and `Makefile ` are package.json and Makefile) and opens a file's data through
// an NTFS stream suffix (`package.json::$DATA`). Judging the folded name makes a protected or
// command-running file impossible to reach under another spelling; on Linux, where those names are
// distinct files, it only asks or refuses about a few odd names more.

/** `segment` as the policy compares it: lower case, without a `:stream` suffix or trailing dots and spaces. */
export function foldFileName(segment: string): string {
  return trimFileName(segment).toLowerCase();
}

/** `segment` without a `:stream` suffix or trailing dots and spaces, its case kept (for names only one spelling of which is meant). */
export function trimFileName(segment: string): string {
  return segment.replace(/:.*$/s, '').replace(/[. ]+$/, '');
}

/** The folded segments of a workspace-relative POSIX path (empty segments dropped). */
export function foldedSegments(path: string): string[] {
  return path.split('/').filter(Boolean).map(foldFileName);
}
