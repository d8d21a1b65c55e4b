// A conversation saved and given back: the model's side continues where it was (within the budget of
// the agent it is restored into), a rewind asks again from just before a task, and an answer cut at the
// length limit says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, tempWorkspace } from './helpers';
import { startReplayServer, type ReplayServerOptions } from '../../support/replayServer';
import { SmallCode } from '../../../src/node/smallCode';
import { checkConversation, ConversationError, rewoundConversation, withTaskAsked, type AgentConversation } from '../../../src/core/agent';
import { STOPPED_TASK_NOTE } from '../../../src/core/agent/conversation';
import { isSummaryRequest } from '../../support/summaryRequest';

const sentText = (req: { body: any }) => JSON.stringify(req.body.messages);

/** What Mistral's and Gemma's chat templates answer to two user (or assistant) messages in a row. */
function alternationError(req: { body: any }): { error: { status: number; message: string } } | undefined {
  const roles = (req.body.messages as { role: string }[]).map((m) => m.role).filter((r) => r !== 'system');
  const twice = roles.some((r, i) => i > 0 && r === roles[i - 1] && r !== 'tool');
  return twice ? { error: { status: 500, message: 'Conversation roles must alternate user/assistant/user/assistant/...' } } : undefined;
}

async function withAgents(handler: ReplayServerOptions['handler'], fn: (make: (window?: number) => SmallCode, server: Awaited<ReturnType<typeof startReplayServer>>) => Promise<void>, server: Omit<ReplayServerOptions, 'handler'> = {}): Promise<void> {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const replay = await startReplayServer({ handler, ...server });
  const make = (window = 16_384) => new SmallCode({ baseUrl: replay.baseUrl, model: 'smollm3-3b', workspace: root, contextWindow: window, replyTokens: 512, retries: 0 });
  try {
    await fn(make, replay);
  } finally {
    await replay.close();
    cleanup(root);
  }
}

test('an exported conversation restored into a new agent is continued: the next request carries the earlier tasks', async () => {
  await withAgents((_req, i) => ({ text: `Answer ${i}: noted.` }), async (make, server) => {
    const first = make();
    assert.equal((await first.run('Task one: the secret word is heron.')).success, true);
    assert.equal((await first.run('Task two: and the colour is teal.')).success, true);
    const saved = JSON.parse(JSON.stringify(await first.exportConversation())) as AgentConversation;
    assert.equal(saved.tasks.length, 2);
    assert.deepEqual(saved.tasks.map((t) => saved.messages[t]!.content), ['Task one: the secret word is heron.', 'Task two: and the colour is teal.']);

    const second = make();
    await second.restore(saved);
    await second.run('Task three: what were the word and the colour?');
    const last = sentText(server.chatRequests.at(-1)!);
    for (const text of ['Task one: the secret word is heron.', 'Answer 0: noted.', 'Task two: and the colour is teal.', 'Answer 1: noted.', 'Task three']) assert.ok(last.includes(text), `the request carries "${text}"`);
    assert.ok(last.indexOf('heron') < last.indexOf('teal') && last.indexOf('teal') < last.indexOf('Task three'), 'in the order they were said');
    assert.equal((await second.exportConversation()).tasks.length, 3);
  });
});

test('a restored conversation is sent as it was: the first request after it repeats the last one before it, byte for byte', async () => {
  const read = (path: string) => `<tool_call>\n${JSON.stringify({ name: 'read_file', arguments: { path } })}\n</tool_call>`;
  await withAgents((_req, i) => (i === 0 ? { text: read('a.txt') } : { text: `Answer ${i}.` }), async (make, server) => {
    const first = make();
    await first.run('Read a.txt and tell me what it says.');
    await first.run('And again, briefly.');
    const saved = JSON.parse(JSON.stringify(await first.exportConversation())) as AgentConversation;
    const before = server.chatRequests.at(-1)!.body.messages;
    const second = make();
    await second.restore(saved);
    await second.run('One more task.');
    const after = server.chatRequests.at(-1)!.body.messages;
    assert.deepEqual(after.slice(0, before.length), before, 'the server can reuse its cached prefix');
  });
});

