import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectRepetition, REPEAT_WARN, REPEAT_STOP, CYCLE_WARN, CYCLE_STOP } from '../../../src/core/governor/repetition';
import { call, turn, times } from './helpers';

const same = () => turn(call('search', { pattern: 'foo' }));

test('identical calls: nothing just below the threshold, a warning at it, a stop at the last level', () => {
  assert.equal(detectRepetition(times(REPEAT_WARN - 1, same)), undefined);
  const warn = detectRepetition(times(REPEAT_WARN, same));
  assert.equal(warn?.severity, 'warn');
  assert.equal(warn?.detector, 'repetition');
  assert.match(warn!.message, /search with the same arguments 3 times/);
  assert.equal(detectRepetition(times(REPEAT_STOP - 1, same))?.severity, 'warn');
  assert.equal(detectRepetition(times(REPEAT_STOP, same))?.severity, 'stop');
});

test('key order and whitespace do not make a call different; other arguments do', () => {
  const history = [turn(call('read_file', { path: 'a.ts', start_line: 1 })), turn(call('read_file', { start_line: 1, path: ' a.ts ' })), turn(call('read_file', { path: 'a.ts', start_line: 1 }))];
  assert.equal(detectRepetition(history)?.severity, 'warn');
  const varied = times(REPEAT_STOP, (i) => turn(call('read_file', { path: 'a.ts', start_line: 1 + 50 * i })));
  assert.equal(detectRepetition(varied), undefined);
});

test('a different call in between breaks the run', () => {
  assert.equal(detectRepetition([same(), same(), turn(call('run', { command: 'npm test' })), same()]), undefined);
});

test('calls inside one turn count like calls across turns', () => {
  assert.equal(detectRepetition([turn(call('run', { command: 'ls' }), call('run', { command: 'ls' }), call('run', { command: 'ls' }))])?.severity, 'warn');
});

test('A-B-A-B cycles: nothing below two cycles, a warning at two, a stop at three', () => {
  const a = () => turn(call('read_file', { path: 'a.ts' }));
  const b = () => turn(call('run', { command: 'npm test' }));
  const cycle = (n: number) => times(n, (i) => (i % 2 === 0 ? a() : b()));
  assert.equal(detectRepetition(cycle(CYCLE_WARN * 2 - 1)), undefined);
  const warn = detectRepetition(cycle(CYCLE_WARN * 2));
  assert.equal(warn?.detector, 'cycle');
  assert.equal(warn?.severity, 'warn');
  assert.match(warn!.message, /read_file and run/);
  assert.equal(detectRepetition(cycle(CYCLE_STOP * 2 - 1))?.severity, 'warn');
  assert.equal(detectRepetition(cycle(CYCLE_STOP * 2))?.severity, 'stop');
});

test('no calls, no intervention', () => {
  assert.equal(detectRepetition([]), undefined);
});

test('a cycle of three read-only calls (a model hunting for something it cannot find): warned at two cycles, stopped at three', () => {
  const hunt = [call('search', { pattern: 'parseConfig' }), call('find_files', { glob: 'src/**/config*.ts' }), call('search', { pattern: 'loadConfig' })];
  const cycle = (n: number) => times(n, (i) => turn(hunt[i % 3]!));
  assert.equal(detectRepetition(cycle(CYCLE_WARN * 3 - 1)), undefined);
  const warn = detectRepetition(cycle(CYCLE_WARN * 3));
  assert.equal(warn?.detector, 'cycle');
  assert.equal(warn?.severity, 'warn');
  assert.match(warn!.message, /repeating the same 3 calls \(search, find_files and search\) in a loop/);
  assert.equal(detectRepetition(cycle(CYCLE_STOP * 3 - 1))?.severity, 'warn');
  const stop = detectRepetition(cycle(CYCLE_STOP * 3));
  assert.equal(stop?.severity, 'stop');
  assert.equal(stop?.message, 'Stopped: the model repeated the same 3 calls (search, find_files and search) 3 times.');
});

test('a cycle of four calls is caught too; a longer one is left to the request limit', () => {
  const four = [call('search', { pattern: 'a' }), call('read_file', { path: 'x.ts' }), call('search', { pattern: 'b' }), call('list_dir', { path: 'src' })];
  assert.equal(detectRepetition(times(8, (i) => turn(four[i % 4]!)))?.severity, 'warn');
  assert.equal(detectRepetition(times(12, (i) => turn(four[i % 4]!)))?.severity, 'stop');
  const five = [...four, call('find_files', { glob: '*.ts' })];
  assert.equal(detectRepetition(times(15, (i) => turn(five[i % 5]!))), undefined);
});

test('healthy exploration (different queries, pages, files) is not a cycle', () => {
  const explore = times(12, (i) => turn(i % 3 === 0 ? call('search', { pattern: `term${i}` }) : i % 3 === 1 ? call('find_files', { glob: `src/**/m${i}*.ts` }) : call('read_file', { path: `src/m${i}.ts` })));
  assert.equal(detectRepetition(explore), undefined);
  const pages = times(12, (i) => turn(i % 2 === 0 ? call('read_file', { path: 'a.ts', start_line: 1 + 50 * i }) : call('search', { pattern: 'x', path: `dir${i}` })));
  assert.equal(detectRepetition(pages), undefined);
});

test('each occurrence of a repeated line changed in turn (the same SEARCH at other lines) is no loop; the same patch respelled is', () => {
  const fix = { search: '  await db.close();', replace: '  await db.close({ flush: true });' };
  const occurrences = [2, 6, 10, 14, 18].flatMap((line) => [turn(call('read_file', { path: 'src/m.ts' })), turn(call('patch', { path: 'src/m.ts', start_line: line, ...fix }))]);
  assert.equal(detectRepetition(occurrences), undefined);
  const inARow = [2, 6, 10, 14, 18].map((line) => turn(call('patch', { path: 'src/m.ts', start_line: line, ...fix })));
  assert.equal(detectRepetition(inARow), undefined);
  const respelled = ['src/m.ts', './src/m.ts', 'src/m.ts'].map((path) => turn(call('patch', { path, start_line: 2, ...fix })));
  assert.equal(detectRepetition(respelled)?.severity, 'warn');
});
