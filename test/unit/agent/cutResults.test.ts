// Tool results the budget cuts, through the agent: the model is told where to read on in the file's
// own lines, the governor counts only the lines the model saw, and a command keeps the end of its output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, runSession } from './helpers';
import type { RecordedRequest } from '../../support/replayServer';

const big = Array.from({ length: 900 }, (_, i) => `export const value${i + 1} = computeSomething(${i + 1}, "padding text to make lines longer");`).join('\n') + '\n';
const lastContent = (req: RecordedRequest) => String((req.body.messages as { content: string }[]).at(-1)!.content);

test('a read cut to fit a small window says where to read on in the file, and paging on from there is no read loop', async () => {
  const told: string[] = [];
  // a model that reads on exactly where the result tells it to
  const s = await runSession('Read big.ts lines 300 to 500.', (req, i) => {
    const next = i === 0 ? 300 : Number(/start_line=(\d+)/.exec(lastContent(req))?.[1] ?? 501);
    if (i > 0) told.push(/\[[^\]]*\]$/.exec(lastContent(req))?.[0] ?? '');
    return { text: next > 500 ? 'Lines 300 to 500 define value300 to value500.' : hermes('read_file', { path: 'big.ts', start_line: next, end_line: 500 }) };
  }, { files: { 'big.ts': big }, contextWindow: 4096 });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(told[0]!, /^\[Cut to fit the context: only lines 300–(\d+) are shown\. Read on with start_line=\d+\.\]$/);
    const [, shownTo] = /300–(\d+)/.exec(told[0]!)!;
    assert.ok(Number(shownTo) < 400, 'the window holds a part of the range');
    assert.match(s.sent(1), new RegExp(`${shownTo}\\| export const value${shownTo} `), 'the last line it names is shown');
    assert.doesNotMatch(s.sent(1), new RegExp(`${Number(shownTo) + 1}\\| `), 'and the next one is not');
    assert.ok(s.server.chatRequests.length >= 5, 'several pages');
    assert.deepEqual(s.events.filter((e) => e.type === 'warning' && e.source === 'read-loop'), [], 'each page is new lines');
    assert.equal(s.server.chatRequests.some((r) => /You have read the same part/.test(JSON.stringify(r.body.messages))), false);
  } finally {
    cleanup(s.root);
  }
});

test('a long command output cut to fit keeps its end, where the failure is', async () => {
  const script = 'for i in $(seq 1 200); do echo "ok $i - test case number $i passed fine"; done; echo "not ok 201 - cart total: expected 30, got 25"; exit 1\n';
  const s = await runSession('Run the tests.', [
    { text: hermes('run', { command: 'sh t.sh' }) },
    { text: 'Test 201 fails: the cart total is 25, not 30.' },
  ], { files: { 't.sh': script }, contextWindow: 8192, approve: async () => true });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const result = lastContent(s.server.chatRequests[1]!);
    assert.match(result, /^run result:\n\$ sh t\.sh\nexit code 1\nok 1 - /);
    assert.match(result, /\n\[… \d+ lines omitted …\]\n/);
    assert.match(result, /not ok 201 - cart total: expected 30, got 25$/);
  } finally {
    cleanup(s.root);
  }
});
