// Regex search over the workspace's text files, one line at a time, .gitignore respected. The regex
// itself runs in a worker with a time limit (regexWorker.ts); this side walks, reads and shapes.
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkspaceError, type SearchOptions, type SearchResult } from '../core/ports';
import { isWithin } from './containment';
import { looksBinary } from './fileKind';
import { compileFindGlob } from './glob';
import { NotReadable, readRegularFile } from './readRegular';
import { RegexWorker, type StopReason } from './regexWorker';
import { decodeText } from './textEncoding';
import { walkFiles } from './walkFiles';
import { WorkspaceIgnore } from './workspaceIgnore';
import { errorMessage } from '../core/errorMessage';

/** A small model needs a few hits to choose a file, not hundreds. */
export const DEFAULT_MAX_SEARCH_RESULTS = 50;
/** A matching line is cut to this: minified code would otherwise spend the whole context. */
export const MAX_MATCH_LINE_CHARS = 200;
/** Longer lines (minified bundles, data) are not searched: a slow regex on them can take seconds. */
const MAX_SEARCHED_LINE_CHARS = 10_000;
/** The regex may run this long in total per search; a catastrophic pattern is stopped there. */
export const DEFAULT_SEARCH_TIME_LIMIT_MS = 5_000;

/** SearchResult plus a note for the model when the search stopped before it was done. */
export interface NodeSearchResult extends SearchResult {
  /** Set when the regex ran out of time or the search was cancelled; `truncated` is set too. */
  note?: string;
}

const STOPPED: Record<StopReason, string> = {
  time: 'The search pattern took too long and was stopped; only the matches found so far are listed. Use a simpler pattern (no nested repetition such as (a+)+ or (.*)*), a plain word, or a narrower path glob.',
  aborted: 'The search was cancelled; only the matches found so far are listed.',
};

const cut = (line: string) => {
  const text = line.trim();
  return text.length > MAX_MATCH_LINE_CHARS ? `${text.slice(0, MAX_MATCH_LINE_CHARS)}…` : text;
};

/** Smart case: all-lowercase patterns match any case, as in ripgrep's --smart-case. */
function compile(pattern: string, caseSensitive: boolean | undefined): RegExp {
  const sensitive = caseSensitive ?? /[A-Z]/.test(pattern.replace(/\\[A-Za-z]/g, ''));
  try {
    return new RegExp(pattern, sensitive ? '' : 'i');
  } catch (error) {
    throw new WorkspaceError('invalid-pattern', `Invalid regular expression ${JSON.stringify(pattern)}: ${errorMessage(error)}`);
  }
}

export async function searchFiles(
  rootReal: string,
  pattern: string,
  options: SearchOptions & { maxFileBytes: number; timeLimitMs?: number; exclude?: readonly string[] },
): Promise<NodeSearchResult> {
  const regex = compile(pattern, options.caseSensitive);
  const inGlob = options.glob ? compileFindGlob(options.glob) : () => true;
  const max = options.maxResults ?? DEFAULT_MAX_SEARCH_RESULTS;
  const result: NodeSearchResult = { matches: [], truncated: false, skippedFiles: 0 };
  const worker = new RegexWorker(regex, options.timeLimitMs ?? DEFAULT_SEARCH_TIME_LIMIT_MS, options.signal, MAX_SEARCHED_LINE_CHARS);
  try {
    for await (const path of walkFiles(rootReal, { signal: options.signal, ignore: new WorkspaceIgnore(rootReal, options.exclude) })) {
      if (!inGlob(path)) continue;
      // A symlinked file is searched only if it really lives inside the workspace, and only a regular
      // file is read (a pipe or device would block the search or never end).
      const real = await realpath(join(rootReal, path)).catch(() => undefined);
      if (!real || !isWithin(rootReal, real)) continue;
      let bytes: Uint8Array;
      try {
        bytes = await readRegularFile(real, options.maxFileBytes, options.signal);
      } catch (error) {
        if (error instanceof NotReadable && error.reason === 'too-large') result.skippedFiles++;
        continue;
      }
      if (looksBinary(bytes)) {
        result.skippedFiles++;
        continue;
      }
      // One more than still fits tells us whether there are more.
      const hits = await worker.match(decodeText(bytes).text, max - result.matches.length + 1);
      if (typeof hits === 'string') {
        result.truncated = true;
        result.note = STOPPED[hits];
        return result;
      }
      for (const hit of hits) {
        if (result.matches.length === max) {
          result.truncated = true;
          return result;
        }
        result.matches.push({ path, line: hit.line, text: cut(hit.text) });
      }
    }
    if (options.signal?.aborted) Object.assign(result, { truncated: true, note: STOPPED.aborted });
    return result;
  } finally {
    void worker.close();
  }
}
