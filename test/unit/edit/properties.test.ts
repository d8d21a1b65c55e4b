// Property tests with a seeded PRNG (failures print the seed and case so they reproduce).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyHunks, applySearchReplace, computeHunks } from '../../../src/core/edit';
import { prng } from '../../support/prng';

const SEED = 20261124;
const WORDS = ['value', 'count', 'items', 'result', 'x', 'y', 'render', 'load', 'save', 'i'];

function randomFile(rand: () => number): string[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const lines: string[] = [];
  let depth = 0;
  const n = 5 + Math.floor(rand() * 60);
  for (let i = 0; i < n; i++) {
    const r = rand();
    const indent = '    '.repeat(depth);
    if (r < 0.1) lines.push('');
    else if (r < 0.25 && depth < 4) {
      lines.push(`${indent}if (${pick(WORDS)} > ${Math.floor(rand() * 5)}) {`);
      depth++;
    } else if (r < 0.4 && depth > 0) {
      depth--;
      lines.push(`${'    '.repeat(depth)}}`);
    } else lines.push(`${indent}${pick(WORDS)} = ${pick(WORDS)}(${Math.floor(rand() * 4)});`);
  }
  // A blank last "line" is only a final newline; the tests choose that separately.
  while (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) n++;
  return n;
}

test('SEARCH copied from the file: applies exactly there when unique, refuses as ambiguous otherwise, applies with a start-line hint', () => {
  const rand = prng(SEED);
  for (let run = 0; run < 400; run++) {
    const lines = randomFile(rand);
    const eol = rand() < 0.3 ? '\r\n' : '\n';
    const finalNewline = rand() < 0.8;
    const file = lines.join(eol) + (finalNewline ? eol : '');
    const a = Math.floor(rand() * lines.length);
    const b = Math.min(lines.length, a + 1 + Math.floor(rand() * 6));
    if (lines.slice(a, b).every((l) => l.trim() === '')) continue;
    const search = lines.slice(a, b).join('\n') + '\n';
    const replacement = ['NEW_LINE_1', 'NEW_LINE_2'];
    const before = lines.slice(0, a).map((l) => l + eol).join('');
    const lastTouchesEof = b === lines.length && !finalNewline;
    const expected = before + replacement.join(eol) + (lastTouchesEof ? '' : eol) + lines.slice(b).join(eol) + (b < lines.length && finalNewline ? eol : '');
    const label = `seed ${SEED} run ${run}: lines ${a + 1}-${b}`;

    const unique = occurrences(file, search.replace(/\n/g, eol)) === 1 && occurrences(lines.map((l) => l.trim()).join('\n'), lines.slice(a, b).map((l) => l.trim()).join('\n')) === 1;
    const r = applySearchReplace(file, search, replacement.join('\n') + '\n');
    if (unique) {
      assert.ok(r.ok, `${label}: ${r.ok ? '' : r.error}`);
      assert.equal(r.content, expected, label);
    } else if (r.ok) {
      assert.equal(r.content, expected, `${label}: a non-unique SEARCH may only apply at the one place it is exactly`);
    } else {
      assert.equal(r.reason, 'ambiguous', label);
    }
    const hinted = applySearchReplace(file, search, replacement.join('\n') + '\n', { startLine: a + 1, endLine: b });
    assert.ok(hinted.ok, `${label} (hinted): ${hinted.ok ? '' : hinted.error}`);
    assert.equal(hinted.content, expected, `${label} (hinted)`);
  }
});

test('whitespace drift in SEARCH finds the region or refuses, and never touches other lines', () => {
  const rand = prng(SEED + 1);
  let applied = 0;
  for (let run = 0; run < 400; run++) {
    const lines = randomFile(rand);
    const file = lines.join('\n') + '\n';
    const a = Math.floor(rand() * lines.length);
    const b = Math.min(lines.length, a + 2 + Math.floor(rand() * 5));
    const region = lines.slice(a, b);
    if (region.filter((l) => l.trim() !== '').length < 2) continue;
    const drift = Math.floor(rand() * 4);
    const drifted = region.map((l) => {
      if (l.trim() === '') return l;
      if (drift === 0) return l + ' '.repeat(1 + Math.floor(rand() * 3)); // trailing spaces
      if (drift === 1) return '  ' + l; // one level too deep
      if (drift === 2) return l.startsWith('    ') ? l.slice(4) : l; // a level lost (where possible)
      return l.replace(/ = /g, '  =  '); // spacing inside lines
    });
    const r = applySearchReplace(file, drifted.join('\n') + '\n', 'REPLACED();\n');
    const label = `seed ${SEED + 1} run ${run}: drift ${drift}, lines ${a + 1}-${b}`;
    if (!r.ok) {
      assert.ok(['ambiguous', 'no-match'].includes(r.reason), `${label}: ${r.reason}`);
      continue;
    }
    applied++;
    const out = r.content.split('\n');
    const place = r.applied[0]!.startLine - 1;
    // Whatever place was chosen, only that place changed: the lines around it are the file's own.
    assert.deepEqual(out.slice(0, place), lines.slice(0, place), label);
    assert.equal(out[place]!.trim(), 'REPLACED();', label);
    const removed = r.applied[0]!.endLine - place;
    assert.deepEqual(out.slice(place + 1, -1), lines.slice(place + removed), label);
    // And the place is one where the SEARCH text really is (ignoring whitespace).
    assert.deepEqual(lines.slice(place, place + removed).map((l) => l.replace(/\s+/g, '')), drifted.map((l) => l.replace(/\s+/g, '')), label);
  }
  assert.ok(applied > 200, `only ${applied} drifted edits applied`);
});

test('hunks: accepting all gives the new text, none the original, for random edits with CRLF and missing final newlines', () => {
  const rand = prng(SEED + 2);
  for (let run = 0; run < 200; run++) {
    const lines = randomFile(rand);
    const eol = rand() < 0.4 ? '\r\n' : '\n';
    const original = lines.join(eol) + (rand() < 0.7 ? eol : '');
    const changed = lines.flatMap((l, i) => {
      const r = rand();
      if (r < 0.08) return [];
      if (r < 0.16) return [l, `inserted ${i}`];
      if (r < 0.24) return [`changed ${i}`];
      return [l];
    });
    const modified = changed.join(eol) + (rand() < 0.7 ? eol : '');
    const hunks = computeHunks(original, modified);
    const label = `seed ${SEED + 2} run ${run}`;
    assert.deepEqual(applyHunks(original, hunks, hunks.map((h) => h.index)), { ok: true, content: modified }, label);
    assert.deepEqual(applyHunks(original, hunks, []), { ok: true, content: original }, label);
    const subset = hunks.filter(() => rand() < 0.5).map((h) => h.index);
    const partial = applyHunks(original, hunks, subset);
    assert.ok(partial.ok, label);
    // Accepting the rest on top of a partial result is what accepting all would give.
    const rest = computeHunks(partial.content, modified);
    assert.deepEqual(applyHunks(partial.content, rest, rest.map((h) => h.index)), { ok: true, content: modified }, label);
  }
});
