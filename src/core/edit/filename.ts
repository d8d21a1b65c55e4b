// Which file a block edits: models put the path on the line before the fence (aider's format),
// in the fence's info string (```python src/app.py), or decorated as a heading, bold or `code`.
// A wrong path is worse than none (the caller can ask), so only text that looks like a path counts.
import { FENCE } from './markers';

const DECORATION = /^(?:#+\s*|\*\*|\*|`|'|")+|(?:\*\*|\*|`|'|"|:)+$/g;
const LABEL = /^(?:file(?:name)?|path)\s*:\s*/i;
/** `title="src/app.ts"` in a fence's info string. */
const INFO_LABEL = /^(?:file(?:name)?|path|title)=["']?|["']$/gi;
/** Continue writes ```ts:src/app.ts, Cursor ```12:15:src/app.ts: the path is what follows (not a drive, C:/). */
const INFO_PREFIX = /^(?:\d+:\d+|[A-Za-z][\w+#-]*):(?![\\/])/;

export function looksLikePath(candidate: string): boolean {
  if (candidate.length === 0 || candidate.length > 260) return false;
  if (/\s|[<>()|{}[\]"'`,;]|^https?:/i.test(candidate)) return false;
  if (candidate === '...' || candidate.endsWith('.')) return false;
  if (!/[A-Za-z0-9_]/.test(candidate)) return false;
  // A path has a directory separator or a file extension.
  return /[/\\]/.test(candidate) || /\.[A-Za-z0-9_+-]{1,12}$/.test(candidate);
}

/** The path one token of a fence's info string names, if it names one. */
export function pathInInfo(token: string): string | undefined {
  const path = token.replace(INFO_LABEL, '').replace(INFO_PREFIX, '');
  return looksLikePath(path) ? path : undefined;
}

/** The path named by one line of text, if the whole line is just a (decorated) path. */
export function pathOnLine(line: string): string | undefined {
  const trimmed = line.trim();
  const fence = FENCE.exec(trimmed);
  if (fence) {
    const info = (fence[1] ?? fence[2] ?? '').trim().split(/\s+/);
    return info.map(pathInInfo).find((path) => path !== undefined);
  }
  const bare = trimmed.replace(LABEL, '').replace(DECORATION, '').replace(LABEL, '').trim();
  return looksLikePath(bare) ? bare : undefined;
}

/**
 * Look back from a SEARCH marker over at most three lines: the fence line(s) directly above it and
 * the line before them (aider's rule), stopping at the first line that is not a fence.
 */
export function findPathBefore(lines: readonly string[], headIndex: number): string | undefined {
  for (let i = headIndex - 1; i >= Math.max(0, headIndex - 3); i--) {
    const line = lines[i]!;
    const found = pathOnLine(line);
    if (found) return found;
    if (!FENCE.test(line.trim())) return undefined;
  }
  return undefined;
}
