// read_file, search and find_files: the looking-around tools, with results sized for a small
// window and a pointer to the next step when something was left out.
import { WorkspaceError } from '../ports';
import { truncateToTokens, type TokenCounter, type Truncated } from '../budget';
import { escapeRegex } from '../text/escapeRegex';
import type { ExecutorContext, ToolOutcome } from './executorTypes';

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? Math.floor(v) : undefined);

/** `12| code`: the numbers let the model ask for ranges; the edit engine strips them if copied into SEARCH. */
export function numberLines(lines: readonly string[], first: number, maxChars: number): string {
  return lines.map((l, i) => `${first + i}| ${l.length > maxChars ? `${l.slice(0, maxChars)}… [line cut]` : l}`).join('\n');
}

const NUMBERED = /^(\d+)\| /;
const READ_ON = /Read on with start_line=(\d+)/;

/** The numbered file lines right after a read_file result's first line: the first and last number, and the index of the line after them. */
function numberedBlock(lines: readonly string[]): { start: number; end: number; next: number } | undefined {
  const first = NUMBERED.exec(lines[1] ?? '');
  if (!first) return undefined;
  const start = Number(first[1]);
  let end = start;
  let next = 2;
  for (; next < lines.length; next++) {
    const m = NUMBERED.exec(lines[next]!);
    if (!m || Number(m[1]) !== end + 1) break;
    end++;
  }
  return { start, end, next };
}

/**
 * The file lines a read_file result shows whole: its numbered lines, up to where the note after them
 * says to read on (a line cut in the middle is not shown whole). What follows them (a note, the checks'
 * findings) is not the file. Undefined when it shows no numbered line.
 */
export function shownFileLines(content: string): { start: number; end: number } | undefined {
  const lines = content.split('\n');
  const block = numberedBlock(lines);
  if (!block) return undefined;
  const readOn = READ_ON.exec(lines[block.next] ?? '');
  return { start: block.start, end: readOn ? Math.min(block.end, Number(readOn[1]) - 1) : block.end };
}

/** Findings after the file's lines are kept whole when they take at most this share of the cut. */
const KEPT_AFTER_SHARE = 0.25;

/**
 * A read_file result cut to fit the context: its head, and where to read on in the file's own lines
 * (its "Read on with start_line=" would be cut away, and lines of the result are not lines of the file).
 * A line cut in the middle is read again. What follows the file's lines (the checks' findings after an
 * edit in the same reply) is kept when it is short: it is news the model has nowhere else.
 */
export function cutReadResult(text: string, maxTokens: number, counter: TokenCounter): Truncated {
  const lines = text.split('\n');
  const block = numberedBlock(lines);
  const fileEnd = block ? block.next + (READ_ON.test(lines[block.next] ?? '') ? 1 : 0) : lines.length;
  const after = lines.slice(fileEnd).join('\n').trim();
  const afterTokens = after ? counter.count(after) + 2 : 0;
  if (!after || afterTokens > maxTokens * KEPT_AFTER_SHARE || counter.count(text) <= maxTokens) return cutFileLines(text, maxTokens, counter);
  const cut = cutFileLines(lines.slice(0, fileEnd).join('\n'), maxTokens - afterTokens, counter);
  return { ...cut, text: `${cut.text}\n\n${after}`, truncated: true };
}

function cutFileLines(text: string, maxTokens: number, counter: TokenCounter): Truncated {
  return truncateToTokens(text, maxTokens, counter, (_shown, _total, kept) => {
    const lines = kept.split('\n');
    const block = numberedBlock(lines);
    if (!block) return '\n[Cut to fit the context. Read fewer lines at a time (start_line and end_line).]';
    if (block.next < lines.length) return '\n[… cut to fit the context.]'; // every line read is shown; what followed them is cut
    const last = text[kept.length] === '\n' ? block.end : block.end - 1; // a line cut in the middle is read again
    const shown = last >= block.start ? `only lines ${block.start}–${last} are shown` : `line ${block.start} does not fit whole`;
    return `\n[Cut to fit the context: ${shown}. Read on with start_line=${last + 1}.]`;
  });
}

export async function executeRead(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const file = await ctx.workspace.readFile(String(args.path), { signal: ctx.signal });
  const lines = file.content.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const total = lines.length;
  if (file.content === '') return { ok: true, content: `${file.path} is empty.` };
  let start = Math.max(1, int(args.start_line) ?? 1);
  let end = Math.min(total, int(args.end_line) ?? total);
  if (start > total) return { ok: false, content: `${file.path} has only ${total} lines; start_line ${start} is past the end.` };
  if (end < start) [start, end] = [end, start];
  const capped = Math.min(end, start + ctx.limits.readLines - 1);
  const body = numberLines(lines.slice(start - 1, capped), start, ctx.limits.readLineChars);
  const whole = start === 1 && capped === total;
  const head = whole ? `${file.path} (${total} lines):` : `${file.path} lines ${start}-${capped} of ${total}:`;
  const more = capped < end ? `\n[Stopped at line ${capped}. Read on with start_line=${capped + 1}.]` : '';
  // Said before the model plans an edit the tools would refuse (the refusal gives the whole reason).
  const readOnly = file.readOnly ? '\n[Not UTF-8 text: it can be read, but SmallCode cannot edit it.]' : '';
  return { ok: true, content: `${head}\n${body}${more}${readOnly}`, lines: { start, end: capped } };
}

export async function executeSearch(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const pattern = String(args.pattern);
  const glob = typeof args.path === 'string' && args.path.trim() ? args.path.trim() : undefined;
  const options = { ...(glob ? { glob } : {}), maxResults: ctx.limits.searchResults, signal: ctx.signal };
  let literal = false;
  let result;
  try {
    result = await ctx.workspace.search(pattern, options);
  } catch (error) {
    if (!(error instanceof WorkspaceError) || error.code !== 'invalid-pattern') throw error;
    literal = true; // small models write literal text as a "regex" (`foo(`): search for it as written
    result = await ctx.workspace.search(escapeRegex(pattern), options);
  }
  const note = literal ? ' (not a valid regex: searched as plain text)' : '';
  if (result.matches.length === 0) return { ok: true, content: `No matches for ${JSON.stringify(pattern)}${glob ? ` in ${glob}` : ''}${note}.` };
  const lines = result.matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
  const tail = [
    result.truncated ? `[More matches exist: narrow the pattern or the path glob.]` : '',
    result.skippedFiles ? `[${result.skippedFiles} binary or large files were not searched.]` : '',
  ].filter(Boolean);
  return { ok: true, content: [`${result.matches.length} matches${note}:`, ...lines, ...tail].join('\n') };
}

export async function executeFind(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const glob = String(args.glob).trim();
  const list = await ctx.workspace.findFiles(glob, { maxResults: ctx.limits.findResults });
  if (list.files.length === 0) return { ok: true, content: `No files match ${glob}.` };
  const more = list.truncated ? `\n[More files match: use a narrower glob.]` : '';
  return { ok: true, content: `${list.files.join('\n')}${more}` };
}
