// Prompt-cache reuse as the server reports it, per request in the trace and in /tokens' words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, runSession } from '../agent/helpers';
import { describeTokenUsage, TraceRecorder } from '../../../src/core/trace';

test('cached tokens reported by llama.cpp are kept per request in the trace and summed for /tokens', async () => {
  const recorder = new TraceRecorder({ id: 'run1', task: 'Read a.ts', model: 'qwen2.5-coder-7b-instruct' });
  const s = await runSession('Read a.ts and say what it exports.', [
    { text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'a.ts' } }] },
    { text: 'It exports a.' },
  ], {
    files: { 'a.ts': 'export const a = 1;\n' }, model: 'qwen2.5-coder-7b-instruct', serverKind: 'llamacpp',
    server: { emulate: 'llamacpp', promptCache: true },
    onAgent: (agent) => { recorder.attach(agent); },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const sent = s.server.chatRequests;
    assert.ok(sent.every((r) => r.body.cache_prompt === true));
    const trace = recorder.toJSON();
    assert.deepEqual(trace.turns.map((t) => t.reply?.usage?.cachedTokens), sent.map((r) => r.cachedTokens));
    assert.equal(trace.turns[0]!.reply!.usage!.cachedTokens, 0);
    assert.ok(sent[1]!.cachedTokens! > 0.8 * sent[1]!.promptTokens!, 'the second request reuses the first one whole');
    assert.equal(trace.totals.cachedTokens, sent[1]!.cachedTokens);
    assert.deepEqual(recorder.summaries().map((x) => x.cachedTokens), sent.map((r) => r.cachedTokens));
    assert.equal(s.result.usage.cachedTokens, sent[1]!.cachedTokens);
    assert.match(recorder.detail(2)!.find((x) => x.title === 'Reply')!.text, new RegExp(`\\(${sent[1]!.cachedTokens} from the prompt cache\\)`));
    const words = describeTokenUsage(s.result.usage);
    assert.match(words, /^Last task: 2 requests, [\d,]+ prompt and \d+ reply tokens \(as the server reported them\)\. Prompt cache: [\d,]+ of the prompt tokens reused \(\d+ %\), [\d,]+ processed\.$/);
  } finally {
    cleanup(s.root);
  }
});

test('/tokens says so when the server does not report its cache', () => {
  assert.match(describeTokenUsage({ requests: 1, promptTokens: 1200, completionTokens: 30 }), /The server did not report prompt-cache reuse\.$/);
  assert.match(describeTokenUsage({ requests: 3, promptTokens: 4000, completionTokens: 90, cachedTokens: 3000 }), /Prompt cache: 3,000 of the prompt tokens reused \(75 %\), 1,000 processed\./);
});

test('a compaction is noted on the turn it happened, where the prompt cache restarts', () => {
  const recorder = new TraceRecorder({ id: 'run2', task: 'T', model: 'm', now: () => 0 });
  const report = { window: 8192, used: 5000, free: 3000, sections: [], counter: 'estimate', evictedResults: 3, truncatedResults: 0, droppedMessages: 4 };
  recorder.handle({ type: 'turn-start', turn: 1 });
  recorder.handle({ type: 'budget-updated', report: { ...report, compacted: false } });
  recorder.handle({ type: 'turn-start', turn: 2 });
  recorder.handle({ type: 'budget-updated', report: { ...report, compacted: true } });
  assert.deepEqual(recorder.toJSON().turns.map((t) => t.notes), [[], ['Compacted the conversation: 3 old tool results removed, 0 cut, 4 old messages dropped.']]);
});
