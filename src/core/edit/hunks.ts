// Diff hunks of an edit, for previews and per-hunk accept/reject. jsdiff's structuredPatch gives
// the hunks; each also carries the exact old and new text (line endings included), so applying a
// chosen subset to the original is plain splicing and CRLF or a missing final newline survive.
import { structuredPatch } from 'diff';
import { countNewlines } from './text';
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
  // Diff only the changed middle plus context: a small edit to a large file stays cheap.
  const window = changedWindow(original, modified, context);
  const lineOffset = countNewlines(original, window.start);
  const oldLines = splitKeepEnds(original.slice(window.start, window.oldEnd));
  const newLines = splitKeepEnds(modified.slice(window.start, window.newEnd));
  const patch = structuredPatch('a', 'b', oldLines.join(''), newLines.join(''), '', '', { context });
  return patch.hunks.map((h, index) => ({
    index,
    // jsdiff's starts are 1-based; for an empty range they point at the line after it.
    oldStart: h.oldStart + lineOffset,
    oldLines: h.oldLines,
    newStart: h.newStart + lineOffset,
    newLines: h.newLines,
    lines: h.lines,
    oldText: oldLines.slice(h.oldStart - 1, h.oldStart - 1 + h.oldLines).join(''),
    newText: newLines.slice(h.newStart - 1, h.newStart - 1 + h.newLines).join(''),
  }));
}

/** Offsets around the part that differs, widened to whole lines and `context` lines each side. */
function changedWindow(a: string, b: string, context: number): { start: number; oldEnd: number; newEnd: number } {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  const CHUNK = 4096; // compare in chunks: string equality is a memcmp, a char loop is not
  while (prefix + CHUNK <= shorter && a.substr(prefix, CHUNK) === b.substr(prefix, CHUNK)) prefix += CHUNK;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const maxSuffix = shorter - prefix;
  while (suffix + CHUNK <= maxSuffix && a.substr(a.length - suffix - CHUNK, CHUNK) === b.substr(b.length - suffix - CHUNK, CHUNK)) suffix += CHUNK;
  while (suffix < maxSuffix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;

  let start = prefix === 0 ? 0 : a.lastIndexOf('\n', prefix - 1) + 1;
  for (let i = 0; i < context && start > 0; i++) start = a.lastIndexOf('\n', start - 2) + 1;
  // The common tail is identical in both texts, so line boundaries in it sit at the same distance.
  let tail = suffix; // characters kept out of the window at the end
  const cut = a.length - tail;
  if (cut > 0 && a[cut - 1] !== '\n') {
    const nl = a.indexOf('\n', cut);
    tail = nl === -1 ? 0 : a.length - (nl + 1);
  }
  for (let i = 0; i < context && tail > 0; i++) {
    const nl = a.indexOf('\n', a.length - tail);
    tail = nl === -1 ? 0 : a.length - (nl + 1);
  }
  return { start, oldEnd: a.length - tail, newEnd: b.length - tail };
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

/**
 * Whether `content` is `original` with some (or none, or all) of `hunks` applied, and nothing else
 * changed: what a review that applies only the accepted hunks can leave in a file (applyHunks' every
 * outcome). A file that differs from all of them also holds changes made outside the edit while it
 * waited (the user typed, a save's formatter ran).
 */
export function onlyHunksApplied(original: string, hunks: readonly EditHunk[], content: string): boolean {
  const lines = splitKeepEnds(original);
  // Offsets in `content` where the original's text up to `at` can end, each hunk applied or not.
  let ends = new Set([0]);
  let at = 0;
  for (const hunk of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const start = hunk.oldStart - 1;
    if (start < at) return false;
    const between = lines.slice(at, start).join('');
    const old = lines.slice(start, start + hunk.oldLines).join('');
    const next = new Set<number>();
    for (const end of ends) {
      if (!content.startsWith(between, end)) continue;
      const from = end + between.length;
      for (const text of [old, hunk.newText]) if (content.startsWith(text, from)) next.add(from + text.length);
    }
    if (next.size === 0) return false;
    ends = next;
    at = start + hunk.oldLines;
  }
  const rest = lines.slice(at).join('');
  return [...ends].some((end) => end + rest.length === content.length && content.startsWith(rest, end));
}

/** Hunks as unified-diff text (`@@ -1,2 +1,3 @@` headers and their lines), for approval prompts and logs. */
export function formatHunks(hunks: readonly Pick<EditHunk, 'oldStart' | 'oldLines' | 'newStart' | 'newLines' | 'lines'>[]): string {
  const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
  return hunks.map((h) => [`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`, ...h.lines].join('\n')).join('\n');
}
