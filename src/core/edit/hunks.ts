// Diff hunks of an edit, for previews and per-hunk accept/reject. jsdiff's structuredPatch gives
// the hunks; each also carries the exact old and new text (line endings included), so applying a
// chosen subset to the original is plain splicing and CRLF or a missing final newline survive.
import { structuredPatch } from 'diff';
import type { EditHunk } from './types';

/** Lines with their endings, so joining them gives back the exact text. */
function splitKeepEnds(text: string): string[] {
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl + 1;
    lines.push(text.slice(at, end));
    at = end;
  }
  return lines;
}

export function computeHunks(original: string, modified: string, context = 3): EditHunk[] {
  if (original === modified) return [];
  const oldLines = splitKeepEnds(original);
  const newLines = splitKeepEnds(modified);
  // Diff only the changed middle (plus context): a small edit to a large file stays cheap.
  let prefix = 0;
  const maxPrefix = Math.min(oldLines.length, newLines.length);
  while (prefix < maxPrefix && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < maxPrefix - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  )
    suffix++;
  const from = Math.max(0, prefix - context);
  const oldTo = Math.min(oldLines.length, oldLines.length - suffix + context);
  const newTo = Math.min(newLines.length, newLines.length - suffix + context);
  const patch = structuredPatch('a', 'b', oldLines.slice(from, oldTo).join(''), newLines.slice(from, newTo).join(''), '', '', { context });
  return patch.hunks.map((h, index) => {
    // jsdiff's oldStart/newStart are 1-based; for an empty range they point at the line after it.
    const oldStart = h.oldStart + from;
    const newStart = h.newStart + from;
    return {
      index,
      oldStart,
      oldLines: h.oldLines,
      newStart,
      newLines: h.newLines,
      lines: h.lines,
      oldText: oldLines.slice(oldStart - 1, oldStart - 1 + h.oldLines).join(''),
      newText: newLines.slice(newStart - 1, newStart - 1 + h.newLines).join(''),
    };
  });
}

export type ApplyHunksResult = { ok: true; content: string } | { ok: false; error: string };

/**
 * Apply the accepted hunks (by `index`) to the original and keep the rest as they were. Refuses when
 * the original no longer has a hunk's old text (the file changed since the diff was made).
 */
export function applyHunks(original: string, hunks: readonly EditHunk[], accepted: Iterable<number>): ApplyHunksResult {
  const accept = new Set(accepted);
  const lines = splitKeepEnds(original);
  let out = '';
  let at = 0;
  for (const h of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const start = h.oldStart - 1;
    if (start < at) return { ok: false, error: `Hunk ${h.index + 1} overlaps the one before it.` };
    const old = lines.slice(start, start + h.oldLines).join('');
    if (old !== h.oldText)
      return { ok: false, error: `Hunk ${h.index + 1} no longer matches lines ${h.oldStart}–${h.oldStart + h.oldLines - 1}: the file changed since the diff was made.` };
    out += lines.slice(at, start).join('') + (accept.has(h.index) ? h.newText : old);
    at = start + h.oldLines;
  }
  return { ok: true, content: out + lines.slice(at).join('') };
}
