// Realpath containment: a lexically clean path can still leave the workspace through a symlink,
// so every access resolves the deepest part of the path that exists and checks it is under the
// root's real path. Files that do not exist yet are judged by their deepest existing parent.
import { lstat, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { WorkspaceError } from '../core/ports';

/** True when `target` is `root` or below it (both real, absolute paths). */
export function isWithin(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The real absolute path for a normalised workspace-relative path, refusing anything that resolves
 * outside `rootReal` (which must itself be a realpath). Dangling symlinks are refused too: writing
 * through one would create its target wherever it points.
 */
export async function resolveInside(rootReal: string, relPath: string): Promise<string> {
  const segments = relPath === '' ? [] : relPath.split('/');
  for (let keep = segments.length; keep >= 0; keep--) {
    const candidate = join(rootReal, ...segments.slice(0, keep));
    if (!(await exists(candidate))) continue;
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      throw new WorkspaceError('outside-root', `"${relPath}" goes through a broken symlink; refusing to follow it.`);
    }
    if (!isWithin(rootReal, real)) {
      throw new WorkspaceError('outside-root', `"${relPath}" resolves outside the workspace (through a symlink); refusing.`);
    }
    return join(real, ...segments.slice(keep));
  }
  // Not even the root exists: nothing below it can be inside.
  throw new WorkspaceError('not-found', `The workspace root ${rootReal} does not exist.`);
}
