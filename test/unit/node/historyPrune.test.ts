// Pruning the history beyond its limits says how many it removed (the host tells the user), and takes
// the conversations the user named last: those go only once they alone are beyond the limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore, newConversationId, type SavedConversation } from '../../../src/node/historyStore';

function record(i: number, renamed = false): SavedConversation {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  return {
    version: 1, id: newConversationId(1_000_000 + i), title: renamed ? `Important ${i}` : `Task ${i}`, ...(renamed ? { renamedAt: at } : {}), createdAt: at, updatedAt: at, model: 'm', endpoint: 'e',
    conversation: { version: 1, messages: [{ role: 'user', content: `Task ${i}` }], summary: '', tasks: [0] },
    transcript: [{ id: 'u', role: 'user', text: `Task ${i}` }], extra: {},
  };
}

async function withStore(fn: (store: HistoryStore, left: () => string[]) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-history-prune-'));
  const dir = join(root, 'history');
  try {
    await fn(new HistoryStore(dir, { maxConversations: 3, keepRecentMs: 0 }), () => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('a save says how many old conversations pruning removed; renamed ones go after all the others', async () => {
  await withStore(async (store, left) => {
    const named = record(0, true);
    const removed: number[] = [];
    removed.push((await store.save(named)).removed);
    const plain = [1, 2, 3, 4].map((i) => record(i));
    for (const r of plain) removed.push((await store.save(r)).removed);
    assert.deepEqual(removed, [0, 0, 0, 1, 1], 'each save says what it removed');
    assert.deepEqual(left(), [named.id, plain[2]!.id, plain[3]!.id].sort(), 'the renamed one, the oldest, is spared; the oldest unnamed go');

    const moreNamed = [5, 6, 7].map((i) => record(i, true));
    for (const r of moreNamed) await store.save(r);
    assert.deepEqual(left(), moreNamed.map((r) => r.id).sort(), 'beyond the limit with renamed ones alone, the oldest renamed goes too');
  });
});

test('a conversation renamed after it was saved (rename) is spared as one saved with its name', async () => {
  await withStore(async (store, left) => {
    const first = record(0);
    await store.save(first);
    await store.rename(first.id, 'The auth design discussion');
    const later = [1, 2, 3].map((i) => record(i));
    for (const r of later) await store.save(r);
    assert.ok(left().includes(first.id), 'the renamed one stays');
    assert.ok(!left().includes(later[0]!.id), 'the oldest of the others went in its place');
  });
});

test('pruning over the limit reads only the files it is about to remove (to spare renamed ones), not the whole history', async () => {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-history-prune-reads-'));
  const dir = join(root, 'history');
  try {
    const limits = { maxConversations: 10, keepRecentMs: 0 };
    const first = new HistoryStore(dir, limits);
    const records = Array.from({ length: 10 }, (_, i) => record(i, i === 0 || i === 5));
    for (const r of records) await first.save(r);

    const other = new HistoryStore(dir, limits); // another window: it knows none of these files
    const loads: string[] = [];
    const load = other.load.bind(other);
    other.load = async (id) => { loads.push(id); return load(id); };
    assert.equal((await other.save(record(10))).removed, 1);
    assert.deepEqual(loads, [records[0]!.id, records[1]!.id], 'the oldest, renamed and so spared, then the next oldest, which goes');
    assert.ok(!readdirSync(dir).includes(`${records[1]!.id}.json`));

    loads.length = 0;
    assert.equal((await other.save(record(11))).removed, 1);
    assert.deepEqual(loads, [records[2]!.id], 'the next save reads the one it removes');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
