// Each tool decides how its result is cut to fit the context: read_file says where to read on in the
// file's own lines, run keeps the end of the output (where a failure is), the rest ask for less.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultCut, shownFileLines } from '../../../src/core/tools';
import { numberLines } from '../../../src/core/tools/executorFiles';
import { heuristicCounter as counter, estimateTokens } from '../../../src/core/budget/tokenCounter';

const fileLines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `export const value${from + i} = compute(${from + i}, "some padding text");`);
const readResult = (from: number, to: number, total: number, more = '') => `big.ts lines ${from}-${to} of ${total}:\n${numberLines(fileLines(from, to), from, 400)}${more}`;

test('a cut read_file result says where to read on in the file\'s lines, not the result\'s', () => {
  const text = readResult(300, 500, 900);
  const cut = resultCut('read_file')(text, 600, counter);
  assert.ok(cut.truncated && estimateTokens(cut.text) <= 600);
  const shown = shownFileLines(cut.text)!;
  assert.equal(shown.start, 300);
  assert.ok(shown.end > 300 && shown.end < 500, JSON.stringify(shown));
  assert.ok(cut.text.endsWith(`\n[Cut to fit the context: only lines 300–${shown.end} are shown. Read on with start_line=${shown.end + 1}.]`), cut.text.slice(-200));
  assert.deepEqual(resultCut('read_file')(text, 600, counter), cut, 'the same result is cut the same way every time');
});

test('read_file: a line cut in the middle is not counted as shown, and is read again', () => {
  const text = `big.ts (2 lines):\n1| short\n2| ${'word '.repeat(400)}`;
  const cut = resultCut('read_file')(text, 80, counter);
  assert.match(cut.text, /only lines 1–1 are shown\. Read on with start_line=2\.\]$/);
  assert.deepEqual(shownFileLines(cut.text), { start: 1, end: 1 });
});

test('the checks\' findings after a read survive its cut: the model has them nowhere else', () => {
  const checks = 'Check found 1 error:\na.ts:3:5 error TS2322: Type string is not assignable to type number.\nFix these errors next.';
  const text = `${readResult(300, 549, 900, '\n[Stopped at line 549. Read on with start_line=550.]')}\n\n${checks}`;
  const cut = resultCut('read_file')(text, 1000, counter);
  assert.ok(cut.truncated && estimateTokens(cut.text) <= 1000, String(estimateTokens(cut.text)));
  const shown = shownFileLines(cut.text)!;
  assert.ok(cut.text.endsWith(`\n[Cut to fit the context: only lines 300–${shown.end} are shown. Read on with start_line=${shown.end + 1}.]\n\n${checks}`), cut.text.slice(-400));
  // findings too long to keep beside the file's lines are cut with them
  const long = `${readResult(300, 549, 900)}\n\n${'Check found many errors\n'.repeat(200)}`;
  assert.doesNotMatch(resultCut('read_file')(long, 1000, counter).text, /Check found many errors$/);
});

test('the lines a read shows: its numbered lines up to where it says to read on, not what follows them', () => {
  assert.deepEqual(shownFileLines(readResult(10, 20, 900, '\n[Stopped at line 20. Read on with start_line=21.]')), { start: 10, end: 20 });
  assert.deepEqual(shownFileLines(`${readResult(1, 3, 3)}\n\nCheck found 1 error:\n4| not a file line`), { start: 1, end: 3 });
  assert.equal(shownFileLines('a.ts is empty.'), undefined);
});

test('a cut run result keeps the head and the tail of the output, with the lines omitted between them', () => {
  const output = [...Array.from({ length: 200 }, (_, i) => `ok ${i + 1} - test case number ${i + 1} passed fine`), 'not ok 201 - cart total: expected 30, got 25'];
  const text = `$ npm test\nexit code 1\n${output.join('\n')}`;
  const cut = resultCut('run')(text, 800, counter);
  assert.ok(cut.truncated && estimateTokens(cut.text) <= 800);
  assert.ok(cut.text.startsWith('$ npm test\nexit code 1\nok 1 '));
  assert.ok(cut.text.endsWith('not ok 201 - cart total: expected 30, got 25'), 'the failure at the end is kept');
  assert.match(cut.text, /\n\[… \d+ lines omitted …\]\n/);
  assert.doesNotMatch(cut.text, /read lines/);
});

test('other tools keep their head and ask for less, never for lines of their result', () => {
  const text = Array.from({ length: 300 }, (_, i) => `src/file${i}.ts:${i}: const match = ${i};`).join('\n');
  const cut = resultCut('search')(text, 300, counter);
  assert.ok(cut.text.startsWith('src/file0.ts:0:'));
  assert.match(cut.text, /lines not shown\. Ask for less at a time/);
  assert.equal(resultCut(undefined), resultCut('some_mcp_tool'));
});
