// History search in a history of many large conversations: what it keeps of their texts for the next
// search is bounded in size and dropped after a while (a search kept every conversation's text — up to
// the history's 100 MB — in the extension host for good), and what it finds is the same either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HistoryStore, newConversationId, type HistoryStoreOptions, type SavedConversation } from '../../../src/node/historyStore';
import { MAX_SEARCH_TEXT_BYTES, SEARCH_TEXT_IDLE_MS } from '../../../src/node/searchTexts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const WORDS = ['parse', 'config', 'client', 'request', 'handler', 'result', 'index', 'token', 'items', 'await'];

/** A conversation whose transcript says `chars` characters of words, `said` among them. */
function conversation(i: number, chars: number, said: string): SavedConversation {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  const words: string[] = [];
  for (let n = 0, length = 0; length < chars; n++) {
    const word = WORDS[(n * 7 + i) % WORDS.length]!;
    words.push(word);
    length += word.length + 1;
  }
  const reply = `${said} ${words.join(' ')}`;
  return {
    version: 1, id: newConversationId(1_000_000 + i), title: `Conversation ${i}`, createdAt: at, updatedAt: at, model: 'qwen2.5-coder-7b', endpoint: 'http://127.0.0.1:8080/v1',
    conversation: { version: 1, messages: [{ role: 'user', content: `Task ${i}` }], summary: '', tasks: [0] },
    transcript: [{ id: 'u1', role: 'user', text: `Task ${i}` }, { id: 'a1', role: 'assistant', text: reply }],
    extra: {},
  };
}

/** A history folder with `count` conversations of `chars` characters each (written as a save would), the one at `flamingo` mentioning a flamingo. */
function history(count: number, chars: number, flamingo: number): { dir: string; ids: string[]; done(): void } {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-history-search-'));
  const dir = join(root, 'history');
  mkdirSync(dir);
  const ids = Array.from({ length: count }, (_, i) => {
    const c = conversation(i, chars, i === flamingo ? 'The Flamingo class' : 'Nothing pink');
    writeFileSync(join(dir, `${c.id}.json`), `${JSON.stringify(c)}\n`);
    return c.id;
  });
  return { dir, ids, done: () => rmSync(root, { recursive: true, force: true }) };
}

/** The store on `dir`, counting the files it reads. */
function counting(dir: string, options: HistoryStoreOptions = {}): { store: HistoryStore; reads: string[] } {
  const store = new HistoryStore(dir, options);
  const reads: string[] = [];
  const load = store.load.bind(store);
  store.load = async (id) => { reads.push(id); return load(id); };
  return { store, reads };
}

test('a search of a history larger than what it keeps holds at most MAX_SEARCH_TEXT_BYTES of its text afterwards, and finds what it did', async () => {
  const chars = 3 * 1024 * 1024;
  const h = history(12, chars, 7); // 36 MB of text
  try {
    const store = new HistoryStore(h.dir);
    assert.equal((await store.list()).items.length, 12);
    gc();
    const before = process.memoryUsage().heapUsed;
    assert.deepEqual((await store.list('flamingo')).items.map((i) => i.id), [h.ids[7]]);
    assert.deepEqual((await store.list('FLAMINGO CLASS')).items.map((i) => i.id), [h.ids[7]]);
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    assert.ok(kept < MAX_SEARCH_TEXT_BYTES + 4 * 1024 * 1024, `${(kept / 1048576).toFixed(1)} MB kept after searching ${(12 * chars / 1048576).toFixed(0)} MB of text`);
  } finally {
    h.done();
  }
});

test('what does not fit beside the texts kept is read again by the next search, with the same results as a store that keeps none', async () => {
  const h = history(4, 20_000, 2);
  try {
    const { store, reads } = counting(h.dir, { maxSearchTextBytes: 45_000 }); // two of the four texts
    const none = new HistoryStore(h.dir, { maxSearchTextBytes: 0 });
    for (const query of ['flamingo', 'nothing pink', 'conversation 3', 'parse config', 'absent']) {
      assert.deepEqual(await store.list(query), await none.list(query), query);
    }
    assert.equal(reads.length, 4 + 4 * 2, 'the first search reads all four files, each next one the two not kept');
  } finally {
    h.done();
  }
});

test('the texts a search kept are dropped once nobody has searched for SEARCH_TEXT_IDLE_MS: the next search reads the files again', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const h = history(3, 1000, 0);
  try {
    const { store, reads } = counting(h.dir);
    assert.deepEqual((await store.list('flamingo')).items.map((i) => i.id), [h.ids[0]]);
    assert.equal(reads.length, 3);
    t.mock.timers.tick(SEARCH_TEXT_IDLE_MS - 1);
    assert.deepEqual((await store.list('pink')).items.length, 2);
    assert.equal(reads.length, 3, 'searched within the idle time: nothing read again');
    t.mock.timers.tick(SEARCH_TEXT_IDLE_MS - 1);
    assert.equal((await store.list('task 1')).items.length, 1);
    assert.equal(reads.length, 3, 'each search starts the idle time again');
    t.mock.timers.tick(SEARCH_TEXT_IDLE_MS);
    assert.deepEqual((await store.list('flamingo')).items.map((i) => i.id), [h.ids[0]]);
    assert.equal(reads.length, 6, 'after the idle time every file is read again');
    assert.equal((await store.list()).items.length, 3);
    assert.equal(reads.length, 6, 'the list without a search still reads only what changed');
  } finally {
    h.done();
  }
});

test('a search stopped partway answers nothing, and the next search finds what the files say now, reading only what the stopped one did not keep', async () => {
  const h = history(5, 1000, 3);
  try {
    const { store, reads } = counting(h.dir);
    const stop = new AbortController();
    const load = store.load;
    store.load = async (id) => {
      const read = await load(id);
      if (reads.length === 2) stop.abort(); // the user typed on while the third file was to be read
      return read;
    };
    await assert.rejects(store.list('flamingo', stop.signal), { name: 'AbortError' }, 'no answer, not a partial one');
    assert.equal(reads.length, 2, 'stopped before the next file');
    store.load = load;

    // a file the stopped search kept the text of changes meanwhile (another window saves it)
    const changedId = reads.find((id) => id !== h.ids[3])!;
    const changed = { ...conversation(h.ids.indexOf(changedId), 1000, 'A flamingo after all'), id: changedId };
    await new HistoryStore(h.dir).save({ ...changed, updatedAt: new Date(Date.UTC(2026, 0, 2)).toISOString() });
    const found = await store.list('flamingo');
    assert.deepEqual(found, await new HistoryStore(h.dir, { maxSearchTextBytes: 0 }).list('flamingo'), 'the same answer as a store that keeps nothing');
    assert.deepEqual(found.items.map((i) => i.id), [changedId, h.ids[3]]);
    assert.equal(reads.length, 2 + 4, 'the changed file and the three not read before');
    assert.deepEqual((await store.list('nothing pink')).items.map((i) => i.id).sort(), h.ids.filter((id) => id !== changedId && id !== h.ids[3]).sort());
    assert.equal(reads.length, 6, 'and the search after it reads none');
  } finally {
    h.done();
  }
});
