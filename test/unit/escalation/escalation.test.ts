// Escalation against a second replay server standing in for the stronger endpoint: offered only when
// the governor gives up, with what would be sent; declined, nothing goes out; accepted, the next
// requests go to the stronger endpoint (marked in the trace) and the cap per session holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { cleanup, hermes, runSession, tempWorkspace } from '../agent/helpers';
import { SmallCode } from '../../../src/node/smallCode';
import type { EscalationOffer } from '../../../src/core/agent';
import { TraceRecorder } from '../../../src/core/trace';

const SRC = 'function total(items) {\n  return items.reduce((s, i) => s + i.price, 0);\n}\nmodule.exports = { total };\n';
// The local model alternates two calls forever: the governor stops it.
const looping = (_req: unknown, i: number) => ({ text: i % 2 ? hermes('search', { pattern: 'total' }) : hermes('read_file', { path: 'cart.js' }) });

test('declined: nothing is sent to the stronger endpoint and the run stops as before', async () => {
  const strong = await startReplayServer({ script: [{ text: 'never' }] });
  const offers: EscalationOffer[] = [];
  const s = await runSession('Find where total is defined.', looping, {
    files: { 'cart.js': SRC },
    escalation: { baseUrl: strong.baseUrl, model: 'big-cloud-model', confirm: async (o) => { offers.push(o); return false; } },
  });
  try {
    assert.equal(s.result.stopReason, 'governor');
    assert.equal(offers.length, 1);
    assert.equal(offers[0]!.model, 'big-cloud-model');
    assert.deepEqual(offers[0]!.files, ['cart.js']);
    assert.ok(offers[0]!.promptTokens > 100, `${offers[0]!.promptTokens} tokens`);
    assert.equal(strong.chatRequests.length, 0);
  } finally {
    await strong.close();
    cleanup(s.root);
  }
});

