// The headless API end to end: the window detected from the server, a run that stays inside a small
// context limit enforced by the server, and a second task that continues the conversation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, runSession, tempWorkspace } from './helpers';
import { startReplayServer } from '../../support/replayServer';
import { SmallCode } from '../../../src/node/smallCode';
import { isSummaryRequest } from '../../support/summaryRequest';

const FILE = Array.from({ length: 150 }, (_, i) => `export const value${i} = ${i} * 2; // a line long enough to cost tokens in the prompt`).join('\n') + '\n';

test('the window comes from the server; a long session never overflows a 4k server limit', async () => {
  const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`src/f${i}.ts`, FILE]));
  const s = await runSession('Read every file and summarise.', (_req, i) => (i < 6 ? { text: hermes('read_file', { path: `src/f${i}.ts` }) } : { text: 'They all export doubled constants.' }), {
    files, contextWindow: undefined, replyTokens: 512,
    server: { contextLimit: 4096, emulate: 'llamacpp' },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const windows = s.events.filter((e) => e.type === 'budget-updated').map((e) => (e as any).report.window);
    assert.equal(windows[0], 4096);
    assert.ok(s.events.some((e) => e.type === 'warning' && e.source === 'context-window'), 'a 4k window gets the fix');
    assert.ok(s.server.chatRequests.every((r) => r.status === 200), 'no request was refused as too long');
    assert.equal(s.server.chatRequests.length, 7);
    assert.ok(Math.max(...s.server.chatRequests.map((r) => r.promptTokens ?? 0)) > 2500, 'the session did fill the window');
  } finally {
    cleanup(s.root);
  }
});

test('a second task on the same agent sees the first one', async () => {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const server = await startReplayServer({
    handler: (req, i) => ({ text: i === 0 ? 'Hi there, the first task is complete.' : `Remembered: ${JSON.stringify(req.body.messages).includes('First task: say hi.') ? 'yes' : 'no'}.` }),
  });
  try {
    const agent = new SmallCode({ baseUrl: server.baseUrl, model: 'smollm3-3b', workspace: root, contextWindow: 16_384 });
    assert.equal((await agent.run('First task: say hi.')).success, true);
    const second = await agent.run('Second task: do you remember?');
    assert.equal(second.response, 'Remembered: yes.');
  } finally {
    await server.close();
    cleanup(root);
  }
});

test('when earlier tasks no longer fit, the model summarises them and the summary is sent in their place', async () => {
  const root = tempWorkspace(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`src/f${i}.ts`, FILE])));
  let readsLeft = 0;
  const server = await startReplayServer({
    contextLimit: 4096, emulate: 'llamacpp', promptCache: true,
    handler: (req) => {
      if (isSummaryRequest(req)) return { text: '- The user asked to read src/f0.ts: it exports doubled constants.' };
      const task = JSON.stringify(req.body.messages).match(/Task (\d)/g)?.at(-1)?.slice(5) ?? '0';
      if (readsLeft-- > 0) return { text: hermes('read_file', { path: `src/f${Number(task) % 4}.ts` }) };
      // A long answer each time, so that the conversation soon outgrows the window.
      return { text: `Task ${task} is done. ${'It exports constants named valueN, each twice its index. '.repeat(20)}` };
    },
  });
  try {
    const agent = new SmallCode({ baseUrl: server.baseUrl, model: 'smollm3-3b', workspace: root, replyTokens: 512 });
    for (let task = 0; task < 10; task++) {
      readsLeft = 1;
      const result = await agent.run(`Task ${task}: read src/f${task % 4}.ts and say what it exports.`);
      assert.equal(result.success, true, result.error);
    }
    const summaries = server.chatRequests.filter(isSummaryRequest);
    assert.ok(summaries.length >= 1, 'history had to shrink, so a summary was asked for');
    const after = server.chatRequests.slice(server.chatRequests.indexOf(summaries[0]!) + 1).filter((r) => !isSummaryRequest(r));
    assert.ok(after.length > 0 && after.every((r) => JSON.stringify(r.body.messages).includes('The user asked to read src/f0.ts')), 'the summary replaces what was dropped');
    assert.ok(server.chatRequests.every((r) => r.status === 200), 'no request was refused as too long');
    // asked within the conversation's own prefix: the server's one cache slot reuses it, and still holds the
    // system prompt for the request after
    const system = server.chatRequests[0]!.body.messages[0];
    const systemTokens = await server.countPromptTokens({ messages: [system] });
    for (const summary of summaries) {
      const i = server.chatRequests.indexOf(summary);
      assert.deepEqual(summary.body.messages[0], system, 'the conversation\'s system message opens it');
      assert.ok(summary.cachedTokens! >= summary.promptTokens! * 0.8, `summary request ${i}: reused ${summary.cachedTokens} of ${summary.promptTokens}`);
      const next = server.chatRequests[i + 1]!;
      assert.ok(next.cachedTokens! >= systemTokens - 8, `the request after it reused ${next.cachedTokens} (system prompt ${systemTokens})`);
    }
  } finally {
    await server.close();
    cleanup(root);
  }
});