test('a conversation restored into a smaller window goes through the budget: nothing sent overflows the server', async () => {
  // varied sentences: one sentence written 30 times over is a loop, which the agent stops (loopingText)
  const long = Array.from({ length: 30 }, (_, i) => `Part ${i} of the module exports value${i} constants, each twice its index. `).join('');
  let saved: AgentConversation | undefined;
  await withAgents(() => ({ text: `Done. ${long}` }), async (make) => {
    const big = make(32_768);
    for (let i = 0; i < 6; i++) assert.equal((await big.run(`Task ${i}: describe module ${i}. ${long}`)).success, true);
    saved = await big.exportConversation();
  });
  // the same conversation, continued on a server loaded with a 4k window
  await withAgents((req) => (isSummaryRequest(req) ? { text: '- Earlier tasks asked about the modules; each exports doubled constants.' } : { text: 'The last one is alike.' }), async (make, server) => {
    const small = make(4096);
    await small.restore(saved!);
    const result = await small.run('Task 6: and the last one?');
    assert.equal(result.success, true, result.error);
    assert.ok(server.chatRequests.every((r) => r.status === 200), 'every request fit the 4k server');
    assert.ok(server.chatRequests.some(isSummaryRequest), 'what no longer fits is summarised');
    assert.ok(sentText(server.chatRequests.at(-1)!).includes('Earlier tasks asked about the modules'), 'the summary is sent in place of what was dropped');
  }, { contextLimit: 4096, emulate: 'llamacpp' });
});

test('rewind forgets a task and those after it: asked again, the model sees the conversation from before it', async () => {
  await withAgents((_req, i) => ({ text: `Reply ${i}.` }), async (make, server) => {
    const agent = make();
    await agent.run('First: keep this.');
    await agent.run('Second: drop this.');
    await agent.run('Third: drop this too.');
    await agent.rewind(1);
    assert.equal((await agent.exportConversation()).tasks.length, 1);
    await agent.run('Second, asked again.');
    const last = sentText(server.chatRequests.at(-1)!);
    assert.ok(last.includes('First: keep this.') && last.includes('Reply 0.'));
    assert.ok(!last.includes('drop this') && !last.includes('Reply 1.') && !last.includes('Reply 2.'), 'the rewound tasks are gone');
    await assert.rejects(agent.rewind(-1), RangeError);
    await agent.rewind(5); // past the end: nothing to forget
    assert.equal((await agent.exportConversation()).tasks.length, 2);
  });
});

test('an export is a copy: changing it changes nothing in the agent', async () => {
  await withAgents(() => ({ text: 'Fine.' }), async (make, server) => {
    const agent = make();
    await agent.run('Remember the number 41.');
    const saved = await agent.exportConversation();
    (saved.messages[0] as { content: string }).content = 'tampered';
    await agent.run('Which number?');
    const last = sentText(server.chatRequests.at(-1)!);
    assert.ok(last.includes('Remember the number 41.') && !last.includes('tampered'));
  });
});

test('an answer cut at the length limit says how many tokens it reached', async () => {
  await withAgents((_req, i) => (i === 0 ? { text: 'The first half of a long answer', finishReason: 'length', usage: { prompt_tokens: 100, completion_tokens: 512 } } : { text: 'and the rest.' }), async (make) => {
    const agent = make();
    const cut = await agent.run('Explain everything.');
    assert.equal(cut.success, true);
    assert.deepEqual(cut.cut, { tokens: 512 });
    const whole = await agent.run('Continue.');
    assert.equal(whole.cut, undefined);
  });
});

