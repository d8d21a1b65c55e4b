// Waiting for the code index: its answer, or a bounded wait that says so, or Stop; the index is told
// to stop waiting for itself at the same moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForIndex } from '../../../src/core/codeIndex/indexWait';

test('the index\'s answer, or its own reason for having none, passes through', async () => {
  assert.equal(await waitForIndex(() => 'map', { timeoutMs: 1000 }), 'map');
  assert.deepEqual(await waitForIndex(async () => [1], { timeoutMs: 1000 }), [1]);
  await assert.rejects(waitForIndex(async () => { throw new Error('The code index is still being built (3 of 9 files)'); }, { timeoutMs: 1000 }), /still being built/);
});

test('at the deadline: "did not answer", also when the index gives its reason as it stops waiting', async () => {
  let asked: AbortSignal | undefined;
  const starting = (signal: AbortSignal) => new Promise<string>((_, reject) => {
    asked = signal;
    signal.addEventListener('abort', () => reject(new Error('The code index is not available (not started)')));
  });
  await assert.rejects(waitForIndex(starting, { timeoutMs: 30 }), { message: 'the code index did not answer within 0.03 s (still indexing?)' });
  assert.equal(asked?.aborted, true);
});

test('Stop: the signal\'s reason at once, and an index stopped before it is asked is not asked', async () => {
  const stop = new AbortController();
  let asked: AbortSignal | undefined;
  const waiting = waitForIndex((signal) => { asked = signal; return new Promise<string>(() => undefined); }, { timeoutMs: 60_000, signal: stop.signal });
  stop.abort(new Error('Stopped.'));
  await assert.rejects(waiting, { message: 'Stopped.' });
  assert.equal(asked?.aborted, true);
  let calls = 0;
  await assert.rejects(waitForIndex(() => ++calls, { timeoutMs: 60_000, signal: stop.signal }), { message: 'Stopped.' });
  assert.equal(calls, 0);
});