// a thinking model at the summary's token limit: inline reasoning never closed; or the server splits reasoning out
for (const [kind, summaryReply] of [
  ['inline, cut', { text: '<think>The user asked me several times, let me list' }],
  ['split out by the server', { text: '', reasoning: 'Let me list the tasks, let me list them one by one' }],
] as const) {
  test(`a summary that comes back as reasoning only (${kind}) is not sent as one: the dropped turns stay, marked and shortened, and the trace is warned`, async () => {
    const root = tempWorkspace({ 'src/f0.ts': FILE });
    let readsLeft = 0;
    const server = await startReplayServer({
      contextLimit: 4096, emulate: 'llamacpp',
      handler: (req) => {
        if (isSummaryRequest(req)) return summaryReply;
        const task = JSON.stringify(req.body.messages).match(/Task (\d)/g)?.at(-1)?.slice(5) ?? '0';
        if (readsLeft-- > 0) return { text: hermes('read_file', { path: 'src/f0.ts' }) };
        return { text: `Task ${task} is done. ${'It exports constants named valueN, each twice its index. '.repeat(20)}` };
      },
    });
    try {
      const agent = new SmallCode({ baseUrl: server.baseUrl, model: 'smollm3-3b', workspace: root, replyTokens: 512 });
      const warnings: string[] = [];
      agent.onAny((e) => { if (e.type === 'warning') warnings.push(e.message); });
      for (let task = 0; task < 10; task++) {
        readsLeft = 1;
        assert.equal((await agent.run(`Task ${task}: say what src/f0.ts exports.`)).success, true);
      }
      const first = server.chatRequests.findIndex(isSummaryRequest);
      assert.ok(first >= 0, 'history had to shrink');
      const after = server.chatRequests.slice(first + 1).filter((r) => !isSummaryRequest(r)).map((r) => JSON.stringify(r.body.messages));
      assert.ok(after.length > 0 && after.every((m) => m.includes('Not summarised; the dropped messages, shortened') && m.includes('Task 0: say what src/f0.ts exports.')));
      assert.ok(after.every((m) => !m.includes('let me list')), 'no reasoning passed off as a summary');
      assert.ok(warnings.some((w) => /summary of the dropped messages was empty/.test(w)));
    } finally {
      await server.close();
      cleanup(root);
    }
  });
}

test('Stop while the summary of dropped tasks is being written: the conversation keeps those tasks, and the next compaction summarises them', async () => {
  const root = tempWorkspace({ 'src/f0.ts': FILE });
  const stop = new AbortController();
  let summaries = 0;
  let readsLeft = 0;
  const server = await startReplayServer({
    contextLimit: 4096, emulate: 'llamacpp',
    handler: (req) => {
      if (isSummaryRequest(req)) {
        if (summaries++ === 0) {
          stop.abort(); // the user presses Stop while the summary streams
          return { endless: { text: '- Task 0 read src/f0.ts\n', delayMs: 20 } };
        }
        return { text: `- Summary of: ${JSON.stringify(req.body.messages).match(/Task \d: say/g)?.join(', ')}` };
      }
      const task = JSON.stringify(req.body.messages).match(/Task (\d)/g)?.at(-1)?.slice(5) ?? '0';
      if (readsLeft-- > 0) return { text: hermes('read_file', { path: 'src/f0.ts' }) };
      return { text: `Task ${task} is done. ${'It exports constants named valueN, each twice its index. '.repeat(20)}` };
    },
  });
  try {
    const agent = new SmallCode({ baseUrl: server.baseUrl, model: 'smollm3-3b', workspace: root, replyTokens: 512 });
    let cancelledAt = -1;
    for (let task = 0; task < 10 && cancelledAt < 0; task++) {
      readsLeft = 1;
      const result = await agent.run(`Task ${task}: say what src/f0.ts exports.`, { signal: stop.signal });
      if (result.stopReason === 'cancelled') cancelledAt = task;
      else assert.equal(result.success, true, result.error);
    }
    assert.ok(cancelledAt > 0, 'a compaction was needed and stopped');
    const kept = await agent.exportConversation();
    assert.equal(kept.summary, '');
    assert.ok(kept.tasks.every((i) => i >= 0), `no task dropped without a summary: ${JSON.stringify(kept.tasks)}`);
    assert.match(JSON.stringify(kept.messages), /Task 0: say what src\/f0\.ts exports\./);
    readsLeft = 1;
    assert.equal((await agent.run(`Task ${cancelledAt + 1}: say what src/f0.ts exports.`)).success, true);
    assert.match((await agent.exportConversation()).summary, /Summary of: Task 0: say/);
  } finally {
    await server.close();
    cleanup(root);
  }
});
