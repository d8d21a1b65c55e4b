// Model-supplied paths → workspace-relative POSIX paths, or a refusal the model can act on.
// Pure string logic; the real-file-system step (realpath through symlinks) is the host's job
// (src/node/containment.ts), because a lexically clean path can still leave the root via a symlink.

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

const DRIVE = /^[A-Za-z]:/;

/** Backslashes to slashes, trailing slashes dropped (but '/' and 'C:/' kept). */
function slashes(p: string): string {
  const s = p.replace(/\\/g, '/');
  return s.length > 1 && s.endsWith('/') && !/^[A-Za-z]:\/$/.test(s) ? s.replace(/\/+$/, '') : s;
}

/** Models often wrap a path in quotes or backticks, or write it as a file:// URL. */
function unwrap(input: string): string {
  let s = input.trim();
  const q = /^(["'`])(.*)\1$/.exec(s);
  if (q) s = q[2]!.trim();
  if (/^file:\/\//i.test(s)) {
    s = s.replace(/^file:\/\//i, '');
    try {
      s = decodeURIComponent(s);
    } catch {
      // keep it undecoded: a stray '%' is a legal file-name character
    }
    if (/^\/[A-Za-z]:/.test(s)) s = s.slice(1); // file:///C:/x
  }
  return s;
}

/** Strips `root` from an absolute path inside it; undefined when the path is not under the root. */
function relativeToRoot(abs: string, root: string): string | undefined {
  const r = slashes(root);
  const windows = DRIVE.test(r);
  const a = windows ? abs.toLowerCase() : abs;
  const b = windows ? r.toLowerCase() : r;
  if (a === b) return '';
  const prefix = b.endsWith('/') ? b : `${b}/`;
  return a.startsWith(prefix) ? abs.slice(prefix.length) : undefined;
}

/**
 * A path as written, lexically tidied: quotes, backticks and file:// gone, backslashes turned to slashes,
 * a trailing slash dropped. Nothing is refused: for deciding what a path names (a `.env` file?) even
 * where it may not go.
 */
export function tidyPath(input: string): string {
  return slashes(unwrap(input));
}

/**
 * One key per file however a path is spelled (`./a.ts` and `a.ts`, `src\\a.ts` and `src/a.ts`): the
 * normalised workspace path, or the path as written when it is not one (it then matches only itself).
 */
export function pathKey(path: string): string {
  const check = normalizeWorkspacePath(path);
  return check.ok ? check.path : path;
}

/**
 * Normalises a path the model wrote: strips quotes and `./`, folds `a/../b`, turns an absolute path
 * inside `root` into a relative one. Refuses NUL bytes, `..` leaving the root, absolute paths outside
 * the root (or any absolute path when no root is given), drive letters, UNC and `~` paths.
 * '' means the root itself.
 */
export function normalizeWorkspacePath(input: string, root?: string): PathCheck {
  if (typeof input !== 'string') return { ok: false, reason: 'The path must be a string.' };
  if (input.includes('\0')) return { ok: false, reason: 'The path contains a NUL byte.' };
  let p = tidyPath(input);
  const shown = p;
  if (p.startsWith('~')) {
    return { ok: false, reason: `"${shown}" is outside the workspace. Use a path relative to the workspace root.` };
  }
  if (p.startsWith('//')) return { ok: false, reason: `"${shown}" is a network path; use a path relative to the workspace root.` };
  if (p.startsWith('/') || DRIVE.test(p)) {
    const rel = root !== undefined && (p.startsWith('/') || /^[A-Za-z]:\//.test(p)) ? relativeToRoot(p, root) : undefined;
    if (rel === undefined) {
      return { ok: false, reason: `"${shown}" is outside the workspace. Use a path relative to the workspace root.` };
    }
    p = rel;
  }
  const parts: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) {
        return { ok: false, reason: `"${shown}" leaves the workspace ('..' above the root). Use a path inside the workspace.` };
      }
      parts.pop();
      continue;
    }
    parts.push(segment);
  }
  return { ok: true, path: parts.join('/') };
}
