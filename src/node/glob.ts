// One glob-to-regex translation for both find_files globs and .gitignore patterns (gitignore is
// the same syntax minus braces), so the two can never disagree about what `*` or `**` means.

export interface GlobOptions {
  /** `{a,b}` alternation (find_files); .gitignore treats braces literally. */
  braces?: boolean;
}

const REGEX_SPECIAL = /[.+^${}()|[\]\\*?]/g;
const escapeRegex = (s: string) => s.replace(REGEX_SPECIAL, '\\$&');

/** `[...]` starting at `i`; returns the class and the index after it, or undefined if unclosed. */
function charClass(glob: string, i: number): { source: string; next: number } | undefined {
  let j = i + 1;
  let negate = false;
  if (glob[j] === '!' || glob[j] === '^') {
    negate = true;
    j++;
  }
  let body = '';
  if (glob[j] === ']') {
    body += '\\]';
    j++;
  }
  for (; j < glob.length && glob[j] !== ']'; j++) {
    const c = glob[j]!;
    if (c === '\\' && j + 1 < glob.length) body += escapeRegex(glob[++j]!);
    else if (c === '-') body += '-';
    else body += escapeRegex(c);
  }
  if (j >= glob.length) return undefined;
  // A class never matches '/': path segments are separated by it.
  return { source: negate ? `[^/${body}]` : `(?!/)[${body}]`, next: j + 1 };
}

/** Regex source (unanchored) for a glob over '/'-separated paths. */
export function globToRegexSource(glob: string, options: GlobOptions = {}): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        let j = i;
        while (glob[j] === '*') j++;
        const atEnd = j === glob.length || glob[j] === '/';
        if (atStart && atEnd) {
          if (j === glob.length) {
            out += '.*'; // trailing `**`: everything below
          } else {
            out += '(?:[^/]*(?:/|$))*'; // `**/`: zero or more whole segments
            j++; // the '/' is part of the segment run
            while (glob[j] === '/') j++;
          }
          i = j - 1;
          continue;
        }
        i = j - 1; // `a**b`: gitignore reads other runs of stars as one `*`
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const cls = charClass(glob, i);
      if (cls) {
        out += cls.source;
        i = cls.next - 1;
      } else out += '\\[';
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]!);
    } else if (options.braces && c === '{') {
      braceDepth++;
      out += '(?:';
    } else if (options.braces && c === ',' && braceDepth > 0) {
      out += '|';
    } else if (options.braces && c === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else {
      out += escapeRegex(c);
    }
  }
  while (braceDepth-- > 0) out += ')'; // an unclosed brace: close it rather than throw
  return out;
}

/**
 * A find_files glob as a predicate on workspace-relative paths. For small models' sake a glob
 * without '/' matches at any depth (`*.test.ts` finds test files everywhere, like .gitignore), and a
 * glob naming a folder matches the files below it (`src/lib` lists that folder).
 */
export function compileFindGlob(glob: string): (path: string) => boolean {
  let g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (g.startsWith('/')) g = g.slice(1);
  if (g === '' || g === '.') return () => true;
  const anywhere = !g.includes('/');
  const source = globToRegexSource(g, { braces: true });
  const re = new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${source}(?:/.*)?$`);
  return (path) => re.test(path);
}
