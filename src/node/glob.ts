// One glob matcher for both find_files globs and .gitignore patterns (gitignore is the same syntax
// minus braces), so the two can never disagree about what `*` or `**` means.
//
// Globs come from the model and from any repository's .gitignore, so matching must not backtrack:
// a glob translated to a RegExp took a minute on `*a*a*a*a*a*a*a*.zz`. Instead the path is matched
// segment by segment: within a segment the classic two-pointer wildcard walk (O(pattern × name)),
// across segments `**` by dynamic programming over (pattern segment, path segment) pairs.
import { WorkspaceError } from '../core/ports';

export interface GlobOptions {
  /** `{a,b}` alternation (find_files); .gitignore treats braces literally. */
  braces?: boolean;
}

/** Brace alternatives beyond this are refused rather than expanded (`{a,b}` × 20 is a million globs). */
export const MAX_BRACE_EXPANSION = 256;

type Token =
  | { kind: 'char'; ch: string }
  | { kind: 'any' } // ?
  | { kind: 'star' } // *
  | { kind: 'class'; negate: boolean; ranges: [string, string][] };

/** A pattern segment: its tokens, or `**` (zero or more whole path segments). */
type Segment = Token[] | 'globstar';

/** `[...]` starting at `i`: the class and the index after it, or undefined if unclosed. */
function charClass(glob: string, i: number): { token: Token; next: number } | undefined {
  let j = i + 1;
  let negate = false;
  if (glob[j] === '!' || glob[j] === '^') {
    negate = true;
    j++;
  }
  const ranges: [string, string][] = [];
  let first = true;
  for (; j < glob.length && (glob[j] !== ']' || first); j++, first = false) {
    let c = glob[j]!;
    if (c === '\\' && j + 1 < glob.length) c = glob[++j]!;
    if (glob[j + 1] === '-' && j + 2 < glob.length && glob[j + 2] !== ']') {
      let end = glob[j + 2]!;
      j += 2;
      if (end === '\\' && j + 1 < glob.length) end = glob[++j]!;
      ranges.push([c, end]);
    } else ranges.push([c, c]);
  }
  if (j >= glob.length) return undefined;
  return { token: { kind: 'class', negate, ranges }, next: j + 1 };
}

/** Tokens of one brace-free glob, split into segments at each `/` outside a class. */
function parse(glob: string): Segment[] {
  const segments: { tokens: Token[]; raw: string }[] = [{ tokens: [], raw: '' }];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const current = segments[segments.length - 1]!;
    const from = i;
    if (c === '/') {
      segments.push({ tokens: [], raw: '' });
      continue;
    }
    if (c === '*') {
      if (current.tokens.at(-1)?.kind !== 'star') current.tokens.push({ kind: 'star' }); // `**` in a name is `*`
    } else if (c === '?') current.tokens.push({ kind: 'any' });
    else if (c === '[' && charClass(glob, i)) {
      const cls = charClass(glob, i)!;
      current.tokens.push(cls.token);
      i = cls.next - 1;
    } else if (c === '\\' && i + 1 < glob.length) current.tokens.push({ kind: 'char', ch: glob[++i]! });
    else current.tokens.push({ kind: 'char', ch: c });
    current.raw += glob.slice(from, i + 1);
  }
  const out: Segment[] = [];
  segments.forEach(({ tokens, raw }, index) => {
    if (raw === '' && index > 0 && index < segments.length - 1) return; // `a//b` is `a/b`
    // A whole segment of two or more unescaped stars spans folders; `**/**/` is one `**/`.
    const globstar = /^\*{2,}$/.test(raw);
    if (globstar && out.at(-1) === 'globstar') return;
    out.push(globstar ? 'globstar' : tokens);
  });
  return out;
}

function matchesToken(token: Token, ch: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.ch === ch;
    case 'any':
      return true;
    case 'class': {
      // A class never matches '/': names passed here never contain one.
      const inside = token.ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
      return inside !== token.negate;
    }
    case 'star':
      return false;
  }
}

