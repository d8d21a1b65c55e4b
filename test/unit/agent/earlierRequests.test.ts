// When whole earlier tasks are dropped, the user's own words survive verbatim in the summary message
// (newest first, each capped, within a small share; when it is full the middle goes, the first requests stay): a standing rule ("never touch src/legacy") must not
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
      const task = JSON.stringify(req.body.messages).match(/Task (\d+)/g)?.at(-1)?.slice(5) ?? '0';
      if (readsLeft-- > 0) return { text: hermes('read_file', { path: `src/f${Number(task) % 4}.ts` }) };
      return { text: `Task ${task} is done. ${'It exports constants named valueN, each twice its index. '.repeat(20)}` };
    },
  });
  try {
    const agent = new SmallCode({ baseUrl: server.baseUrl, model: 'smollm3-3b', workspace: root, replyTokens: 512 });
    // 40 tasks: past the point where the requests' share is full, the first one (the rule) must stay
    for (let task = 0; task < 40; task++) {
      readsLeft = 1;
      const result = await agent.run(task === 0 ? RULE : `Task ${task}: read src/f${task % 4}.ts and say what it exports.`);
      assert.equal(result.success, true, result.error);
    }
    assert.ok(summaries >= 5, `history was summarised more than once (${summaries})`);
    const requests = server.chatRequests.filter((r) => !isSummaryRequest(r));
    assert.ok(requests.every((r) => JSON.stringify(r.body.messages).includes(RULE)), 'the rule is in every request, before and after each summary');
    const summary = (await agent.exportConversation()).summary;
    assert.match(summary, /^The user's earlier requests, word for word \(newest first\):\n/);
    assert.ok(summary.indexOf('Task 30: read src/f2.ts') < summary.indexOf('ZEBRA-RULE'), 'newest first, the first request kept last');
    assert.doesNotMatch(summary, /Task 10: read/, 'the middle ones went to make room');
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
  assert.ok(back.requests.length < requests.length, 'some go when the share is full');
  // the first requests the user gave (standing rules live there) stay, after the newest that fit
  assert.deepEqual(back.requests.slice(-2), requests.slice(-2).map((r) => r.trim()));
  assert.deepEqual(back.requests.slice(2, -2), requests.slice(2, back.requests.length - 2).map((r) => r.trim()));
  assert.ok(counter.count(text) <= 8192 * 0.1, 'within the summary\'s share of the window');
  assert.deepEqual(splitSummary('- a summary without requests'), { requests: [], rest: '- a summary without requests' });
});

test('compacted again and again over 40 tasks, the first request stays and repeats take one place', () => {
  const counter = heuristicCounter;
  const rule = 'ZEBRA-RULE: never touch src/legacy. Set MARKER_0 in src/mod0.ts to 1.';
  const tasks = [rule, ...Array.from({ length: 39 }, (_, i) => (i % 3 === 2 ? 'continue' : `Set MARKER_${i + 1} in src/mod${i + 1}.ts to 1.`))];
  let summary = '';
  for (const window of [8192, 4096]) {
    summary = '';
    // five tasks dropped at each compaction, as agent.summarizeDropped passes them: newest first, then those carried
    for (let k = 0; k < tasks.length; k += 5) {
      const earlier = splitSummary(summary);
      summary = summaryWithRequests([...tasks.slice(k, k + 5).reverse(), ...earlier.requests], earlier.rest || '- model summary', window, counter);
      const carried = splitSummary(summary).requests;
      assert.equal(carried.at(-1), rule, `the first request after ${k + 5} tasks at ${window}`);
      assert.equal(carried.filter((r) => r === 'continue').length, 1, 'a repeated request is carried once');
    }
    const carried = splitSummary(summary).requests;
    assert.deepEqual(carried.slice(0, 3), ['continue', 'Set MARKER_38 in src/mod38.ts to 1.', 'Set MARKER_37 in src/mod37.ts to 1.'], 'the newest first; a repeat keeps its newest place');
    assert.deepEqual(carried.slice(-2), ['Set MARKER_1 in src/mod1.ts to 1.', rule], 'the first two stay');
    assert.ok(!carried.includes('Set MARKER_10 in src/mod10.ts to 1.'), 'the middle went to make room');
    assert.ok(counter.count(summary) <= window * 0.1);
  }
  // a repeat of the first request keeps the first place: it is the one that stays
  const repeated = splitSummary(summaryWithRequests(['Use tabs.', ...Array.from({ length: 60 }, (_, i) => `task ${i}: ${'do this carefully '.repeat(8)}`), 'Use tabs.'], '', 8192, counter)).requests;
  assert.deepEqual(repeated.filter((r) => r === 'Use tabs.'), ['Use tabs.']);
  assert.equal(repeated.at(-1), 'Use tabs.');
});
