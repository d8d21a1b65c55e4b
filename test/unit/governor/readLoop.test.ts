import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectReadLoop, READ_REPEAT_WARN, READ_REPEAT_STOP } from '../../../src/core/governor/readLoop';
import { call, turn, times } from './helpers';

/** A read of a 1000-line file as read_file records it: the lines it returned, a page of at most 250. */
const read = (path = 'src/a.ts', start?: number, end?: number) => {
  const first = start ?? 1;
  const lines = { start: first, end: Math.min(end ?? 1000, first + 249, 1000) };
  return turn({ ...call('read_file', { path, ...(start ? { start_line: start } : {}), ...(end ? { end_line: end } : {}) }), lines });
};
const other = () => turn(call('search', { pattern: 'x' }));

test('the same lines read again and again, interleaved with other calls: warn at the threshold, stop at the last', () => {
  const loop = (n: number) => times(n * 2 - 1, (i) => (i % 2 === 0 ? read() : other()));
  assert.equal(detectReadLoop(loop(READ_REPEAT_WARN - 1)), undefined);
  const warn = detectReadLoop(loop(READ_REPEAT_WARN));
  assert.equal(warn?.severity, 'warn');
  assert.equal(warn?.path, 'src/a.ts');
  assert.match(warn!.message, /read the same part of src\/a\.ts 3 times/);
  assert.equal(detectReadLoop(loop(READ_REPEAT_STOP - 1))?.severity, 'warn');
  assert.equal(detectReadLoop(loop(READ_REPEAT_STOP))?.severity, 'stop');
});

test('paging through a file is not a loop; overlapping ranges are', () => {
  assert.equal(detectReadLoop([read('a', 1, 100), read('a', 101, 200), read('a', 201, 300), read('a', 301, 400)]), undefined);
  assert.equal(detectReadLoop([read('a', 1, 100), read('a', 50, 150), read('a', 90, 120)])?.severity, 'warn');
  assert.equal(detectReadLoop([read('a'), read('b'), read('a', 10, 20), read('b'), read('a', 12, 14)])?.path, 'a', 'whole-file reads overlap any range');
});

test('paging with start_line alone, as read_file asks ("Read on with start_line=251"), is not a loop', () => {
  const pages = [read('a'), read('a', 251), read('a', 501), read('a', 751)];
  for (let n = 1; n <= pages.length; n++) assert.equal(detectReadLoop(pages.slice(0, n)), undefined, `page ${n}`);
  assert.equal(detectReadLoop([...pages, read('a', 300), read('a', 260)])?.severity, 'warn', 'the lines of page 2 seen three times');
});

test('a record without the returned range counts only the lines its arguments name for sure', () => {
  const bare = (start?: number) => turn(call('read_file', { path: 'a', ...(start ? { start_line: start } : {}) }));
  assert.equal(detectReadLoop([bare(), bare(201), bare(401), bare(601), bare(801)]), undefined);
  assert.equal(detectReadLoop([bare(), bare(), bare()])?.severity, 'warn');
});

test('a re-read after the budget removed the result is not a loop; a failed read showed nothing', () => {
  const removed = () => { const t = read(); t.calls[0]!.resultRemoved = true; return t; };
  assert.equal(detectReadLoop([removed(), removed(), removed(), removed(), read()]), undefined);
  assert.equal(detectReadLoop([removed(), removed(), read(), read(), read()])?.severity, 'warn', 'the reads still shown count');
  const failed = () => turn(call('read_file', { path: 'src/a.ts' }, false));
  assert.equal(detectReadLoop([failed(), failed(), failed(), failed(), read()]), undefined);
});

test('acting resets the count: re-reading after an edit or a failed patch is right', () => {
  const patch = (ok: boolean) => turn(call('patch', { path: 'src/a.ts', search: 'a', replace: 'b' }, ok));
  assert.equal(detectReadLoop([read(), read(), patch(true), read()]), undefined);
  assert.equal(detectReadLoop([read(), read(), patch(false), read()]), undefined);
  assert.equal(detectReadLoop([read(), read(), turn(call('run', { command: 'npm test' })), read()]), undefined);
});

test('only a fresh read triggers', () => {
  assert.equal(detectReadLoop([read(), read(), read(), other()]), undefined);
});

test('a read followed by an edit in the same reply is not a loop (and does not throw)', () => {
  const readThenWrite = turn(call('read_file', { path: 'src/a.ts' }), call('write_file', { path: 'src/b.ts', content: 'x' }));
  assert.equal(detectReadLoop([read(), read(), readThenWrite]), undefined);
  assert.equal(detectReadLoop([readThenWrite]), undefined);
});
