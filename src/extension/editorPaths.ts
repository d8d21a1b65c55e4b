// The names under which VS Code may have a workspace file open. Containment resolves every path to
// its real path (the security policy is judged there), but VS Code names a document by the path it
// was opened through: under the workspace folder as the user opened it (`~/code` → /Volumes/data/code,
// /tmp → /private/tmp, a mapped drive → its UNC share) and, on Windows, with a lower-case drive letter.
// Finding the user's open document needs every spelling. No `vscode` import.
import * as path from 'node:path';

/** Windows and macOS file systems ignore case, and VS Code compares their file paths without it. */
function ignoresCase(platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

const pathApi = (platform: NodeJS.Platform) => (platform === 'win32' ? path.win32 : path.posix);

/** True when two absolute paths name the same file as VS Code compares them on `platform`. */
export function samePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  const p = pathApi(platform);
  const [x, y] = [p.normalize(a), p.normalize(b)];
  return ignoresCase(platform) ? x.toLowerCase() === y.toLowerCase() : x === y;
}

export interface ResolvedFile {
  /** The workspace folder as VS Code names it (its `uri.fsPath`). */
  root: string;
  /** The folder's real path, which containment judged `abs` against. */
  rootReal: string;
  /** The workspace-relative path as normalised (POSIX separators). */
  rel: string;
  /** The real path containment resolved `rel` to (inside `rootReal`). */
  abs: string;
}

/**
 * Absolute paths by which VS Code may show the file, most preferred first: the real file under the
 * folder as VS Code names it (what a review opens when no editor has the file), the path as written
 * under the folder (a symlink inside the workspace the user opened by that name), and the real path.
 */
export function editorPaths(file: ResolvedFile, platform: NodeJS.Platform = process.platform): string[] {
  const p = pathApi(platform);
  const realRel = p.relative(file.rootReal, file.abs);
  const candidates = [p.join(file.root, realRel), p.join(file.root, ...file.rel.split('/')), file.abs];
  return candidates.filter((c, i) => candidates.findIndex((d) => samePath(c, d, platform)) === i);
}
