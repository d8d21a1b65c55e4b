// A lookup waits for the re-index of what was just saved, bounded. Once a wait ran out (the re-index is
// queued behind a build or a long update), lookups after later edits do not each wait the whole bound
// again (the day-2 review: every edit + lookup cost 2 s during a startup update); once it ends, they do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReindexWaits } from '../../../src/extension/codeIndex/reindexWaits';
import { indexTimeout } from '../../../src/core/codeIndex/unansweredIndex';

/** A re-index the test ends when it likes. */
function reindex(): { promise: Promise<void>; end: () => void } {
  let end!: () => void;
  const promise = new Promise<void>((resolve) => { end = resolve; });
  return { promise, end };
}

/** A bounded wait that runs out at once for a re-index that has not ended, and records what it was asked. */
function boundedWait(asked: Promise<void>[]) {
  return async (p: Promise<void>) => {
    asked.push(p);
    const ended = await Promise.race([p.then(() => true), Promise.resolve(false)]);
    if (!ended) throw indexTimeout('not within the wait');
  };
}

test('after a wait ran out, later re-indexes are not waited for until that one ends; then they are again', async () => {
  const waits = new ReindexWaits();
  const asked: Promise<void>[] = [];
  const wait = boundedWait(asked);
  const first = reindex();
  waits.started(first.promise);
  await waits.untilLatest(wait);
  assert.equal(asked.length, 1, 'the first lookup waits');
  const second = reindex(); // the next edit: queued behind the first in the worker
  waits.started(second.promise);
  await waits.untilLatest(wait);
  await waits.untilLatest(wait);
  assert.equal(asked.length, 1, 'lookups after the next edits do not wait while the stuck re-index has not ended');
  first.end();
  await first.promise;
  await new Promise((resolve) => setImmediate(resolve));
  await waits.untilLatest(wait);
  assert.deepEqual(asked, [first.promise, second.promise], 'once it ended, the latest is waited for again');
});

test('a wait stopped by the caller (not run out) marks nothing stuck; a new worker forgets the old one\'s re-index', async () => {
  const waits = new ReindexWaits();
  const asked: Promise<void>[] = [];
  const hung = reindex();
  waits.started(hung.promise);
  await waits.untilLatest(async (p) => { asked.push(p); throw new Error('stopped'); });
  await waits.untilLatest(boundedWait(asked));
  assert.equal(asked.length, 2, 'a stop is no timeout: the next lookup waits');
  waits.reset();
  await waits.untilLatest(boundedWait(asked));
  assert.equal(asked.length, 3);
  assert.notEqual(asked[2], hung.promise, 'the old worker\'s hung re-index is not waited for');
});
