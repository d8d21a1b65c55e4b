// After Stop the conversation says the task was stopped (once, at its end, so the prefix stays as sent):
// without it the model sees a task with no answer and tends to resume it. Calls the Stop cut short are in
// the result, failed, like every other call of the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, tempWorkspace } from './helpers';
import { startReplayServer, type ReplayReply } from '../../support/replayServer';
import { SmallCode } from '../../../src/node/smallCode';
import { STOPPED_TASK_NOTE } from '../../../src/core/agent/conversation';

const call = (name: string, args: Record<string, unknown>) => ({ name, arguments: args });

test('Stop during a command: both calls of the reply are in the result as failed, and the next task is told the last one was stopped', { timeout: 30_000 }, async () => {
  const root = tempWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
  const script: ReplayReply[] = [
    { toolCalls: [call('run', { command: 'node -e "setTimeout(() => {}, 60000)"' }), call('read_file', { path: 'src/a.ts' })] },
    { text: 'a is 1.' },
    { text: 'Nothing else to do.' },
  ];
  let next = 0;
  const server = await startReplayServer({ handler: () => script[next++] ?? { text: 'Done.' } });
  const stop = new AbortController();
  try {
    const agent = new SmallCode({ baseUrl: server.baseUrl, model: 'qwen2.5-coder-7b-instruct', workspace: root, contextWindow: 8192, retries: 1, backoffMs: 5, toolMode: 'native', approve: async () => true });
    agent.on('tool-start', (e) => { if (e.name === 'run') setImmediate(() => stop.abort()); });
    const first = await agent.run('Change a to 2 in src/a.ts', { signal: stop.signal });
    assert.equal(first.stopReason, 'cancelled');
    assert.deepEqual(first.toolCalls.map((c) => [c.name, c.ok]), [['run', false], ['read_file', false]]);
    assert.equal(first.toolCalls[1]!.summary, 'Cancelled.');

    await agent.run('What is a now?');
    const told = JSON.stringify(server.chatRequests[1]!.body.messages);
    assert.equal(STOPPED_TASK_NOTE, '(This task was stopped before it was finished.)');
    assert.equal(told.split(STOPPED_TASK_NOTE).length - 1, 1);
    assert.ok(told.indexOf(STOPPED_TASK_NOTE) < told.indexOf('What is a now?'), 'at the end of the stopped task, before the new one');

    await agent.run('Anything else?');
    const later = JSON.stringify(server.chatRequests[2]!.body.messages);
    assert.equal(later.split(STOPPED_TASK_NOTE).length - 1, 1, 'said once, not again at each task');
    assert.ok(later.startsWith(told.slice(0, told.indexOf('What is a now?'))), 'what was sent stays as it was');
  } finally {
    await server.close();
    cleanup(root);
  }
});
