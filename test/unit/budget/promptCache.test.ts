// The prompt-cache target of issue 10 as a regression test (bench/session.bench.ts prints the figures): in a
// realistic two-task session at a 12k window, a one-slot prefix cache re-processes at most 1.3× what an
// append-only prompt would, and only one request (the compaction) re-processes much more than it appends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTwoTaskSession } from '../../support/replay-session/twoTaskSession';

test('two-task session at 12k: re-processed ÷ appended ≤ 1.3, one compaction, nothing overflows', async () => {
  const f = await runTwoTaskSession({ window: 12_288 });
  assert.equal(f.success, true);
  assert.equal(f.overflows, 0);
  assert.ok(f.ratio <= 1.3, `re-processed ${f.reprocessed} ÷ appended ${f.appended} = ${f.ratio.toFixed(2)}`);
  const costly = f.requests.filter((r, i) => i > 0 && r.reprocessed > r.appended + 200);
  assert.equal(costly.length, 1, `requests that re-processed much more than they appended: ${JSON.stringify(costly)}`);
  assert.equal(f.reportedCached, f.requests.reduce((n, r) => n + r.cachedTokens, 0), 'the agent saw every cached token the server reported');
});
