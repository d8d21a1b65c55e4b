import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectUserRejected, USER_REJECTED_STOP_AT } from '../../../src/core/governor/userRejected';
import { escalates } from '../../../src/core/governor/governor';
import { call, turn } from './helpers';

const rejected = (path: string, i = 0) => turn({ ...call('patch', { path, search: 'a', replace: `b${i}` }, false), refused: 'user' });

test('the second rejected edit of one file stops the run, naming the rejections; it is not offered to a stronger model', () => {
  assert.equal(USER_REJECTED_STOP_AT, 2);
  assert.equal(detectUserRejected([rejected('a.js')]), undefined);
  const stop = detectUserRejected([rejected('a.js', 0), turn(call('read_file', { path: 'a.js' })), rejected('./a.js', 1)]);
  assert.equal(stop?.severity, 'stop');
  assert.equal(stop?.message, 'Stopped: you rejected 2 edits to a.js. Say what you want changed, and the model will go on from there.');
  assert.equal(escalates(stop!), false);
});

test('rejections of different files, or a failure that is the model\'s, do not stop', () => {
  assert.equal(detectUserRejected([rejected('a.js'), rejected('b.js')]), undefined);
  assert.equal(detectUserRejected([rejected('a.js'), turn(call('patch', { path: 'a.js', search: 'x', replace: 'y' }, false))]), undefined);
});
