// Stop pressed while an edit is under review, after the user accepted part of it. A review that writes
// each hunk as it is accepted (VS Code's) settles the cancel as 'partial' with the file as it is: the
// loop reports that write, so the run's checkpoint can undo it and the model is told what is in the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, hermes, read, tempWorkspace } from './helpers';
import { startReplayServer } from '../../support/replayServer';
import { Agent, type AgentEvent } from '../../../src/core/agent';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { InMemoryStore } from '../../../src/core/memory';
import type { EditDecision, EditReview, ProposedEdit } from '../../../src/core/ports';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { CallbackApproval } from '../../../src/node/approval';

const ORIGINAL = ['function total(values) {', '  let sum = 0;', '  for (let i = 0; i <= values.length; i++) sum += values[i];', '  return sum;', '}', '', '', '', '', '', 'module.exports = { total };', ''].join('\n');
const HUNK1 = ORIGINAL.replace('i <= values.length', 'i < values.length');
const PROPOSED = HUNK1.replace('module.exports = { total };', 'module.exports = { total, sum: total };');

/** Writes the first hunk as the user accepts it, then waits for the run to stop: the file as it is then is the decision. */
class AcceptFirstThenStop implements EditReview {
  constructor(private readonly root: string, private readonly stop: () => void) {}
  propose(edit: ProposedEdit, signal?: AbortSignal): Promise<EditDecision> {
    assert.equal(edit.hunks?.length, 2);
    writeFileSync(join(this.root, edit.path), HUNK1);
    return new Promise((resolve) => {
      signal!.addEventListener('abort', () => resolve({ kind: 'partial', content: read(this.root, edit.path), reason: 'the run was stopped before hunk 2 of 2 was decided' }), { once: true });
      this.stop();
    });
  }
}

test('Stop after accepting one hunk of two: the write is reported, the checkpoint holds the file, the model is told', async () => {
  const root = tempWorkspace({ 'total.js': ORIGINAL });
  const server = await startReplayServer({ script: [{ text: hermes('write_file', { path: 'total.js', content: PROPOSED }) }, { text: 'Unused.' }] });
  try {
    const abort = new AbortController();
    const agent = new Agent({
      client: new ChatClient({ baseUrl: server.baseUrl, model: 'smollm3-3b', retries: 0 }), workspace: new NodeWorkspace(root),
      editReview: new AcceptFirstThenStop(root, () => abort.abort()), approval: new CallbackApproval(), store: new InMemoryStore(), window: 16_384, editApproval: 'ask',
    });
    const accepted: AgentEvent[] = [];
    agent.on('edit-accepted', (e) => accepted.push(e));
    const result = await agent.run('Fix the loop in total.js and export it as sum too.', { signal: abort.signal });
    assert.equal(result.stopReason, 'cancelled');
    assert.equal(read(root, 'total.js'), HUNK1, 'the accepted hunk stays; the other is not written');
    assert.deepEqual(accepted, [{ type: 'edit-accepted', path: 'total.js', created: false, partial: true }]);
    assert.deepEqual(result.filesEdited, ['total.js']);
    assert.deepEqual(result.checkpoint?.files.map((f) => [f.path, f.before, f.after]), [['total.js', ORIGINAL, HUNK1]], '"Undo this run" can take it back');
    const told = JSON.stringify(agent.exportConversation().messages);
    assert.match(told, /accepted part of your edit to total\.js: it is in the file now/);
  } finally {
    await server.close();
    cleanup(root);
  }
});
