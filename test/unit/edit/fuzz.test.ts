// The edit engine over random files and random edits, each written the ways models write them (exact,
// trailing spaces, re-indented, copied with line numbers, CRLF, blank edges, a misremembered line, a
// correct line hint or none, REPLACE's final newline as SEARCH's or not). The one property: the engine refuses, or makes exactly the intended
// change — never an edit at another place, never a different text. Seeded: a failure prints the seed
// and the case. Liveness is checked too, so an engine that refused everything would not pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySearchReplace } from '../../../src/core/edit';
import { pickWith, prng } from '../../support/prng';

const SEED = 20261205;
const RUNS = 3000;
const WORDS = ['value', 'count', 'items', 'result', 'x', 'y', 'render', 'load', 'save', 'i', 'total'];

function randomFile(rand: () => number): string[] {
  const pick = pickWith(rand);
  const lines: string[] = [];
  let depth = 0;
  const n = 4 + Math.floor(rand() * 50);
  for (let i = 0; i < n; i++) {
    const r = rand();
    const indent = '  '.repeat(depth);
    if (r < 0.08) lines.push('');
    else if (r < 0.22 && depth < 4) {
      lines.push(`${indent}if (${pick(WORDS)} > ${Math.floor(rand() * 3)}) {`);
      depth++;
    } else if (r < 0.36 && depth > 0) {
      depth--;
      lines.push(`${'  '.repeat(depth)}}`);
    } else if (r < 0.42) lines.push(`${indent}// ${pick(WORDS)} ${pick(WORDS)}`);
    else lines.push(`${indent}${pick(WORDS)} = ${pick(WORDS)}(${Math.floor(rand() * 3)});`);
  }
  while (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

type Style = 'exact' | 'trailing-space' | 'reindent' | 'numbered' | 'crlf' | 'blank-edges' | 'typo';
const STYLES: Style[] = ['exact', 'trailing-space', 'reindent', 'numbered', 'crlf', 'blank-edges', 'typo'];

interface Case {
  file: string;
  search: string;
  replace: string;
  startLine?: number;
  expected: string;
  style: Style;
  label: string;
}

function makeCase(rand: () => number, run: number): Case | undefined {
  const pick = pickWith(rand);
  const lines = randomFile(rand);
  const eol = rand() < 0.25 ? '\r\n' : '\n';
  const finalNewline = rand() < 0.75;
  const file = lines.join(eol) + (finalNewline ? eol : '');
  const a = Math.floor(rand() * lines.length);
  const b = Math.min(lines.length, a + 1 + Math.floor(rand() * 5));
  const block = lines.slice(a, b);
  if (block.every((l) => l.trim() === '')) return undefined;
  // REPLACE keeps some lines of the block (as the model copied them) and adds new ones at its indentation.
  const indent = /^\s*/.exec(block[0]!)![0];
  const kept = block.map((line, i) => ({ line, keep: rand() < 0.4, i }));
  const replacement: { text: string; fileLine?: string }[] = [];
  for (const k of kept) {
    if (k.keep) replacement.push({ text: k.line, fileLine: k.line });
    else if (rand() < 0.7) replacement.push({ text: `${indent}changed_${run}_${k.i} = ${pick(WORDS)};` });
  }
  if (replacement.length === 0 || replacement.every((r) => r.fileLine !== undefined)) replacement.push({ text: `${indent}added_${run} = 1;` });
  const searchEndsWithNewline = rand() < 0.8;
  // Models drop or add REPLACE's final newline independently of SEARCH's (JSON arguments make it easy).
  const replaceNewlineDiffers = rand() < 0.3;
  // Without a final newline, a SEARCH ending in a blank line reads as the lines before it plus a
  // newline: which lines the model meant is undecidable, so such a case states no intent.
  if (!searchEndsWithNewline && block.at(-1)!.trim() === '') return undefined;
  const style = pick(STYLES);

  let searchLines = [...block];
  let replaceLines = replacement.map((r) => r.text);
  const expectedReplace = replacement.map((r) => r.fileLine ?? r.text);
  switch (style) {
    case 'trailing-space':
      searchLines = searchLines.map((l) => (rand() < 0.5 ? `${l}  ` : l));
      break;
    case 'reindent': {
      const shift = rand() < 0.5 ? '    ' : '\t';
      searchLines = searchLines.map((l) => (l === '' ? l : shift + l));
      replaceLines = replaceLines.map((l) => (l === '' ? l : shift + l));
      break;
    }
    case 'numbered': {
      searchLines = searchLines.map((l, i) => `${a + 1 + i} | ${l}`);
      break;
    }
    case 'blank-edges':
      // a blank line added around both SEARCH and REPLACE (kept consistent, as models do)
      searchLines = ['', ...searchLines, ''];
      replaceLines = ['', ...replaceLines, ''];
      break;
    case 'typo': {
      const i = Math.floor(rand() * searchLines.length);
      if (searchLines[i]!.trim().length < 8) return undefined;
      searchLines[i] = searchLines[i]!.replace(/\w(?=\w*;?$)/, (c) => (c === 'z' ? 'y' : 'z'));
      // the model repeats its misremembered line in REPLACE where it meant to keep the file's line
      replaceLines = replacement.map((r) => (r.fileLine === block[i] ? searchLines[i]! : r.text));
      break;
    }
    default:
      break;
  }
  const sep = style === 'crlf' ? '\r\n' : '\n';
  const search = searchLines.join(sep) + (searchEndsWithNewline ? sep : '');
  // (Blank edges end both in a blank line: there a final newline cannot differ without changing the lines.)
  const replaceEndsWithNewline = replaceNewlineDiffers && style !== 'blank-edges' ? !searchEndsWithNewline : searchEndsWithNewline;
  const replace = replaceLines.join(sep) + (replaceEndsWithNewline ? sep : '');
  // The same for a REPLACE ending in a blank line without a final newline: the engine reads it as the
  // lines before plus a final newline (which then follows SEARCH's), unless SEARCH reads the same way.
  const endsBlank = (lines: string[], newline: boolean) => !newline && lines.at(-1)!.trim() === '';
  if (endsBlank(replaceLines, replaceEndsWithNewline) && !endsBlank(searchLines, searchEndsWithNewline)) return undefined;
  // The intended file: lines [a, b) replaced, the file's own line endings and final newline kept.
  const touchesEof = b === lines.length;
  const expectedLines = [...lines.slice(0, a), ...expectedReplace, ...lines.slice(b)];
  const expected = expectedLines.join(eol) + (finalNewline ? eol : '');
  const hinted = rand() < 0.35;
  void touchesEof;
  return {
    file, search, replace, expected, style, ...(hinted ? { startLine: a + 1 } : {}),
    label: `seed ${SEED} run ${run} (${style}${hinted ? `, start_line ${a + 1}` : ''}${replaceEndsWithNewline !== searchEndsWithNewline ? ', REPLACE final newline differs' : ''}): lines ${a + 1}-${b} of ${lines.length}`,
  };
}

test(`${RUNS} random edits: refused, or exactly the intended change`, () => {
  const rand = prng(SEED);
  const applied: Record<string, number> = {};
  const tried: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++) {
    const c = makeCase(rand, run);
    if (!c) continue;
    tried[c.style] = (tried[c.style] ?? 0) + 1;
    const r = applySearchReplace(c.file, c.search, c.replace, c.startLine !== undefined ? { startLine: c.startLine } : {});
    if (!r.ok) continue;
    applied[c.style] = (applied[c.style] ?? 0) + 1;
    assert.equal(
      r.content, c.expected,
      `${c.label}\nfile:\n${JSON.stringify(c.file)}\nsearch:\n${JSON.stringify(c.search)}\nreplace:\n${JSON.stringify(c.replace)}`,
    );
  }
  // Liveness: most edits written these ways apply (a refusing engine would pass the property alone).
  for (const style of STYLES) {
    const rate = (applied[style] ?? 0) / (tried[style] ?? 1);
    assert.ok(rate > 0.4, `${style}: only ${applied[style] ?? 0} of ${tried[style]} applied`);
  }
});
