// One key's calls run one after another, whatever the one before did; other keys do not wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedTurns } from '../../src/core/keyedTurns';

test('calls for one key run in turn, a failed one does not block the next, and another key runs at once', async () => {
  const turns = new KeyedTurns();
  const order: string[] = [];
  let release!: () => void;
  const first = turns.run('a', () => new Promise<void>((resolve) => { release = resolve; }).then(() => { order.push('a1'); }));
  const failing = turns.run('a', () => { order.push('a2'); throw new Error('a2 failed'); });
  const third = turns.run('a', () => { order.push('a3'); return 3; });
  assert.equal(await turns.run('b', () => { order.push('b1'); return 'b'; }), 'b');
  assert.deepEqual(order, ['b1'], 'key b did not wait for key a');
  release();
  await first;
  await assert.rejects(failing, /a2 failed/);
  assert.equal(await third, 3);
  assert.deepEqual(order, ['b1', 'a1', 'a2', 'a3']);
});
