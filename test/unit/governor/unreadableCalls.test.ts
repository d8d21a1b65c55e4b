import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectUnreadableCalls, UNREADABLE_STOP_AT } from '../../../src/core/governor/unreadableCalls';
import { call, say, turn, times } from './helpers';
import type { TurnRecord } from '../../../src/core/governor/types';

const broken = (i: number): TurnRecord => ({ ...say(`<tool_call>{"name": "read_file", "arguments": {"path": "a.js" attempt ${i}</tool_call>`), unreadable: 'broken' });
const cut = (i: number): TurnRecord => ({ ...turn({ ...call('write_file', { path: 'big.js', content: 'x'.repeat(i) }, false), refused: 'held' }), unreadable: 'cut' });

test('calls that cannot be read, each a little different: stopped at the third in a row, with why', () => {
  assert.equal(detectUnreadableCalls(times(UNREADABLE_STOP_AT - 1, broken)), undefined);
  const stop = detectUnreadableCalls(times(UNREADABLE_STOP_AT, broken));
  assert.equal(stop?.severity, 'stop');
  assert.equal(stop?.message, "Stopped: the model's tool calls could not be read 3 times in a row, so nothing was run. Try again, or use a model that writes tool calls more reliably.");
  assert.match(detectUnreadableCalls(times(UNREADABLE_STOP_AT, cut))!.message, /cut off at the length limit in the middle of a tool call 3 times in a row/);
});

test('a readable reply in between starts the count again', () => {
  const read = turn(call('read_file', { path: 'a.js' }));
  assert.equal(detectUnreadableCalls([broken(0), broken(1), read, broken(2), cut(3)]), undefined);
  assert.equal(detectUnreadableCalls([read, broken(1), cut(2), broken(3)])?.severity, 'stop', 'broken and cut count together');
});