test('restore refuses data that is not a conversation, and says why', () => {
  const ok: AgentConversation = { version: 1, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }], summary: '', tasks: [0] };
  assert.deepEqual(checkConversation(ok), ok);
  assert.throws(() => checkConversation(null), ConversationError);
  assert.throws(() => checkConversation({ ...ok, version: 2 }), /version 2/);
  assert.throws(() => checkConversation({ ...ok, messages: [{ role: 'robot', content: 'x' }] }), /Message 1/);
  assert.throws(() => checkConversation({ ...ok, tasks: [1] }), /task list/);
  assert.throws(() => checkConversation({ ...ok, summary: 3 }), /summary/);
  assert.deepEqual(checkConversation({ ...ok, tasks: [-1, 0] }).tasks, [-1, 0], 'a task a compaction dropped is kept in the count');
  assert.deepEqual(checkConversation({ ...ok, repoMap: 'src/a.ts', pinned: '' }), { ...ok, repoMap: 'src/a.ts', pinned: '' }, 'the prompt context is kept');
  assert.throws(() => checkConversation({ ...ok, repoMap: 3 }), /repoMap must be text/);
  assert.throws(() => checkConversation({ ...ok, pinned: null }), /pinned must be text/);
  assert.equal(rewoundConversation({ ...ok, repoMap: 'src/a.ts' }, 0).repoMap, undefined, 'asked again from the start, the first task gets a map of its own');
  assert.equal(rewoundConversation({ ...ok, repoMap: 'src/a.ts' }, 1).repoMap, 'src/a.ts');
});

test('a reset during a run (New chat) keeps the run\'s task out of the new conversation; a run reports the task it added', async () => {
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => { arrived = resolve; });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  await withAgents(async (_req, i) => {
    if (i === 1) { arrived(); await gate; }
    return { text: `Reply ${i}.` };
  }, async (make, server) => {
    const agent = make();
    assert.equal((await agent.run('Old task zero.')).task, 0);
    const running = agent.run('Old task: the password is heron.');
    await reached;
    await agent.reset();
    release();
    const old = await running;
    assert.equal(old.task, undefined, 'the run added nothing');
    assert.deepEqual((await agent.exportConversation()).tasks, []);
    assert.equal((await agent.run('New chat, first task.')).task, 0);
    const last = sentText(server.chatRequests.at(-1)!);
    assert.ok(!last.includes('heron') && !last.includes('Old task'), 'the new chat\'s model does not see the old task');
  });
});

test('rewind after a compaction: a task whose message was dropped (-1) rewinds to the summary alone', async () => {
  await withAgents((_req, i) => ({ text: `Reply ${i}.` }), async (make, server) => {
    const agent = make();
    await agent.restore({
      version: 1, summary: 'Earlier the user asked about herons.', tasks: [-1, 1],
      messages: [{ role: 'assistant', content: 'Herons are birds.' }, { role: 'user', content: 'Second: and storks?' }, { role: 'assistant', content: 'Storks too.' }],
    });
    await agent.rewind(1);
    assert.deepEqual(await agent.exportConversation(), { version: 1, summary: 'Earlier the user asked about herons.', tasks: [-1], messages: [{ role: 'assistant', content: 'Herons are birds.' }] });
    await agent.rewind(0);
    assert.deepEqual(await agent.exportConversation(), { version: 1, summary: 'Earlier the user asked about herons.', tasks: [], messages: [] });
    assert.equal((await agent.run('Asked again from the start.')).task, 0);
    const last = sentText(server.chatRequests.at(-1)!);
    assert.ok(last.includes('herons') && !last.includes('Storks'), 'the summary stays, the rewound task is gone');
  });
});

test('a restored summary too big for the window is cut to fit, not dropped whole', async () => {
  const summary = `- The user's favourite bird is the heron. ${'- They also talked at length about wetlands and their many reeds. '.repeat(400)}`;
  await withAgents(() => ({ text: 'Noted.' }), async (make, server) => {
    const agent = make(4096);
    await agent.restore({ version: 1, summary, messages: [], tasks: [-1] });
    const result = await agent.run('Which bird did I like?');
    assert.equal(result.success, true, result.error);
    const sent = sentText(server.chatRequests.at(-1)!);
    assert.ok(sent.includes('favourite bird is the heron'), 'the summary\'s beginning reaches the model');
    assert.ok(sent.length < summary.length, 'cut to the window');
  }, { contextLimit: 4096, emulate: 'llamacpp' });
});

