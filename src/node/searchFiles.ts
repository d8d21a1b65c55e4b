// Regex search over the workspace's text files, one line at a time, .gitignore respected.
import { readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkspaceError, type SearchOptions, type SearchResult } from '../core/ports';
import { isWithin } from './containment';
import { looksBinary } from './fileKind';
import { compileFindGlob } from './glob';
import { walkFiles } from './walkFiles';

/** A small model needs a few hits to choose a file, not hundreds. */
export const DEFAULT_MAX_SEARCH_RESULTS = 50;
/** A matching line is cut to this: minified code would otherwise spend the whole context. */
export const MAX_MATCH_LINE_CHARS = 200;
/** Longer lines (minified bundles, data) are not searched: a slow regex on them can take seconds. */
const MAX_SEARCHED_LINE_CHARS = 10_000;

/** Smart case: all-lowercase patterns match any case, as in ripgrep's --smart-case. */
function compile(pattern: string, caseSensitive: boolean | undefined): RegExp {
  const sensitive = caseSensitive ?? /[A-Z]/.test(pattern.replace(/\\[A-Za-z]/g, ''));
  try {
    return new RegExp(pattern, sensitive ? '' : 'i');
  } catch (error) {
    throw new WorkspaceError('invalid-pattern', `Invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

export async function searchFiles(
  rootReal: string,
  pattern: string,
  options: SearchOptions & { maxFileBytes: number },
): Promise<SearchResult> {
  const regex = compile(pattern, options.caseSensitive);
  const inGlob = options.glob ? compileFindGlob(options.glob) : () => true;
  const max = options.maxResults ?? DEFAULT_MAX_SEARCH_RESULTS;
  const result: SearchResult = { matches: [], truncated: false, skippedFiles: 0 };
  for await (const path of walkFiles(rootReal, { signal: options.signal })) {
    if (!inGlob(path)) continue;
    const abs = join(rootReal, path);
    const info = await stat(abs).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (info.size > options.maxFileBytes) {
      result.skippedFiles++;
      continue;
    }
    // A symlinked file is searched only if it really lives inside the workspace.
    const real = await realpath(abs).catch(() => undefined);
    if (!real || !isWithin(rootReal, real)) continue;
    const bytes = await readFile(real).catch(() => undefined);
    if (!bytes || looksBinary(bytes)) {
      if (bytes) result.skippedFiles++;
      continue;
    }
    const lines = bytes.toString('utf8').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.length > MAX_SEARCHED_LINE_CHARS || !regex.test(line)) continue;
      if (result.matches.length === max) {
        result.truncated = true;
        return result;
      }
      const text = line.trim();
      result.matches.push({ path, line: i + 1, text: text.length > MAX_MATCH_LINE_CHARS ? `${text.slice(0, MAX_MATCH_LINE_CHARS)}…` : text });
    }
  }
  return result;
}
