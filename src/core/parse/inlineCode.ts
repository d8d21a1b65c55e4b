// Markdown inline code (`like this`, ``like this``) is text about something, not the thing: call markup
// inside it (`<tool_call>{…}</tool_call>` in an explanation) is shown, never run. Fenced blocks (```) are
// not inline code: models often fence the calls they mean.
import type { Span } from './spans';

const RUN = /`+/g;

/** The inline code spans of `text`: a run of one or two backticks closed by a run of the same length on the same line. */
export function inlineCodeSpans(text: string): Span[] {
  const runs: { start: number; end: number }[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) if (m[0].length <= 2) runs.push({ start: m.index, end: m.index + m[0].length });
  // the next run of the same length, found from the back in one pass, keeps this linear
  const next: number[] = new Array<number>(runs.length).fill(-1);
  const seen = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    const len = runs[i]!.end - runs[i]!.start;
    next[i] = seen.get(len) ?? -1;
    seen.set(len, i);
  }
  const spans: Span[] = [];
  let lineEnd = -1; // end of the line the current run is on, moved forward only
  for (let i = 0; i < runs.length; i++) {
    if (runs[i]!.start > lineEnd) {
      const nl = text.indexOf('\n', runs[i]!.start);
      lineEnd = nl < 0 ? text.length : nl;
    }
    const j = next[i]!;
    if (j < 0 || runs[j]!.start > lineEnd) continue;
    spans.push({ start: runs[i]!.start, end: runs[j]!.end });
    i = j;
  }
  return spans;
}

/** The one of the sorted, disjoint `spans` that holds `pos` (binary search), if any. */
export function spanAt<S extends Span>(spans: readonly S[], pos: number): S | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (pos < s.start) hi = mid - 1;
    else if (pos >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** Whether `pos` lies inside one of the sorted, disjoint `spans`. */
export function insideAny(spans: readonly Span[], pos: number): boolean {
  return spanAt(spans, pos) !== undefined;
}