test('a task asked and not answered (the window died mid-run) is given back as a stopped run leaves it: "Go on" reaches the model with the task, in alternating turns', async () => {
  await withAgents((req, i) => alternationError(req) ?? { text: `Reply ${i}.` }, async (make, server) => {
    const first = make();
    await first.run('Task one: the word is heron.');
    const before = await first.exportConversation();
    // the same task really stopped before the model's first reply
    const stopped = new AbortController();
    stopped.abort();
    assert.equal((await first.run('Task two: refactor the login flow.', { signal: stopped.signal })).stopReason, 'cancelled');
    const { messages, tasks } = await first.exportConversation();
    const asked = withTaskAsked(before, 'Task two: refactor the login flow.');
    assert.deepEqual({ messages: asked.messages, tasks: asked.tasks }, { messages, tasks }, 'the shape a stopped run leaves');

    for (const [saved, said] of [
      [asked, ['Task one: the word is heron.', 'Reply 0.', 'Task two: refactor the login flow.']],
      [withTaskAsked(undefined, 'Only task: rename the module.'), ['Only task: rename the module.']],
      // two windows died in a row on the same conversation
      [withTaskAsked(asked, 'Task three: and test it.'), ['Task two: refactor the login flow.', 'Task three: and test it.']],
    ] as const) {
      const next = make();
      await next.restore(JSON.parse(JSON.stringify(saved)) as AgentConversation);
      const result = await next.run('Go on.');
      assert.equal(result.success, true, result.error);
      const last = server.chatRequests.at(-1)!;
      assert.equal(alternationError(last), undefined, 'no two user messages in a row');
      const users = (last.body.messages as { role: string; content: string }[]).filter((m) => m.role === 'user');
      assert.ok(users.at(-1)!.content.endsWith('Go on.'), 'Go on closes the last user turn');
      for (const text of said) assert.equal(sentText(last).split(text).length - 1, 1, `the request carries "${text}" once`);
      assert.equal((await next.exportConversation()).tasks.length, saved.tasks.length + 1);
    }
  });
});

test('a conversation exported while a run goes on holds the task and what the run did so far, its calls answered: a crash mid-run loses at most the call in flight', async () => {
  const read = (path: string) => `<tool_call>\n${JSON.stringify({ name: 'read_file', arguments: { path } })}\n</tool_call>`;
  let first!: SmallCode;
  const mid: Promise<AgentConversation>[] = [];
  await withAgents((_req, i) => {
    mid.push(first.exportConversation()); // the request i is asked: the run's messages so far are in
    return i === 1 ? { text: read('a.txt') } : { text: 'It says A.' };
  }, async (make) => {
    first = make();
    await first.run('Task one: just answer.');
    mid.length = 0;
    await first.run('Read a.txt and tell me what it says.');
    const [asking, afterRead] = await Promise.all(mid.map(async (c) => JSON.parse(JSON.stringify(await c)) as AgentConversation));
    assert.equal(asking!.tasks.length, 2, 'the running task is a task of the export');
    assert.equal(asking!.messages[asking!.tasks[1]!]!.content, 'Read a.txt and tell me what it says.');
    assert.deepEqual(asking!.messages.slice(asking!.tasks[1]! + 1), [{ role: 'user', content: STOPPED_TASK_NOTE }], 'nothing of the run yet: the task reads as not finished');
    const run = afterRead!.messages.slice(afterRead!.tasks[1]! + 1);
    assert.deepEqual(run.map((m) => m.role), ['assistant', 'tool', 'user'], 'the call and its result, then the stopped-task note');
    assert.equal(run[2]!.content, STOPPED_TASK_NOTE);
    assert.match(String(run[1]!.content), /A/);
    checkConversation(afterRead!);

    // restored after a "crash", the next task is sent after what the run did
    const second = make();
    await second.restore(afterRead!);
    assert.equal((await second.exportConversation()).tasks.length, 2);
    const done = await first.exportConversation();
    assert.equal(done.tasks.length, 2, 'the run\'s end keeps one task for it');
  });
});
