import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectEmptyReply, EMPTY_NUDGE_AT, EMPTY_WARN_AT, EMPTY_STOP_AT } from '../../../src/core/governor/emptyReply';
import { call, say, turn, times } from './helpers';

test('one empty reply is nudged, two warned, three stop', () => {
  assert.equal(detectEmptyReply([say('Working on it.')]), undefined);
  assert.equal(detectEmptyReply(times(EMPTY_NUDGE_AT, () => say('  ')))?.severity, 'nudge');
  assert.equal(detectEmptyReply(times(EMPTY_WARN_AT - 1, () => say('')))?.severity, 'nudge');
  assert.equal(detectEmptyReply(times(EMPTY_WARN_AT, () => say('')))?.severity, 'warn');
  assert.equal(detectEmptyReply(times(EMPTY_STOP_AT - 1, () => say('')))?.severity, 'warn');
  assert.equal(detectEmptyReply(times(EMPTY_STOP_AT, () => say('')))?.severity, 'stop');
});

test('think-only replies count as empty and are named as such', () => {
  const i = detectEmptyReply([say('', 'Let me think about the file structure...')]);
  assert.match(i!.message, /You only thought/);
  assert.match(detectEmptyReply([say('<think>planning the change')])!.message, /You only thought/);
  assert.match(detectEmptyReply([say('<think>a</think>\n')])!.message, /You only thought/);
});

test('a reply with a call, or text after the thinking, is not empty; the run must be consecutive', () => {
  assert.equal(detectEmptyReply([turn(call('read_file', { path: 'a' }))]), undefined);
  assert.equal(detectEmptyReply([say('<think>x</think>Reading a.ts')]), undefined);
  assert.equal(detectEmptyReply([say(''), say(''), say('ok'), say('')])?.severity, 'nudge');
});
