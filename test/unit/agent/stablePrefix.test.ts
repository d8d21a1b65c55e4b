// The prompt as a prefix cache sees it: the system prompt never changes within a conversation; plan and
// memory arrive as notes at the tail; a message once sent is sent again byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, runSession, tempWorkspace } from './helpers';
import { startReplayServer, type RecordedRequest } from '../../support/replayServer';
import { SmallCode } from '../../../src/node/smallCode';
import { Agent } from '../../../src/core/agent';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { InMemoryStore, WorkingMemory, type NoteBackend } from '../../../src/core/memory';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { CallbackApproval } from '../../../src/node/approval';
import { CallbackEditReview } from '../../../src/node/editReview';

const messagesOf = (r: RecordedRequest) => r.body.messages.map((m: unknown) => JSON.stringify(m)) as string[];

/** Request i+1 starts with every message of request i but the last (a user message the next one may extend). */
function appendsTo(previous: RecordedRequest, next: RecordedRequest): boolean {
  const a = messagesOf(previous);
  const b = messagesOf(next);
  return a.slice(0, -1).every((m, i) => m === b[i]) && JSON.parse(b[a.length - 1]!).content.startsWith(JSON.parse(a.at(-1)!).content);
}

test('plan and memory travel at the tail; the system prompt and every sent message stay as they were', async () => {
  const todo = (a: string, b: string) => hermes('todo', { steps: [{ text: 'Write a', state: a }, { text: 'Write b', state: b }] });
  const s = await runSession('Create a.txt and b.txt.', [
    { text: todo('doing', 'pending') },
    { text: hermes('write_file', { path: 'a.txt', content: 'A' }) },
    { text: hermes('memory_remember', { key: 'style', value: 'Files hold one capital letter.' }) },
    { text: todo('done', 'doing') },
    { text: hermes('write_file', { path: 'b.txt', content: 'B' }) },
    // a step put in between keeps the others' numbers: the plan is not what the model wrote
    { text: hermes('todo', { steps: [{ text: 'Write a', state: 'done' }, { text: 'Check both', state: 'done' }, { text: 'Write b', state: 'done' }] }) },
    { text: 'Both files exist.' },
  ]);
  try {
    assert.equal(s.result.success, true, s.result.error);
    const requests = s.server.chatRequests;
    assert.equal(new Set(requests.map((r) => JSON.stringify(r.body.messages[0]))).size, 1, 'one system prompt for the whole conversation');
    assert.doesNotMatch(requests[0]!.body.messages[0].content, /Plan|memory_remember\)|Notes in/);
    for (let i = 1; i < requests.length; i++) assert.ok(appendsTo(requests[i - 1]!, requests[i]!), `request ${i} extends request ${i - 1}`);
    const tail = (i: number) => String(requests[i]!.body.messages.at(-1).content);
    assert.doesNotMatch(tail(1), /Plan \d/, 'the plan the model has just written is not repeated');
    assert.doesNotMatch(tail(2), /Plan/);
    assert.doesNotMatch(tail(3), /Working memory|Notes in working memory/, 'a note the model saved itself is not repeated');
    assert.doesNotMatch(tail(4), /Plan \d/);
    assert.match(tail(6), /Plan 3\/3:\n\[x\] 1 Write a\n\[x\] 3 Check both\n\[x\] 2 Write b$/, 'told where the plan differs from the call');
  } finally {
    cleanup(s.root);
  }
});

test('a new conversation starts with the saved notes after the task, not in the system prompt', async () => {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const server = await startReplayServer({
    handler: (_req, i) => (i === 0 ? { text: hermes('memory_remember', { key: 'style', value: 'Files hold one capital letter.' }) } : { text: 'Noted.' }),
  });
  try {
    await new SmallCode({ baseUrl: server.baseUrl, model: 'smollm3-3b', workspace: root, contextWindow: 16_384 }).run('Remember the style.');
    await new SmallCode({ baseUrl: server.baseUrl, model: 'smollm3-3b', workspace: root, contextWindow: 16_384 }).run('What is the style?');
    const third = server.chatRequests[2]!.body.messages;
    assert.equal(third[0].content, server.chatRequests[0]!.body.messages[0].content, 'the same system prompt in both conversations');
    assert.equal(third.length, 2);
    assert.equal(third[1].content, 'What is the style?\n\nNotes in working memory (saved with memory_remember):\n- style: Files hold one capital letter.');
  } finally {
    await server.close();
    cleanup(root);
  }
});

