// An index that ran out a wait: requests fail at once with its reason instead of each waiting as long
// again, until it answers, or the retry time passes and one request (only one) waits again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexTimeout, isIndexTimeout, UnansweredIndex } from '../../../src/core/codeIndex/unansweredIndex';
import { waitForIndex } from '../../../src/core/codeIndex/indexWait';

const WHY = 'the code index is not answering';

test('an index that answers: every request waits for it', () => {
  const index = new UnansweredIndex(60_000);
  assert.deepEqual(index.admit(0), { retry: false });
  assert.deepEqual(index.admit(0), { retry: false });
  assert.equal(index.refusal(0), undefined);
});

test('after a wait ran out: requests fail at once with the same reason until the retry time', () => {
  const index = new UnansweredIndex(60_000);
  index.admit(0);
  index.timedOut(WHY, 15_000);
  assert.deepEqual(index.admit(16_000), { refused: WHY });
  assert.deepEqual(index.admit(74_999), { refused: WHY });
  assert.equal(index.refusal(74_999), WHY);
});

test('past the retry time one request waits again, the others still fail at once; its outcome decides', () => {
  const index = new UnansweredIndex(60_000);
  index.timedOut(WHY, 0);
  assert.equal(index.refusal(60_000), undefined, 'looking does not take the retry');
  assert.deepEqual(index.admit(60_000), { retry: true });
  assert.deepEqual(index.admit(60_001), { refused: WHY });
  assert.equal(index.refusal(60_001), WHY);
  // it ran out too: another retry time
  index.timedOut(WHY, 75_000);
  assert.deepEqual(index.admit(134_999), { refused: WHY });
  assert.deepEqual(index.admit(135_000), { retry: true });
  // this one is answered: everyone waits for it again
  index.answered();
  assert.deepEqual(index.admit(135_001), { retry: false });
});

test('the retry stopped by the user (neither answer nor deadline): the next request tries instead', () => {
  const index = new UnansweredIndex(60_000);
  index.timedOut(WHY, 0);
  const retry = index.admit(60_000);
  const other = index.admit(60_000);
  index.gaveUp(other); // a refused request giving up changes nothing
  assert.deepEqual(index.admit(60_000), { refused: WHY });
  index.gaveUp(retry);
  assert.deepEqual(index.admit(60_001), { retry: true });
});

test('"Rebuild index" restarts a worker whose wait ran out, also once the retry time has passed, until it answers', () => {
  const index = new UnansweredIndex(60_000);
  assert.equal(index.waitRanOut, false);
  index.timedOut(WHY, 0);
  assert.equal(index.waitRanOut, true);
  assert.equal(index.refusal(60_000), undefined);
  assert.equal(index.waitRanOut, true, 'past the retry time it still did not answer');
  index.answered();
  assert.equal(index.waitRanOut, false);
});

test('an answer, however late, ends it at once', () => {
  const index = new UnansweredIndex(60_000);
  index.timedOut(WHY, 0);
  index.answered();
  assert.deepEqual(index.admit(1), { retry: false });
});

test('the index wait\'s deadline is told apart from the index\'s own errors and from Stop', async () => {
  assert.equal(isIndexTimeout(indexTimeout('late')), true);
  assert.equal(isIndexTimeout(new Error('the code index did not answer within 15 s (still indexing?)')), false);
  const late = await waitForIndex(() => new Promise(() => undefined), { timeoutMs: 10 }).catch((e: unknown) => e);
  assert.equal(isIndexTimeout(late), true);
  const own = await waitForIndex(async () => { throw new Error('no such table'); }, { timeoutMs: 1000 }).catch((e: unknown) => e);
  assert.equal(isIndexTimeout(own), false);
  const stop = new AbortController();
  const stopped = waitForIndex(() => new Promise(() => undefined), { timeoutMs: 60_000, signal: stop.signal }).catch((e: unknown) => e);
  stop.abort(new Error('Stopped.'));
  assert.equal(isIndexTimeout(await stopped), false);
});
