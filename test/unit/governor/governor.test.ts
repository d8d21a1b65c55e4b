import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTurn, stopReason } from '../../../src/core/governor/governor';
import { call, say, turn, times } from './helpers';

test('a healthy history draws no intervention', () => {
  const history = [
    turn(call('read_file', { path: 'src/a.ts' })),
    turn(call('patch', { path: 'src/a.ts', search: 'a', replace: 'b' })),
    turn(call('run', { command: 'npm test' })),
    say('Done: renamed a to b and the tests pass.'),
  ];
  assert.deepEqual(checkTurn({ history, task: 't' }), []);
});

test('interventions come most severe first and the stop is found', () => {
  // Five identical failed patches: a repetition stop and (at 5) the patch-spiral rewrite warning.
  const history = times(5, () => turn(call('patch', { path: 'a.ts', search: 'x', replace: 'y' }, false)));
  const found = checkTurn({ history, task: 't' });
  assert.deepEqual(found.map((i) => [i.detector, i.severity]), [['repetition', 'stop'], ['patch-spiral', 'warn']]);
  assert.equal(stopReason(found)?.detector, 'repetition');
  assert.equal(stopReason(checkTurn({ history: [say('')], task: 't' })), undefined);
});
