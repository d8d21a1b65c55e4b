import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edit';
import type { ApplyResult } from '../../../src/core/edit';

function content(r: ApplyResult): string {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.content;
}

const block = (search: string, replace: string) => `<<<<<<< SEARCH\n${search}=======\n${replace}>>>>>>> REPLACE\n`;

test('several blocks apply in order, out-of-order positions included', () => {
  const file = 'one\ntwo\nthree\nfour\n';
  const r = applyEdits(file, block('four\n', '4\n') + block('two\n', '2\n'));
  assert.equal(content(r), 'one\n2\nthree\n4\n');
  assert.ok(r.ok);
  assert.deepEqual(r.applied.map((a) => [a.block, a.startLine]), [[1, 4], [2, 2]]);
});

test('all or nothing: one block that does not match leaves the file untouched and names the block', () => {
  const r = applyEdits('a\nb\nc\n', block('a\n', 'A\n') + block('zzz\n', 'Z\n'));
  assert.ok(!r.ok);
  assert.equal(r.block, 2);
  assert.match(r.error, /^Edit block 2 of 2: SEARCH did not match/);
  assert.match(r.error, /Nothing was changed: fix this block and send all 2 blocks again/);
});

test('Cline markers, the final REPLACE marker missing at the end of a tool argument', () => {
  assert.equal(content(applyEdits('x\ny\nz', '------- SEARCH\ny\n=======\nY')), 'x\nY\nz');
  assert.equal(content(applyEdits('x\ny\nz\n', '```\n<<<<<<< SEARCH\ny\n=======\nY\n```\n')), 'x\nY\nz\n');
});

test('malformed or empty edit text is refused with the expected format', () => {
  for (const text of ['just prose', '------- SEARCH\ny\n======= \nY\n+++++++ REPLACE', '<<<<<<< SEARCH\nonly search']) {
    const r = applyEdits('x\ny\n', text);
    assert.ok(!r.ok, text);
    assert.match(r.error, /<<<<<<< SEARCH\nexact current lines\n=======/);
  }
});

test('Roo :start_line: picks among duplicates and later blocks follow earlier line shifts', () => {
  const file = 'f()\n\nf()\n\nf()\n';
  assert.equal(content(applyEdits(file, '<<<<<<< SEARCH\n:start_line:3\n-------\nf()\n=======\ng()\n>>>>>>> REPLACE')), 'f()\n\ng()\n\nf()\n');
  const two = '<<<<<<< SEARCH\n:start_line:1\n-------\nf()\n=======\na()\nb()\nc()\n>>>>>>> REPLACE\n<<<<<<< SEARCH\n:start_line:5\n-------\nf()\n=======\nz()\n>>>>>>> REPLACE';
  assert.equal(content(applyEdits(file, two)), 'a()\nb()\nc()\n\nf()\n\nz()\n');
});

test('tool-level line hints apply to a single block', () => {
  const file = 'f()\n\nf()\n';
  assert.equal(content(applyEdits(file, block('f()\n', 'g()\n'), { startLine: 3, endLine: 3 })), 'f()\n\ng()\n');
});

test('CRLF file and no trailing newline survive a multi-block edit', () => {
  assert.equal(content(applyEdits('a\r\nb\r\nc', block('a\n', 'A\n') + block('c\n', 'C\nD\n'))), 'A\r\nb\r\nC\r\nD');
});

test('a placeholder in one block refuses the whole edit', () => {
  const r = applyEdits('a\nb\n', block('a\n', 'A\n') + block('b\n', '// ... existing code ...\nB\n'));
  assert.ok(!r.ok);
  assert.equal(r.reason, 'placeholder');
  assert.equal(r.block, 2);
});

test('an edit adding a Markdown heading at the end of REPLACE is refused, not written without its underline', () => {
  const file = 'Title\n=====\n\nMore.\n';
  const r = applyEdits(file, '<<<<<<< SEARCH\nMore.\n=======\nMore.\n\nNew\n=====\n');
  assert.ok(!r.ok, r.ok ? JSON.stringify(r.content) : '');
  assert.equal(r.reason, 'malformed');
});

test('an insertion before a hinted line moves that line too: a later block hinted at it finds it, not a copy above', () => {
  const file = 'x();\na();\nb();\nc();\nx();\nd();\n';
  const insertBefore5 = '<<<<<<< SEARCH\n:start_line:5\n-------\n=======\n// 1\n// 2\n// 3\n// 4\n// 5\n// 6\n>>>>>>> REPLACE\n';
  const editLine5 = '<<<<<<< SEARCH\n:start_line:5\n-------\nx();\n=======\ny();\n>>>>>>> REPLACE\n';
  const r = applyEdits(file, insertBefore5 + editLine5);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.content, 'x();\na();\nb();\nc();\n// 1\n// 2\n// 3\n// 4\n// 5\n// 6\ny();\nd();\n');
  assert.deepEqual(r.applied.map((a) => a.startLine), [5, 11]);
});
