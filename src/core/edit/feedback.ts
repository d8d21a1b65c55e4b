// Refusals written for a small model: which block, why, the closest region of the file with line
// numbers, and what to do next. Short, concrete and quoting the file, so the next attempt can copy
// the right lines instead of guessing again.
import { keyIndex, type Candidate } from './candidate';
import { lineSimilarity, looseKey } from './similarity';
import { lineOfOffset, type FileText } from './text';

const MAX_SHOWN_LINES = 12;
const MAX_LINE_CHARS = 160;

export function blockLabel(block: number, total: number): string {
  return total > 1 ? `Edit block ${block} of ${total}` : 'The edit';
}

export function noMatchMessage(label: string, file: FileText, searchLines: readonly string[]): string {
  const parts = [`${label}: SEARCH did not match the file.`];
  const cut = searchLines.length === 1 && searchLines[0]!.trim() !== '' ? file.text.indexOf(searchLines[0]!) : -1;
  if (cut !== -1) {
    // The exact tier found it only where it would cut a word: say so, or the model sees "no line occurs".
    const line = lineOfOffset(file, cut);
    parts.push(`\`${clip(searchLines[0]!.trim())}\` occurs only inside a longer word, as on line ${line} (\`${clip(file.lines[line - 1]!.trim())}\`), and is not edited there: that would change a different name. If you mean that line, copy all of it into SEARCH.`);
  }
  const region = closestRegion(file, searchLines);
  if (region) {
    const { start, score } = region;
    const end = Math.min(file.lines.length, start + Math.max(1, searchLines.length));
    parts.push(`Closest region, lines ${start + 1}–${end} (${Math.round(score * 100)}% of SEARCH lines match ignoring whitespace):`);
    parts.push(numbered(file, start, end));
    const diff = firstDifference(file, start, searchLines);
    if (diff) parts.push(diff);
  } else if (cut === -1) {
    parts.push('No line of SEARCH occurs in the file.');
  }
  parts.push('Next: read the file again if it may have changed, then copy the exact current lines into SEARCH (no line numbers, no `...`), and keep SEARCH short: just the lines to change plus one line of context.');
  return parts.join('\n');
}

export function ambiguousMessage(label: string, file: FileText, places: readonly Pick<Candidate, 'startLine' | 'endLine'>[]): string {
  const listed = places.slice(0, 5).map((c) => (c.startLine === c.endLine ? `line ${c.startLine}` : `lines ${c.startLine}–${c.endLine}`));
  const more = places.length > 5 ? ` and ${places.length - 5} more` : '';
  const first = places[0]!;
  return [
    `${label}: SEARCH matches ${places.length} places (${listed.join(', ')}${more}); nothing was changed.`,
    `For example, ${first.startLine === first.endLine ? `line ${first.startLine}` : `lines ${first.startLine}–${first.endLine}`}:`,
    numbered(file, first.startLine - 1, Math.min(first.endLine, first.startLine - 1 + MAX_SHOWN_LINES)),
    'Next: add a neighbouring line that is different at the place you mean (a function name, a comment) to SEARCH, or give the line it starts on (start_line).',
  ].join('\n');
}

function numbered(file: FileText, start: number, end: number): string {
  const shown = file.lines.slice(start, Math.min(end, start + MAX_SHOWN_LINES));
  const width = String(start + shown.length).length;
  const body = shown.map((line, i) => `${String(start + i + 1).padStart(width)} | ${clip(line)}`);
  if (end - start > shown.length) body.push(`${' '.repeat(width)} | … (${end - start - shown.length} more lines)`);
  return body.join('\n');
}

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) + '…' : line;
}

function firstDifference(file: FileText, start: number, searchLines: readonly string[]): string | undefined {
  for (let i = 0; i < searchLines.length && start + i < file.lines.length; i++) {
    const want = searchLines[i]!;
    const have = file.lines[start + i]!;
    if (looseKey(want) !== looseKey(have)) {
      return `First difference: SEARCH line ${i + 1} is \`${clip(want.trim())}\` but file line ${start + i + 1} is \`${clip(have.trim())}\`.`;
    }
    if (want !== have && want.trim() === have.trim()) {
      return `First difference: SEARCH line ${i + 1} is indented differently from file line ${start + i + 1}.`;
    }
  }
  return undefined;
}

/** The window the SEARCH lines most resemble: most lines equal ignoring whitespace, else the line most like its longest line. */
export function closestRegion(file: FileText, searchLines: readonly string[]): { start: number; score: number } | undefined {
  const keys = searchLines.map(looseKey);
  const content = keys.filter((k) => k !== '').length;
  if (content === 0 || file.lines.length === 0) return undefined;
  const index = keyIndex(file, looseKey);
  const votes = new Map<number, number>();
  keys.forEach((k, i) => {
    if (k === '') return;
    for (const hit of index.get(k) ?? []) {
      const start = Math.max(0, hit - i);
      votes.set(start, (votes.get(start) ?? 0) + 1);
    }
  });
  let best: { start: number; score: number } | undefined;
  for (const [start, count] of votes) {
    const score = count / content;
    if (!best || score > best.score || (score === best.score && start < best.start)) best = { start, score };
  }
  if (best) return best;

  // No line equal: find the file line most like the longest SEARCH line (bounded scan).
  const probeIndex = keys.reduce((bi, k, i) => (k.length > keys[bi]!.length ? i : bi), 0);
  const probe = keys[probeIndex]!;
  let bestLine = -1;
  let bestScore = 0.5;
  let examined = 0;
  for (const [k, hits] of index) {
    if (Math.abs(k.length - probe.length) > probe.length / 2) continue;
    if (++examined > 3000) break;
    const s = lineSimilarity(probe, k, 200);
    if (s > bestScore || (s === bestScore && hits[0]! < bestLine)) {
      bestScore = s;
      bestLine = hits[0]!;
    }
  }
  return bestLine === -1 ? undefined : { start: Math.max(0, bestLine - probeIndex), score: 0 };
}
