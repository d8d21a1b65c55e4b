// What a save taken mid-run holds at the run's two edges: while the run prepares (rules, index, tool
// providers, which may warn) and at its `done` event. The extension saves on those events, so the export
// must hold the task exactly once at both: a crash then restores the task once, not lost or twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, tempWorkspace } from './helpers';
import { startReplayServer } from '../../support/replayServer';
import { Agent, checkConversation, type AgentConversation } from '../../../src/core/agent';
import { STOPPED_TASK_NOTE } from '../../../src/core/agent/conversation';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { InMemoryStore } from '../../../src/core/memory';
import type { ToolProvider } from '../../../src/core/tools';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { CallbackApproval } from '../../../src/node/approval';
import { CallbackEditReview } from '../../../src/node/editReview';

async function withAgent(replies: string[], toolProviders: ToolProvider[], fn: (agent: Agent) => Promise<void>): Promise<void> {
  const root = tempWorkspace({ 'a.txt': 'A' });
  const server = await startReplayServer({ handler: (_req, i) => ({ text: replies[Math.min(i, replies.length - 1)]! }) });
  try {
    const agent = new Agent({
      client: new ChatClient({ baseUrl: server.baseUrl, model: 'smollm3-3b', retries: 0 }), workspace: new NodeWorkspace(root),
      editReview: new CallbackEditReview(), approval: new CallbackApproval(), store: new InMemoryStore(), window: 16_384, toolProviders,
    });
    await fn(agent);
  } finally {
    await server.close();
    cleanup(root);
  }
}

const copied = (c: AgentConversation): AgentConversation => JSON.parse(JSON.stringify(c));

test('exported at the run\'s done event, the conversation holds the run once, as it does after the run', async () => {
  await withAgent([hermes('read_file', { path: 'a.txt' }), 'It says A.'], [], async (agent) => {
    let atDone: AgentConversation | undefined;
    agent.on('done', () => { atDone = copied(agent.exportConversation()); });
    await agent.run('Read a.txt and tell me.');
    const after = copied(agent.exportConversation());
    assert.deepEqual(after.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
    assert.deepEqual(atDone, after);
    checkConversation(atDone!);
  });
});

test('exported while the run prepares (a tool provider failed and warned), the conversation already holds the task', async () => {
  let failing = false;
  const flaky: ToolProvider = { name: 'slow-mcp', tools: async () => { if (failing) throw new Error('timed out after 15 s'); return []; } };
  await withAgent(['ok'], [flaky], async (agent) => {
    await agent.run('First task.');
    failing = true;
    const atWarning: AgentConversation[] = [];
    agent.on('warning', () => atWarning.push(copied(agent.exportConversation())));
    await agent.run('Second task: the one a crash now would lose.');
    assert.equal(atWarning.length, 1, 'the provider warned once');
    const [during] = atWarning;
    assert.deepEqual(during!.messages.map((m) => `${m.role}:${String(m.content)}`), ['user:First task.', 'assistant:ok', 'user:Second task: the one a crash now would lose.', `user:${STOPPED_TASK_NOTE}`]);
    assert.deepEqual(during!.tasks, [0, 2]);
    checkConversation(during!);
  });
});
