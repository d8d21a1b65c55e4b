// When whole earlier tasks are dropped, the user's own words survive verbatim in the summary message
// (newest first, each capped, within a small share): a standing rule ("never touch src/legacy") must not
// depend on the model's paraphrase. The model summarises the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, tempWorkspace } from './helpers';
import { startReplayServer } from '../../support/replayServer';
import { SmallCode } from '../../../src/node/smallCode';
import { isSummaryRequest } from '../../support/summaryRequest';
import { heuristicCounter } from '../../../src/core/budget';
import { splitSummary, summaryWithRequests } from '../../../src/core/agent/earlierRequests';

const FILE = Array.from({ length: 150 }, (_, i) => `export const value${i} = ${i} * 2; // a line long enough to cost tokens in the prompt`).join('\n') + '\n';
const RULE = 'ZEBRA-RULE: never touch src/legacy. Task 0: read src/f0.ts and say what it exports.';

test('a rule given in the first task is still sent word for word after every compaction', async () => {
  const root = tempWorkspace(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`src/f${i}.ts`, FILE])));
  let readsLeft = 0;
  let summaries = 0;
  const server = await startReplayServer({
    contextLimit: 4096, emulate: 'llamacpp', promptCache: true,
    handler: (req) => {
      // like a 3B model's summary: the rule is not repeated
      if (isSummaryRequest(req)) return { text: `- The user asked to read some files (summary ${++summaries}).` };
      const task = JSON.stringify(req.body.messages).match(/Task (\d)/g)?.at(-1)?.slice(5) ?? '0';
      if (readsLeft-- > 0) return { text: hermes('read_file', { path: `src/f${Number(task) % 4}.ts` }) };
      return { text: `Task ${task} is done. ${'It exports constants named valueN, each twice its index. '.repeat(20)}` };
    },
  });
  try {
    const agent = new SmallCode({ baseUrl: server.baseUrl, model: 'smollm3-3b', workspace: root, replyTokens: 512 });
    for (let task = 0; task < 10; task++) {
      readsLeft = 1;
      const result = await agent.run(task === 0 ? RULE : `Task ${task}: read src/f${task % 4}.ts and say what it exports.`);
      assert.equal(result.success, true, result.error);
    }
    assert.ok(summaries >= 2, `history was summarised more than once (${summaries})`);
    const requests = server.chatRequests.filter((r) => !isSummaryRequest(r));
    assert.ok(requests.every((r) => JSON.stringify(r.body.messages).includes(RULE)), 'the rule is in every request, before and after each summary');
    const summary = (await agent.exportConversation()).summary;
    assert.match(summary, /^The user's earlier requests, word for word \(newest first\):\n/);
    assert.ok(summary.indexOf('Task 1: read src/f1.ts') < summary.indexOf('ZEBRA-RULE'), 'newest first');
    assert.match(summary, /The user asked to read some files \(summary \d+\)\.$/, 'the model\'s summary of the rest follows');
    assert.equal(summary.match(/ZEBRA-RULE/g)?.length, 1, 'carried over, not repeated at each summary');
  } finally {
    await server.close();
    cleanup(root);
  }
});

test('requests are capped each and kept newest first within their share; the block reads back as written', () => {
  const counter = heuristicCounter;
  const long = `Rewrite the parser. ${'Keep every test green. '.repeat(200)}`;
  const requests = ['newest: use tabs\nnot spaces', long, ...Array.from({ length: 60 }, (_, i) => `older request ${i}: ${'do this carefully '.repeat(8)}`)];
  const text = summaryWithRequests(requests, '- earlier work summarised', 8192, counter);
  const back = splitSummary(text);
  assert.equal(back.rest, '- earlier work summarised');
  assert.equal(back.requests[0], 'newest: use tabs\nnot spaces', 'line breaks survive');
  assert.ok(back.requests[1]!.startsWith('Rewrite the parser.') && back.requests[1]!.endsWith('…') && counter.count(back.requests[1]!) < counter.count(long) / 4, 'a long request is capped');
  assert.ok(back.requests.length < requests.length, 'the oldest go when the share is full');
  assert.deepEqual(back.requests.slice(2), requests.slice(2, back.requests.length).map((r) => r.trim()));
  assert.ok(counter.count(text) <= 8192 * 0.1, 'within the summary\'s share of the window');
  assert.deepEqual(splitSummary('- a summary without requests'), { requests: [], rest: '- a summary without requests' });
});