test('pinned context is read once per conversation and leads it (the system prompt stays the same)', async () => {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const server = await startReplayServer({ handler: (_req, i) => (i % 2 === 0 ? { text: hermes('read_file', { path: 'a.txt' }) } : { text: 'A.' }) });
  let reads = 0;
  try {
    const agent = new Agent({
      client: new ChatClient({ baseUrl: server.baseUrl, model: 'smollm3-3b', retries: 0 }), workspace: new NodeWorkspace(root),
      editReview: new CallbackEditReview(), approval: new CallbackApproval(), store: new InMemoryStore(), window: 16_384,
      pinnedContext: () => `Repository map (read ${++reads}):\n- a.txt`,
    });
    await agent.run('Read a.txt.');
    await agent.run('Read it again.');
    const heads = new Set(server.chatRequests.map((r) => JSON.stringify(r.body.messages.slice(0, 2))));
    assert.equal(heads.size, 1);
    const [system, lead] = server.chatRequests[0]!.body.messages;
    assert.doesNotMatch(system.content, /Repository map/);
    assert.equal(lead.content, 'Repository map (read 1):\n- a.txt\n\nRead a.txt.');
    agent.reset();
    await agent.run('Once more.');
    assert.equal(server.chatRequests.at(-1)!.body.messages[0].content, system.content, 'the system prompt does not change with it');
    assert.match(server.chatRequests.at(-1)!.body.messages[1].content, /^Repository map \(read 2\)/, 'a new conversation reads it again');
  } finally {
    await server.close();
    cleanup(root);
  }
});

test('a conversation restored into a new agent keeps its pinned context; settings swapped into a live agent keep the whole prompt', async () => {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const server = await startReplayServer({ promptCache: true, handler: (_req, i) => ({ text: `Answer ${i}.` }) });
  let reads = 0;
  try {
    const make = () => new Agent({
      client: new ChatClient({ baseUrl: server.baseUrl, model: 'smollm3-3b', retries: 0 }), workspace: new NodeWorkspace(root),
      editReview: new CallbackEditReview(), approval: new CallbackApproval(), store: new InMemoryStore(), window: 16_384,
      pinnedContext: () => `Repository map (read ${++reads}):\n- a.txt`,
    });
    const first = make();
    await first.run('Say hello.');
    const second = make();
    second.restore(JSON.parse(JSON.stringify(first.exportConversation())));
    await second.run('Say it again.');
    // the timeout, the key, the reply size: a new client and options on the same agent
    const other = await startReplayServer({ promptCache: true, script: [{ text: 'Answer from the new client.' }] });
    try {
      second.reconfigure({ client: new ChatClient({ baseUrl: other.baseUrl, model: 'smollm3-3b', retries: 0, timeoutMs: 300_000 }), replyTokens: 1024, editApproval: 'auto' });
      assert.equal((await second.run('And once more.')).response, 'Answer from the new client.');
      assert.equal(other.chatRequests[0]!.body.max_tokens, 1024);
      assert.deepEqual(other.chatRequests[0]!.body.messages.slice(0, 2), server.chatRequests[0]!.body.messages.slice(0, 2));
    } finally {
      await other.close();
    }
    assert.equal(reads, 1, 'read once for the conversation, not again by the agent it was restored into');
    const [before, after] = server.chatRequests;
    assert.deepEqual(after!.body.messages.slice(0, 2), before!.body.messages.slice(0, 2));
    assert.ok(after!.cachedTokens! >= before!.promptTokens! - 4, `reused ${after!.cachedTokens} of ${before!.promptTokens}`);
  } finally {
    await server.close();
    cleanup(root);
  }
});

