import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyHunks, computeHunks } from '../../../src/core/edit';

const lines = (n: number, f = (i: number) => `line ${i}`) => Array.from({ length: n }, (_, i) => f(i + 1));

test('hunks carry line numbers, unified lines and the exact old/new text', () => {
  const original = lines(20).join('\n') + '\n';
  const modified = original.replace('line 3\n', 'line three\n').replace('line 17\n', '');
  const hunks = computeHunks(original, modified);
  assert.equal(hunks.length, 2);
  assert.deepEqual([hunks[0]!.oldStart, hunks[0]!.oldLines, hunks[0]!.newStart, hunks[0]!.newLines], [1, 6, 1, 6]);
  assert.deepEqual(hunks[0]!.lines.filter((l) => l[0] !== ' '), ['-line 3', '+line three']);
  assert.deepEqual([hunks[1]!.oldStart, hunks[1]!.oldLines, hunks[1]!.newStart, hunks[1]!.newLines], [14, 7, 14, 6]);
  assert.equal(hunks[1]!.oldText, 'line 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20\n');
  assert.deepEqual(computeHunks(original, original), []);
});

test('accepting every hunk gives the new content, none gives the original, a subset mixes', () => {
  const original = lines(30).join('\n') + '\n';
  const modified = original.replace('line 2\n', 'two\n').replace('line 15\n', 'fifteen\nextra\n').replace('line 29\n', '');
  const hunks = computeHunks(original, modified);
  assert.equal(hunks.length, 3);
  assert.deepEqual(applyHunks(original, hunks, [0, 1, 2]), { ok: true, content: modified });
  assert.deepEqual(applyHunks(original, hunks, []), { ok: true, content: original });
  assert.deepEqual(applyHunks(original, hunks, [1]), { ok: true, content: original.replace('line 15\n', 'fifteen\nextra\n') });
  assert.deepEqual(applyHunks(original, hunks, [0, 2]), { ok: true, content: original.replace('line 2\n', 'two\n').replace('line 29\n', '') });
});

test('CRLF files keep CRLF in every combination', () => {
  const original = lines(12).join('\r\n') + '\r\n';
  const modified = original.replace('line 1\r\n', 'first\r\n').replace('line 12\r\n', 'last\r\n');
  const hunks = computeHunks(original, modified);
  assert.equal(hunks.length, 2);
  const second = applyHunks(original, hunks, [1]);
  assert.deepEqual(second, { ok: true, content: original.replace('line 12\r\n', 'last\r\n') });
});

test('a file without a final newline: changing, keeping and adding the last line', () => {
  const original = lines(10).join('\n');
  const changedLast = original.replace('line 10', 'ten');
  let hunks = computeHunks(original, changedLast);
  assert.ok(hunks[0]!.lines.includes('\\ No newline at end of file'));
  assert.deepEqual(applyHunks(original, hunks, [0]), { ok: true, content: changedLast });
  const withNewline = original + '\n';
  hunks = computeHunks(original, withNewline);
  assert.deepEqual(applyHunks(original, hunks, [0]), { ok: true, content: withNewline });
  const both = original.replace('line 1\n', 'one\n') + '\nline 11';
  hunks = computeHunks(original, both);
  assert.equal(hunks.length, 2);
  assert.deepEqual(applyHunks(original, hunks, [1]), { ok: true, content: original + '\nline 11' });
});

test('insertions at the start and end, and into an empty file', () => {
  const original = lines(10).join('\n') + '\n';
  const modified = 'header\n' + original + 'footer\n';
  const hunks = computeHunks(original, modified);
  assert.equal(hunks.length, 2);
  assert.deepEqual(applyHunks(original, hunks, [0]), { ok: true, content: 'header\n' + original });
  assert.deepEqual(applyHunks(original, hunks, [1]), { ok: true, content: original + 'footer\n' });
  const fromEmpty = computeHunks('', 'a\nb\n');
  assert.deepEqual(applyHunks('', fromEmpty, [0]), { ok: true, content: 'a\nb\n' });
});

test('a hunk whose old text is no longer in the file is refused', () => {
  const original = lines(10).join('\n') + '\n';
  const hunks = computeHunks(original, original.replace('line 5', 'five'));
  const r = applyHunks(original.replace('line 4', 'changed meanwhile'), hunks, [0]);
  assert.equal(r.ok, false);
});
