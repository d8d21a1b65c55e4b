// How often a run's progress is saved: every PROGRESS_SAVE_MS at most, and less often when a save costs
// more (a long conversation's save redacts and writes megabytes), so saving stays a small share of the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PROGRESS_SAVE_MS, PROGRESS_SAVE_MS, ProgressSaves, SAVE_COST_MULTIPLE } from '../../../src/extension/agentHost/progressSaves';

/** ProgressSaves on an injected clock, with saves that take `cost` ms of that clock each. */
function setup(cost: number) {
  const clock = { now: 0 };
  const started: number[] = [];
  let finish: (() => void) | undefined;
  const saves = new ProgressSaves(() => {
    started.push(clock.now);
    return new Promise<void>((resolve) => { finish = () => { clock.now += cost; resolve(); }; });
  }, () => clock.now);
  /** Lets the save being written finish (its cost passes on the clock). */
  const written = async () => {
    finish?.();
    finish = undefined;
    await new Promise((resolve) => setImmediate(resolve));
  };
  /** A change of the run at `at` ms. */
  const changeAt = async (at: number, edit = false) => {
    clock.now = at;
    saves.changed(edit);
    await written();
  };
  return { started, changeAt };
}

test('a cheap save: the run\'s progress is saved every PROGRESS_SAVE_MS', async () => {
  const s = setup(50);
  await s.changeAt(PROGRESS_SAVE_MS - 1);
  await s.changeAt(PROGRESS_SAVE_MS);
  await s.changeAt(2 * PROGRESS_SAVE_MS - 1);
  await s.changeAt(2 * PROGRESS_SAVE_MS);
  assert.deepEqual(s.started, [PROGRESS_SAVE_MS, 2 * PROGRESS_SAVE_MS]);
});

test('a costly save (a long conversation): the next waits SAVE_COST_MULTIPLE times what the last one took', async () => {
  const cost = 1_000; // the next may start SAVE_COST_MULTIPLE × 1 s after this one started
  const s = setup(cost);
  await s.changeAt(PROGRESS_SAVE_MS);
  const next = PROGRESS_SAVE_MS + SAVE_COST_MULTIPLE * cost;
  assert.ok(next > 2 * PROGRESS_SAVE_MS, 'the cost decides, not the floor');
  await s.changeAt(2 * PROGRESS_SAVE_MS);
  await s.changeAt(next - 1);
  assert.deepEqual(s.started, [PROGRESS_SAVE_MS], 'not before');
  await s.changeAt(next);
  assert.deepEqual(s.started, [PROGRESS_SAVE_MS, next]);
  await s.changeAt(next + 1, true);
  assert.deepEqual(s.started, [PROGRESS_SAVE_MS, next, next + 1], 'an accepted edit is saved at once all the same');
});

test('a save that waited long (another window held the lock) puts the next off MAX_PROGRESS_SAVE_MS at most', async () => {
  const waited = 10_000;
  assert.ok(SAVE_COST_MULTIPLE * waited > MAX_PROGRESS_SAVE_MS, 'uncapped, the next would wait minutes');
  const s = setup(waited);
  await s.changeAt(PROGRESS_SAVE_MS);
  await s.changeAt(PROGRESS_SAVE_MS + MAX_PROGRESS_SAVE_MS - 1);
  assert.deepEqual(s.started, [PROGRESS_SAVE_MS]);
  await s.changeAt(PROGRESS_SAVE_MS + MAX_PROGRESS_SAVE_MS);
  assert.deepEqual(s.started, [PROGRESS_SAVE_MS, PROGRESS_SAVE_MS + MAX_PROGRESS_SAVE_MS]);
});
