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
