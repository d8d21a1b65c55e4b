// A small .gitignore matcher: comments, blank lines, `*`, `?`, `[..]`, `**`, leading `/` (anchored),
// a `/` in the middle (anchored), trailing `/` (directories only), `!` negation, `\` escapes, and
// nested .gitignore files (rules relative to their own folder; later, deeper rules win). As in git,
// a file inside an ignored folder cannot be re-included: the walker never enters that folder.
import { compileGlob } from './glob';

export interface IgnoreRule {
  /** Folder of the .gitignore that holds the rule, workspace-relative ('' = root). */
  base: string;
  negate: boolean;
  dirOnly: boolean;
  /** Whether a path relative to `base` matches. */
  matches: (path: string) => boolean;
  /** The line as written, for debugging. */
  pattern: string;
}

/** Trailing spaces are ignored unless escaped with a backslash. */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

export function parseGitignore(text: string, base = ''): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = trimTrailingSpaces(raw);
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/') && !line.endsWith('\\/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line === '') continue;
    // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ base, negate, dirOnly, pattern: raw, matches: compileGlob(line, { anyDepth: !anchored }) });
  }
  return rules;
}

/**
 * VS Code's `files.exclude` globs as rules from the root: relative to the root (`out` is the root's
 * `out` only; `**\/out` any), `{a,b}` allowed, and a folder matched hides all it holds (the walk does
 * not enter it). An empty or absolute glob matches nothing here and is dropped.
 */
export function excludeRules(globs: readonly string[]): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of globs) {
    const glob = raw.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    if (glob === '' || glob.startsWith('/')) continue;
    try {
      rules.push({ base: '', negate: false, dirOnly: false, pattern: raw, matches: compileGlob(glob, { braces: true }) });
    } catch {
      // too many brace alternatives: the glob is not followed rather than the walk failing
    }
  }
  return rules;
}

/** Whether `path` (workspace-relative) is ignored under `rules` (in file order, outer files first). */
export function isIgnored(path: string, isDirectory: boolean, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.dirOnly && !isDirectory) continue;
    let sub = path;
    if (rule.base !== '') {
      if (!path.startsWith(`${rule.base}/`)) continue;
      sub = path.slice(rule.base.length + 1);
    }
    if (rule.matches(sub)) ignored = !rule.negate;
  }
  return ignored;
}

/** Never worth walking into, whatever .gitignore says. */
export const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);
