// The read-loop detector through the agent: it counts the lines read_file really returned, and only
// while the result is still in the conversation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, runSession } from './helpers';

const lines = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i + 1)).join('\n') + '\n';
const warnings = (events: readonly { type: string }[], source: string) => events.filter((e) => e.type === 'warning' && (e as { source?: string }).source === source);

test('paging through a long file the way read_file says to read on is not a read loop', async () => {
  const pages = [{}, { start_line: 251 }, { start_line: 501 }, { start_line: 751 }, { start_line: 1001 }];
  const s = await runSession('Read big.txt and tell me what it holds.', [
    ...pages.map((p) => ({ text: hermes('read_file', { path: 'big.txt', ...p }) })),
    { text: 'It counts from 1 to 1200.' },
  ], { files: { 'big.txt': lines(1200, (i) => `line ${i}`) } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), /Read on with start_line=251/, 'read_file itself asks for the next page');
    assert.deepEqual(warnings(s.events, 'read-loop'), []);
    assert.doesNotMatch(s.sent(5), /Do not read it again/);
  } finally {
    cleanup(s.root);
  }
});

test('re-reading a file whose earlier results the budget removed is what the stub asks for, not a loop', async () => {
  // each read is ~2.5k tokens in a 6k window: the budget keeps only the newest results
  const s = await runSession('Summarise wide.txt.', [
    ...Array.from({ length: 5 }, (_, i) => ({ text: hermes('read_file', { path: 'wide.txt', start_line: i + 1 }) })),
    { text: 'It is a list of 120 numbered entries.' },
  ], { files: { 'wide.txt': lines(120, (i) => `entry ${i}: ${'lorem ipsum dolor sit amet '.repeat(3)}`) }, contextWindow: 6144 });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(4), /read_file result removed to save context\. Run the tool again/);
    assert.equal(s.result.stopReason, 'done');
    assert.ok(s.events.some((e) => e.type === 'budget-updated' && e.report.evictedResults > 0));
  } finally {
    cleanup(s.root);
  }
});