test('accepted: the stronger endpoint gets the conversation and finishes the step; the trace marks its turns; the cap holds', async () => {
  const strong = await startReplayServer({ handler: (req) => ({ text: JSON.stringify(req.body.messages).includes('A stronger model takes over') ? '`total` is defined in cart.js line 1.' : 'lost' }) });
  const offers: EscalationOffer[] = [];
  let trace: TraceRecorder | undefined;
  const s = await runSession('Find where total is defined.', looping, {
    files: { 'cart.js': SRC },
    escalation: { baseUrl: strong.baseUrl, model: 'big-cloud-model', maxPerSession: 1, confirm: async (o) => { offers.push(o); return true; } },
    onAgent: (agent) => { trace = new TraceRecorder({ id: 't1', task: 'Find where total is defined.', model: 'smollm3-3b' }); trace.attach(agent); },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(s.result.response, '`total` is defined in cart.js line 1.');
    assert.equal(strong.chatRequests.length, 1);
    const sent = JSON.stringify(strong.chatRequests[0]!.body.messages);
    assert.match(sent, /Find where total is defined\./, 'the conversation goes along');
    assert.equal(strong.chatRequests[0]!.body.model, 'big-cloud-model');
    assert.deepEqual(offers.map((o) => o.remaining), [0]);
    const turns = trace!.toJSON().turns;
    assert.deepEqual(turns.filter((t) => t.request?.escalated).map((t) => t.request!.escalated!.model), ['big-cloud-model']);
    assert.equal(turns.at(-1)!.request?.escalated?.endpoint, strong.baseUrl);
    assert.ok(s.events.some((e) => e.type === 'escalation' && e.accepted));
  } finally {
    await strong.close();
    cleanup(s.root);
  }
});

test('a confirm answer that is not a clear yes sends nothing ("no", an object, a throw)', async () => {
  for (const answer of [() => 'no', () => ({ accepted: true }), () => { throw new Error('dialog failed'); }]) {
    const strong = await startReplayServer({ script: [{ text: 'never' }] });
    const s = await runSession('Find where total is defined.', looping, {
      files: { 'cart.js': SRC },
      escalation: { baseUrl: strong.baseUrl, model: 'big-cloud-model', confirm: answer as never },
    });
    try {
      assert.equal(s.result.stopReason, 'governor', String(answer));
      assert.equal(strong.chatRequests.length, 0, `${String(answer)}: nothing went to the stronger endpoint`);
    } finally {
      await strong.close();
      cleanup(s.root);
    }
  }
});

test('what the stronger endpoint counts does not calibrate the local model\'s token counter', async () => {
  // another tokenizer, and a server that counts very differently: learnt from, it would skew every budget after
  const strong = await startReplayServer({
    handler: (_req, i) => (i === 0
      ? { text: hermes('read_file', { path: 'cart.js' }), usage: { prompt_tokens: 60_000, completion_tokens: 20 } }
      : { text: '`total` is defined in cart.js line 1.', usage: { prompt_tokens: 60_000, completion_tokens: 20 } }),
  });
  const s = await runSession('Find where total is defined.', looping, {
    files: { 'cart.js': SRC },
    escalation: { baseUrl: strong.baseUrl, model: 'big-cloud-model', confirm: async () => true },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(strong.chatRequests.length, 2);
    const counters = s.events.flatMap((e) => (e.type === 'budget-updated' ? [e.report.counter] : []));
    assert.ok(counters.length > 2);
    for (const c of counters) assert.doesNotMatch(c, /calibrated/);
  } finally {
    await strong.close();
    cleanup(s.root);
  }
});

test('an accepted escalation covers its step only: the next task, a new chat, a restored or rewound conversation go to the local model', async () => {
  // the stronger model finishes in 1 of its 4 requests; nothing after that step may reach it unasked
  const local = await startReplayServer({ handler: (req, i) => (JSON.stringify(req.body.messages).includes('Next task') ? { text: 'local answer' } : looping(req, i)) });
  const strong = await startReplayServer({ handler: () => ({ text: '`total` is defined in cart.js line 1.' }) });
  const root = tempWorkspace({ 'cart.js': SRC });
  let offers = 0;
  const agent = new SmallCode({
    baseUrl: local.baseUrl, workspace: root, contextWindow: 16_384, model: 'smollm3-3b', retries: 0, backoffMs: 5,
    escalation: { baseUrl: strong.baseUrl, model: 'big-cloud-model', confirm: async () => { offers++; return true; } },
  });
  try {
    assert.equal((await agent.run('Find where total is defined.')).response, '`total` is defined in cart.js line 1.');
    assert.equal(strong.chatRequests.length, 1);
    const saved = await agent.exportConversation();
    const next = async (before: () => Promise<void>) => {
      await before();
      const r = await agent.run('Next task: what does cart.js export?');
      assert.equal(r.response, 'local answer');
    };
    await next(async () => {});
    await next(() => agent.reset());
    await next(() => agent.restore(saved));
    await next(() => agent.rewind(0));
    assert.equal(strong.chatRequests.length, 1, 'nothing more went to the stronger endpoint');
    assert.equal(offers, 1);
  } finally {
    await agent.close();
    await local.close();
    await strong.close();
    cleanup(root);
  }
});

test("an earlier task's file goes with the escalated request: the offer lists it, and its secret is redacted on the way out", async () => {
  // task 1 reads a config holding a password; task 2 loops until the governor offers the stronger endpoint
  const CONFIG = 'export const dbUrl = "postgres://admin:hunter2-prod-pw@db.internal:5432/app";\n';
  const local = await startReplayServer({
    handler: (_req, i) => {
      if (i === 0) return { text: hermes('read_file', { path: 'config.ts' }) };
      if (i === 1) return { text: 'The database URL is in config.ts.' };
      return { text: hermes('search', { pattern: 'function b' }) };
    },
  });
  const strong = await startReplayServer({ handler: () => ({ text: 'Added b to a.ts.' }) });
  const root = tempWorkspace({ 'config.ts': CONFIG, 'a.ts': 'export const a = 1;\n' });
  const offers: EscalationOffer[] = [];
  const agent = new SmallCode({
    baseUrl: local.baseUrl, workspace: root, contextWindow: 16_384, model: 'smollm3-3b', retries: 0, backoffMs: 5,
    escalation: { baseUrl: strong.baseUrl, model: 'big-cloud-model', confirm: async (o) => { offers.push(o); return true; } },
  });
  try {
    assert.equal((await agent.run('Where is the database configured?')).response, 'The database URL is in config.ts.');
    assert.equal((await agent.run('Add a function b to a.ts.')).response, 'Added b to a.ts.');
    assert.equal(offers.length, 1);
    assert.deepEqual(offers[0]!.files, ['config.ts'], 'the file task 1 read is in the conversation sent');
    assert.equal(offers[0]!.searchResults, true);
    assert.ok(JSON.stringify(local.chatRequests.at(-1)!.body.messages).includes('hunter2-prod-pw'), 'the local model keeps the real text');
    assert.equal(strong.chatRequests.length, 1);
    const sent = JSON.stringify(strong.chatRequests[0]!.body.messages);
    assert.match(sent, /postgres:\/\/admin:\[REDACTED\]@db\.internal/, 'the file goes, its password hidden');
    assert.doesNotMatch(sent, /hunter2-prod-pw/);
  } finally {
    await agent.close();
    await local.close();
    await strong.close();
    cleanup(root);
  }
});
