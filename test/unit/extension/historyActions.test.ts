// The history view's list requests (no VS Code): a search the user has typed past is stopped, so
// searches typed in a row over a large history do not each read every file; only the newest is posted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationHistory } from '../../../src/extension/agentHost/conversationHistory';
import { HistoryActions } from '../../../src/extension/agentHost/historyActions';
import { HistoryStore, newConversationId } from '../../../src/node/historyStore';
import type { ViewMessage } from '../../../src/extension/chatViewProvider';

/** `afterRead`: called after each file the store reads (a test acts there, in the middle of a search). */
async function withActions(fn: (actions: HistoryActions, posted: ViewMessage[], reads: string[], hooks: { afterRead?: () => void }) => Promise<void>): Promise<void> {
  const dir = join(mkdtempSync(join(tmpdir(), 'smallcode-history-actions-')), 'history');
  try {
    const writer = new HistoryStore(dir);
    for (let i = 0; i < 5; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      await writer.save({
        version: 1, id: newConversationId(1_000_000 + i), title: `Task ${i}`, createdAt: at, updatedAt: at, model: 'qwen', endpoint: 'http://127.0.0.1:8080/v1',
        conversation: { version: 1, messages: [{ role: 'user', content: `Task ${i}` }], summary: '', tasks: [0] },
        transcript: [{ id: 'u1', role: 'user', text: i === 3 ? 'About the flamingo' : `Task ${i}` }], extra: {},
      });
    }
    const reads: string[] = [];
    const hooks: { afterRead?: () => void } = {};
    const openStore = (d: string) => {
      const store = new HistoryStore(d);
      const load = store.load.bind(store);
      store.load = async (id) => {
        reads.push(id);
        const read = await load(id);
        hooks.afterRead?.();
        return read;
      };
      return store;
    };
    const values = new Map<string, unknown>();
    const state = { get: <T>(key: string, fallback: T): T => (values.has(key) ? values.get(key) as T : fallback), update: async (key: string, value: unknown) => { values.set(key, value); } };
    const history = new ConversationHistory({ dir, state, openStore, newId: () => newConversationId() });
    const posted: ViewMessage[] = [];
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const unused = async () => { throw new Error('not in this test'); };
    const actions = new HistoryActions({ history, controller: { open: unused, deleteConversation: unused }, view: { post: (m) => posted.push(m) }, confirm: async () => false, notice: () => undefined, log: quiet });
    await fn(actions, posted, reads, hooks);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

const answers = (posted: ViewMessage[]) => posted.map((m) => (m.type === 'history' ? { query: m.history.query, items: m.history.items.length, show: m.show } : m.type));

test('a search typed past is stopped: only the newest answer is posted, and the files are read for it alone', async () => {
  await withActions(async (actions, posted, reads) => {
    await Promise.all([actions.list('f'), actions.list('fl'), actions.list('flamingo')]);
    assert.deepEqual(answers(posted), [{ query: 'flamingo', items: 1, show: undefined }]);
    assert.equal(reads.length, 5, 'each file read once, by the search that was not stopped');
  });
});

test('a list that opens the view, stopped by a search, leaves the opening to the search', async () => {
  await withActions(async (actions, posted) => {
    await Promise.all([actions.list('', true), actions.list('flamingo')]);
    assert.deepEqual(answers(posted), [{ query: 'flamingo', items: 1, show: true }]);
    await actions.list('task 2');
    assert.deepEqual(answers(posted).at(-1), { query: 'task 2', items: 1, show: undefined }, 'and only it');
  });
});

test('a search stopped partway posts nothing (nor its stop as a warning); the search that stopped it answers from every file, reading only those not read yet', async () => {
  await withActions(async (actions, posted, reads, hooks) => {
    let next: Promise<void> | undefined;
    hooks.afterRead = () => {
      if (reads.length === 2) next ??= actions.list('flamingo'); // typed on while the first search reads
    };
    await actions.list('task');
    await next;
    assert.deepEqual(answers(posted), [{ query: 'flamingo', items: 1, show: undefined }], 'the stopped search\'s two-file answer is never posted');
    assert.equal(reads.length, 5, 'the files the stopped search read are not read again');
    hooks.afterRead = undefined;
    await actions.list('task');
    assert.deepEqual(answers(posted).at(-1), { query: 'task', items: 5, show: undefined }, 'the next search finds all');
    assert.deepEqual(posted.flatMap((m) => (m.type === 'history' ? m.history.warnings : [])), [], 'and no search said the history could not be read');
  });
});