test('memory changed behind the model\'s back reaches it as a note at the tail', async () => {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const store = new InMemoryStore();
  const server = await startReplayServer({ handler: (_req, i) => (i === 0 ? { text: hermes('read_file', { path: 'a.txt' }) } : { text: 'Done.' }) });
  try {
    const agent = new Agent({
      client: new ChatClient({ baseUrl: server.baseUrl, model: 'smollm3-3b', retries: 0 }), workspace: new NodeWorkspace(root),
      editReview: new CallbackEditReview(), approval: new CallbackApproval(), store, window: 16_384,
    });
    agent.on('tool-end', () => { void new WorkingMemory(store).remember('owner', 'The user prefers tabs.'); });
    await agent.run('Read a.txt.');
    const second = server.chatRequests[1]!.body.messages;
    assert.match(second.at(-1).content, /\n\nNotes in working memory \(saved with memory_remember\):\n- owner: The user prefers tabs\.$/);
    assert.equal(second[0].content, server.chatRequests[0]!.body.messages[0].content);
  } finally {
    await server.close();
    cleanup(root);
  }
});

test('pinned context that fails to load is reported once and the conversation goes on without it', async () => {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const server = await startReplayServer({ script: [{ text: 'Fine.' }, { text: 'Still fine.' }] });
  try {
    const agent = new Agent({
      client: new ChatClient({ baseUrl: server.baseUrl, model: 'smollm3-3b', retries: 0 }), workspace: new NodeWorkspace(root),
      editReview: new CallbackEditReview(), approval: new CallbackApproval(), store: new InMemoryStore(), window: 16_384,
      pinnedContext: () => { throw new Error('index not built'); },
    });
    const warnings: string[] = [];
    agent.on('warning', (w) => warnings.push(w.message));
    assert.equal((await agent.run('Hello.')).success, true);
    assert.equal((await agent.run('Again.')).success, true);
    assert.deepEqual(warnings, ['Could not prepare the pinned context (index not built); this conversation goes on without it.']);
    assert.equal(server.chatRequests[0]!.body.messages[0].content, server.chatRequests[1]!.body.messages[0].content);
  } finally {
    await server.close();
    cleanup(root);
  }
});

/** An agent on a replay server whose project memory is `store` (notes kept by a backend that may fail). */
function agentWith(baseUrl: string, root: string, store: NoteBackend): Agent {
  return new Agent({
    client: new ChatClient({ baseUrl, model: 'smollm3-3b', retries: 0 }), workspace: new NodeWorkspace(root),
    editReview: new CallbackEditReview(), approval: new CallbackApproval(), store, window: 16_384,
  });
}

test('project memory that cannot be read (its index does not answer) is said once; the run goes on without the note', async () => {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const server = await startReplayServer({ script: [{ text: hermes('read_file', { path: 'a.txt' }) }, { text: 'It holds A.' }] });
  try {
    let reads = 0;
    const unreadable: NoteBackend = { capacity: 30, list: async () => { reads++; throw new Error('the code index did not answer within 15 s (still indexing?)'); }, put: async () => undefined, remove: async () => undefined };
    const agent = agentWith(server.baseUrl, root, unreadable);
    const warnings: string[] = [];
    agent.on('warning', (w) => warnings.push(`${w.source}: ${w.message}`));
    const result = await agent.run('What is in a.txt?');
    assert.equal(result.success, true, result.error);
    assert.equal(result.response, 'It holds A.');
    assert.deepEqual(warnings, ['memory: Project memory could not be read (the code index did not answer within 15 s (still indexing?)); this task goes on without its notes.']);
    assert.equal(reads, 1, 'not waited for again at the second turn');
    assert.equal(server.chatRequests.length, 2);
  } finally {
    await server.close();
    cleanup(root);
  }
});

test('Stop while the run waits for project memory ends the run at once, as cancelled', { timeout: 10_000 }, async () => {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const server = await startReplayServer({ script: [{ text: 'Never asked.' }] });
  try {
    const stop = new AbortController();
    // a backend that answers only when the caller stops waiting (as the index's does at its bound); one
    // that is never told fails late, so that the run is seen to have waited rather than hang the suite
    const hung: NoteBackend = {
      capacity: 30, put: async () => undefined, remove: async () => undefined,
      list: (signal) => new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        setTimeout(() => reject(new Error('the run did not stop waiting')), 5_000).unref();
        stop.abort();
      }),
    };
    const asked = Date.now();
    const result = await agentWith(server.baseUrl, root, hung).run('Hello.', { signal: stop.signal });
    assert.equal(result.stopReason, 'cancelled');
    assert.ok(Date.now() - asked < 4_000, 'ended by the Stop, not by the backend giving up');
    assert.equal(server.chatRequests.length, 0, 'no request after the Stop');
  } finally {
    await server.close();
    cleanup(root);
  }
});
