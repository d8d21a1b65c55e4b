// Read loops: the model reads the same lines of a file again and again without acting on them —
// typically it has lost what it read to a small context, or does not know what to do next.
// Paging through a file (consecutive, non-overlapping ranges) is not a loop; seeing the same
// lines again is. Any patch, write or run resets the count: re-reading after an edit is right.
// What counts is what a read showed: the lines it returned (read_file stops at a page and says where
// to read on), and only while its result is still in the conversation — a re-read after the budget
// removed a result is what the stub asks for.
import { ACTING_TOOLS, allCalls, pathArg, READ_TOOL } from './history';
import type { CallRecord, Intervention, TurnRecord } from './types';

/**
 * The third look at the same lines without acting. The second can be legitimate (the model wants
 * the exact text for a patch after the first read scrolled away); the third is a loop.
 */
export const READ_REPEAT_WARN = 3;
/** Two more re-reads after the warning and the run ends. */
export const READ_REPEAT_STOP = 5;

interface Range {
  start: number;
  end: number;
}

function lineArg(call: CallRecord, key: string): number | undefined {
  const v = call.args[key];
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}

/**
 * The lines a read showed. Without the returned range (a record that does not carry it) only the
 * lines the arguments name for sure: an open-ended read shows a page, not the rest of the file.
 */
function rangeOf(call: CallRecord): Range {
  if (call.lines) return call.lines;
  const start = lineArg(call, 'start_line') ?? 1;
  return { start, end: lineArg(call, 'end_line') ?? start };
}

const overlaps = (a: Range, b: Range) => a.start <= b.end && b.start <= a.end;

/** A read whose lines the model still has: it succeeded and the budget has not removed its result. */
const stillShown = (c: CallRecord) => c.name === READ_TOOL && c.ok && !c.resultRemoved;

/** How many reads since the last acting call (including the last one) overlap the last read of `path`. */
function looksAtSameLines(reads: readonly CallRecord[], path: string): number {
  const same = reads.filter((c) => pathArg(c) === path);
  const last = same[same.length - 1];
  if (!last) return 0; // read, then acted on, within the same reply: not a loop
  const latest = rangeOf(last);
  return same.filter((c) => overlaps(rangeOf(c), latest)).length;
}

export function detectReadLoop(history: readonly TurnRecord[]): Intervention | undefined {
  const last = history[history.length - 1];
  const fresh = last?.calls.filter(stillShown).map(pathArg).filter((p): p is string => !!p) ?? [];
  if (fresh.length === 0) return undefined;
  const calls = allCalls(history);
  let since = calls.length;
  while (since > 0 && !ACTING_TOOLS.has(calls[since - 1]!.name)) since--;
  const reads = calls.slice(since).filter(stillShown);
  let worst: { path: string; n: number } | undefined;
  for (const path of new Set(fresh)) {
    const n = looksAtSameLines(reads, path);
    if (!worst || n > worst.n) worst = { path, n };
  }
  if (!worst || worst.n < READ_REPEAT_WARN) return undefined;
  const { path, n } = worst;
  if (n >= READ_REPEAT_STOP) {
    return { detector: 'read-loop', severity: 'stop', path, message: `Stopped: the model read the same part of ${path} ${n} times without changing anything.` };
  }
  return {
    detector: 'read-loop',
    severity: 'warn',
    path,
    message: `You have read the same part of ${path} ${n} times. Its content is already above. Do not read it again: make the change with patch now, or say what is missing.`,
  };
}
