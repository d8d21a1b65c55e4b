// The index's database is saved a moment after the last change, by the worker in use: a worker replaced
// meanwhile (a settings change, "Rebuild index") that answers late changes nothing about the saves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DelayedSave } from '../../../src/extension/codeIndex/delayedSave';

test('changes in a row are saved once, the delay after the last one', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const saved: string[] = [];
  const saving = new DelayedSave<string>(3000, () => 'worker', (client) => saved.push(client));
  saving.changed('worker');
  t.mock.timers.tick(2000);
  saving.changed('worker');
  t.mock.timers.tick(2999);
  assert.deepEqual(saved, [], 'not before the delay after the last change');
  t.mock.timers.tick(1);
  assert.deepEqual(saved, ['worker']);
});

test('a late answer of a replaced worker neither cancels the new worker\'s save nor schedules one on the old worker', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const saved: string[] = [];
  let current = 'old';
  const saving = new DelayedSave<string>(3000, () => current, (client) => saved.push(client));
  // the old worker is replaced (its owner saves it as it stops it); the new one changes the index
  saving.cancel();
  current = 'new';
  saving.changed('new');
  t.mock.timers.tick(1000);
  // the old worker's re-index of a file answers now
  saving.changed('old');
  t.mock.timers.tick(2000);
  assert.deepEqual(saved, ['new'], 'the new worker saved on time');
  t.mock.timers.tick(10_000);
  assert.deepEqual(saved, ['new'], 'nothing asked of the old, closed worker');
});

test('cancelled (the worker is being stopped, which saves it): nothing is saved later', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const saved: string[] = [];
  const saving = new DelayedSave<string>(3000, () => 'worker', (client) => saved.push(client));
  saving.changed('worker');
  saving.cancel();
  t.mock.timers.tick(10_000);
  assert.deepEqual(saved, []);
});