/** One segment against one name: greedy `*` with a single backtrack point, so no blow-up. */
function matchSegment(tokens: Token[], name: string): boolean {
  let t = 0;
  let n = 0;
  let starT = -1;
  let starN = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token && token.kind === 'star') {
      starT = t++;
      starN = n;
    } else if (token && matchesToken(token, name[n]!)) {
      t++;
      n++;
    } else if (starT >= 0) {
      t = starT + 1;
      n = ++starN;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/**
 * Whether the path's segments match the pattern's. A trailing `**` needs at least one segment
 * (`logs/**` is what is inside logs, not logs itself); elsewhere `**` may match none. With
 * `allowBelow`, a match of a leading part of the path is enough (a folder matches its files).
 */
function matchSegments(pattern: Segment[], names: string[], allowBelow: boolean): boolean {
  // Bottom-up over (pattern index, name index), so a deep path cannot overflow the stack the way a
  // recursion per segment would. below[n] is the row for pattern index p + 1, row[n] the one for p.
  let below = new Uint8Array(names.length + 1);
  for (let n = 0; n <= names.length; n++) below[n] = n === names.length || (allowBelow && n > 0) ? 1 : 0;
  for (let p = pattern.length - 1; p >= 0; p--) {
    const segment = pattern[p]!;
    const last = p === pattern.length - 1;
    const row = new Uint8Array(names.length + 1);
    for (let n = names.length; n >= 0; n--) {
      if (segment === 'globstar') row[n] = (!last && below[n]) || (n < names.length && (below[n + 1] || row[n + 1])) ? 1 : 0;
      else row[n] = n < names.length && below[n + 1] && matchSegment(segment, names[n]!) ? 1 : 0;
    }
    below = row;
  }
  return below[0] === 1;
}

/** `{a,b}` alternatives, nested braces too; an unclosed brace closes at the end (never throws). */
function expandBraces(glob: string): string[] {
  // Find the first top-level `{` and its alternatives, skipping escapes and classes.
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') i++;
    else if (c === '[') i = (charClass(glob, i)?.next ?? i + 1) - 1;
    else if (c === '{') {
      const parts: string[] = [];
      let depth = 0;
      let from = i + 1;
      let j = i + 1;
      for (; j < glob.length; j++) {
        const d = glob[j]!;
        if (d === '\\') j++;
        else if (d === '[') j = (charClass(glob, j)?.next ?? j + 1) - 1;
        else if (d === '{') depth++;
        else if (d === '}' && depth > 0) depth--;
        else if (d === '}' || (d === ',' && depth === 0)) {
          parts.push(glob.slice(from, j));
          from = j + 1;
          if (d === '}') break;
        }
      }
      if (j >= glob.length) parts.push(glob.slice(from));
      const rest = expandBraces(glob.slice(j + 1));
      const out: string[] = [];
      for (const part of parts) {
        for (const head of expandBraces(part)) {
          for (const tail of rest) {
            out.push(glob.slice(0, i) + head + tail);
            if (out.length > MAX_BRACE_EXPANSION) throw new WorkspaceError('invalid-pattern', `The glob ${JSON.stringify(glob)} has more than ${MAX_BRACE_EXPANSION} {a,b} alternatives; use a simpler one.`);
          }
        }
      }
      return out;
    }
  }
  return [glob];
}

export interface CompiledGlob {
  /** Whether a '/'-separated path matches. */
  (path: string): boolean;
}

/**
 * A glob as a predicate on '/'-separated paths. `anyDepth` lets it match the path's last segments
 * (an unanchored gitignore name, a find glob without '/'); `allowBelow` lets it match a folder
 * above the path.
 */
export function compileGlob(glob: string, options: GlobOptions & { anyDepth?: boolean; allowBelow?: boolean } = {}): CompiledGlob {
  const alternatives = (options.braces ? expandBraces(glob) : [glob]).map((g) => {
    const segments = parse(g);
    return options.anyDepth && segments[0] !== 'globstar' ? (['globstar', ...segments] as Segment[]) : segments;
  });
  const allowBelow = options.allowBelow ?? false;
  return (path) => {
    const names = path.split('/');
    return alternatives.some((segments) => matchSegments(segments, names, allowBelow));
  };
}

/**
 * A find_files glob as a predicate on workspace-relative paths. For small models' sake a glob
 * without '/' matches at any depth (`*.test.ts` finds test files everywhere, like .gitignore), and a
 * glob naming a folder matches the files below it (`src/lib` lists that folder).
 * Throws WorkspaceError('invalid-pattern') for a glob with too many brace alternatives.
 */
export function compileFindGlob(glob: string): (path: string) => boolean {
  let g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (g.startsWith('/')) g = g.slice(1);
  if (g === '' || g === '.') return () => true;
  return compileGlob(g, { braces: true, anyDepth: !g.includes('/'), allowBelow: true });
}
