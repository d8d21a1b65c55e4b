// The host's side of the history (no VS Code): which conversation the chat is on survives a reload,
// each task is remembered for Retry and Edit, a damaged save is a warning, New chat keeps the old one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachedTo, ConversationHistory, titleFrom, type Snapshot } from '../../../src/extension/agentHost/conversationHistory';
import { HistoryStore, newConversationId } from '../../../src/node/historyStore';
import type { ChatEntry } from '../../../src/shared/chatProtocol';

function workspaceState() {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string, fallback: T): T => (values.has(key) ? values.get(key) as T : fallback), update: async (key: string, value: unknown) => { values.set(key, value); } };
}

function setup() {
  const dir = join(mkdtempSync(join(tmpdir(), 'smallcode-conv-')), 'history');
  const state = workspaceState();
  let ids = 0;
  let clock = Date.UTC(2026, 0, 1);
  // each save a second after the one before: the list's order does not hang on the real clock's milliseconds
  const make = () => new ConversationHistory({ dir, state, openStore: (d) => new HistoryStore(d), newId: () => { ids++; return newConversationId(); }, now: () => (clock += 1000) });
  return { dir, state, make, ids: () => ids, cleanup: () => rmSync(join(dir, '..'), { recursive: true, force: true }) };
}

const user = (id: string, text: string): ChatEntry => ({ id, role: 'user', text });
const reply = (id: string, text: string): ChatEntry => ({ id, role: 'assistant', text });
function snapshot(transcript: ChatEntry[], tasks: string[]): Omit<Snapshot, 'id'> {
  const messages = tasks.flatMap((t, i) => [{ role: 'user' as const, content: t }, { role: 'assistant' as const, content: `Reply ${i}` }]);
  return { transcript, conversation: { version: 1, messages, summary: '', tasks: tasks.map((_, i) => i * 2) }, model: 'qwen', endpoint: 'http://127.0.0.1:8080/v1', plan: null };
}

/** Saves as the controller does: a snapshot of the current conversation. */
const save = (history: ConversationHistory, s: Omit<Snapshot, 'id'>) => history.save({ id: history.currentId, ...s });

test('after a reload the chat comes back to its conversation: the model side and the tasks are read back once', async () => {
  const s = setup();
  try {
    const before = s.make();
    assert.equal(s.ids(), 0, 'nothing is made at activation');
    before.recordTask({ entry: 'u1', task: 'Fix the loop\n\nFile src/a.ts: …', attached: '\n\nFile src/a.ts: …', index: 0, files: ['src/a.ts'] }, { promptTokens: 100, completionTokens: 20, requests: 2 });
    await save(before, snapshot([user('u1', 'Fix the loop'), reply('a1', 'Fixed.')], ['Fix the loop\n\nFile src/a.ts: …']));

    const after = s.make(); // a window reload: same workspace state
    assert.equal(after.currentId, before.currentId);
    const resumed = await after.resume();
    assert.equal(resumed.conversation?.tasks.length, 1);
    assert.deepEqual(after.tasksFrom('u1'), [{ entry: 'u1', task: 'Fix the loop\n\nFile src/a.ts: …', attached: '\n\nFile src/a.ts: …', index: 0, files: ['src/a.ts'] }]);
    assert.deepEqual(await after.resume(), {}, 'read back once');
  } finally {
    s.cleanup();
  }
});

test('a damaged save is a warning, not a broken chat; a conversation nobody spoke in is not saved', async () => {
  const s = setup();
  try {
    const history = s.make();
    await save(history, snapshot([], []));
    assert.ok(!existsSync(s.dir) || readdirSync(s.dir).length === 0, 'nothing saved');
    await save(history, snapshot([user('u1', 'Hi')], ['Hi']));
    const damaged = history.currentId;
    writeFileSync(join(s.dir, `${damaged}.json`), '{"version": 1, "id"');
    const reloaded = s.make();
    const resumed = await reloaded.resume();
    assert.equal(resumed.conversation, undefined);
    assert.match(resumed.warning ?? '', /could not be read back: .*damaged.* left as it is; the chat goes on as a new conversation, and your next message starts afresh/);
    await save(reloaded, snapshot([user('u1', 'Hi'), user('u2', 'Again')], ['Again']));
    assert.notEqual(reloaded.currentId, damaged);
    assert.equal(readFileSync(join(s.dir, `${damaged}.json`), 'utf8'), '{"version": 1, "id"', 'the damaged file is kept as it was');
  } finally {
    s.cleanup();
  }
});

test('New chat keeps the old conversation; rename sticks; deleting the current one starts afresh; Retry and Edit forget later tasks', async () => {
  const s = setup();
  try {
    const history = s.make();
    const first = history.currentId;
    history.recordTask({ entry: 'u1', task: 'One', index: 0, files: [] });
    history.recordTask({ entry: 'u2', task: 'Two', index: 1, files: ['b.ts'] });
    history.recordTask({ entry: 'u3', task: 'Three', index: 2, files: ['c.ts'] });
    assert.deepEqual(history.tasksFrom('u2').map((t) => t.task), ['Two', 'Three']);
    history.dropFrom('u2');
    assert.deepEqual(history.tasksFrom('u1').map((t) => t.task), ['One']);
    await save(history, snapshot([user('u1', 'One')], ['One']));
    history.startNew();
    assert.notEqual(history.currentId, first);
    await save(history, snapshot([user('v1', 'Another task\nwith details')], ['Another task']));
    let listed = await history.list('');
    assert.deepEqual(listed.items.map((i) => i.title), ['Another task', 'One']);
    assert.equal(listed.current, history.currentId);
    await history.rename(history.currentId, 'Named');
    await save(history, snapshot([user('v1', 'Another task')], ['Another task']));
    assert.equal((await history.list('')).items[0]!.title, 'Named', 'a later save keeps the name');
    const second = history.currentId;
    await history.delete(second);
    assert.notEqual(history.currentId, second, 'a new conversation is current');
    listed = await history.list('');
    assert.deepEqual(listed.items.map((i) => i.id), [first]);
    const opened = await history.read(first);
    assert.equal(opened?.title, 'One');
    history.take(opened!);
    assert.equal(history.currentId, first);
  } finally {
    s.cleanup();
  }
});

test('a conversation is titled by its first message\'s first line, shortened', () => {
  assert.equal(titleFrom([{ id: 'n', role: 'notice', text: 'x' }, user('u', '  Fix the loop bound\nin average  ')]), 'Fix the loop bound');
  assert.equal(titleFrom([]), 'Untitled conversation');
  assert.equal(titleFrom([user('u', 'a'.repeat(200))]).length, 80);
});

test('two windows on one workspace: the second to save a conversation the other saved since goes on under a new id; neither is lost', async () => {
  const s = setup();
  try {
    let clock = Date.UTC(2026, 0, 1);
    const make = () => new ConversationHistory({ dir: s.dir, state: s.state, openStore: (d) => new HistoryStore(d), newId: () => newConversationId(), now: () => (clock += 1000) });
    const first = make();
    await save(first, snapshot([user('u1', 'Shared start')], ['Shared start']));
    const a = make();
    const b = make();
    await a.resume();
    await b.resume();
    assert.equal(a.currentId, b.currentId);
    const shared = a.currentId;
    await save(a, snapshot([user('u1', 'Shared start'), user('u2', 'From window A')], ['Shared start', 'From window A']));
    await save(b, snapshot([user('u1', 'Shared start'), user('u3', 'From window B')], ['Shared start', 'From window B']));
    assert.notEqual(b.currentId, shared, 'window B goes on under a new id');
    assert.equal(a.currentId, shared);
    const store = new HistoryStore(s.dir);
    assert.deepEqual((await store.load(shared))!.transcript.map((e) => (e as ChatEntry).text), ['Shared start', 'From window A']);
    assert.deepEqual((await store.load(b.currentId))!.transcript.map((e) => (e as ChatEntry).text), ['Shared start', 'From window B']);
    await save(a, snapshot([user('u1', 'Shared start'), user('u2', 'From window A'), user('u4', 'A again')], ['x']));
    assert.equal(a.currentId, shared, 'a window\'s own saves are no conflict');

    // Window B opens the original again from the history list: what it says there is saved there.
    const forked = b.currentId;
    b.take((await b.read(shared))!);
    await save(b, snapshot([user('u1', 'Shared start'), user('u5', 'B back on the original')], ['Shared start', 'B back on the original']));
    assert.equal(b.currentId, shared);
    assert.deepEqual((await store.load(shared))!.transcript.map((e) => (e as ChatEntry).text), ['Shared start', 'B back on the original']);
    assert.deepEqual((await store.load(forked))!.transcript.map((e) => (e as ChatEntry).text), ['Shared start', 'From window B'], 'the fork is untouched');
  } finally {
    s.cleanup();
  }
});

test('what @ mentions attached to a task is the one recorded; a record saved before it was kept takes what follows the typed text', () => {
  const record = { entry: 'u1', task: 'Fix the loop\n\nFix the loop in src/a.ts:\n…', index: 0, files: [] };
  assert.equal(attachedTo({ ...record, attached: '\n\nFix the loop in src/a.ts:\n…' }, 'Fix the loop'), '\n\nFix the loop in src/a.ts:\n…');
  assert.equal(attachedTo({ ...record, task: 'Fix the loop', attached: '' }, 'Fix'), '', 'nothing attached, though the typed text begins like another');
  assert.equal(attachedTo({ ...record, attached: '\n\nFile .env:\nPORT=[hidden]' }, 'Shown otherwise'), '\n\nFile .env:\nPORT=[hidden]', 'the text shown need not begin the task');
  assert.equal(attachedTo(record, 'Fix the loop'), '\n\nFix the loop in src/a.ts:\n…', 'an old record: what follows the typed text');
  assert.equal(attachedTo(record, 'Something else'), '', 'an old record whose task does not begin with the text: nothing, as before');
});

/** The one saved file of `dir`, parsed. */
function savedFile(dir: string): { text: string; transcript: ChatEntry[]; extra: { tasks: Record<string, unknown>[] } } {
  const [name] = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const text = readFileSync(join(dir, name!), 'utf8');
  return { text, ...JSON.parse(text) };
}

test('75 Fix-selection tasks of 60 KB each: every save succeeds within 4 MB, each task\'s text is written once, the oldest records go with the oldest entries', async () => {
  const s = setup();
  try {
    const history = s.make();
    const entries: ChatEntry[] = [];
    // the model side holds what the budget keeps (the last tasks), not the whole conversation
    const tail = (texts: string[]) => snapshot(entries, texts.slice(-2));
    const texts: string[] = [];
    for (let i = 0; i < 75; i++) {
      const text = `Fix lines 1-900 of src/part${i}.ts\n<<task ${i}>>\n${'const x = 1;\n'.repeat(4_600)}`;
      texts.push(text);
      entries.push(user(`u${i}`, text), reply(`a${i}`, `Fixed part ${i}.`));
      history.recordTask({ entry: `u${i}`, task: text, attached: '', index: i, files: [`src/part${i}.ts`] });
      if (i % 15 === 14) await save(history, tail(texts)); // a save after each run; a few are enough to see them all succeed
    }
    const saved = savedFile(s.dir);
    assert.ok(Buffer.byteLength(saved.text) <= 4 * 1024 * 1024, `${Buffer.byteLength(saved.text)} bytes`);
    const kept = new Set(saved.transcript.map((e) => e.id));
    assert.ok(kept.size < entries.length && kept.has('u74'), 'the transcript lost its oldest entries, not its newest');
    assert.deepEqual(saved.extra.tasks.map((t) => t.entry), [...kept].filter((id) => id.startsWith('u')), 'a record for each entry kept, none for an entry cut');
    for (let i = 0; i < 75; i++) {
      const marks = saved.text.split(`<<task ${i}>>`).length - 1;
      const expected = kept.has(`u${i}`) ? (i >= 73 ? 2 : 1) : i >= 73 ? 1 : 0; // once in the chat, once more on the model side for the last two
      assert.equal(marks, expected, `task ${i}`);
    }

    // a later turn is saved too, and after a reload Retry has the last task's text
    entries.push(user('u75', 'Thanks'), reply('a75', 'You are welcome.'));
    history.recordTask({ entry: 'u75', task: 'Thanks', attached: '', index: 75, files: [] });
    await save(history, tail([...texts, 'Thanks']));
    const reloaded = s.make();
    await reloaded.resume();
    assert.deepEqual(reloaded.tasksFrom('u74').map((t) => t.task), [texts[74], 'Thanks']);
  } finally {
    s.cleanup();
  }
});

test('what an @ mention attached is written once per task, not again inside the task as sent', async () => {
  const s = setup();
  try {
    const history = s.make();
    const attached = `\n\nFile src/big.ts:\n<<attachment>>\n${'let y = 2;\n'.repeat(50)}[end of file]`;
    history.recordTask({ entry: 'u1', task: `Explain this${attached}`, attached, index: 0, files: [] });
    history.recordTask({ entry: 'u2', task: 'Continue from where you stopped.', attached: '', index: 1, files: [] });
    await save(history, snapshot([user('u1', 'Explain this'), reply('a1', 'It adds.'), user('u2', 'Continue'), reply('a2', 'And returns.')], []));
    const saved = savedFile(s.dir);
    assert.equal(saved.text.split('<<attachment>>').length - 1, 1);
    assert.deepEqual(saved.extra.tasks.map((t) => t.task), [undefined, 'Continue from where you stopped.'], 'a task that is not the entry\'s text is written as sent');
    const reloaded = s.make();
    await reloaded.resume();
    assert.deepEqual(reloaded.tasksFrom('u1').map((t) => [t.task, t.attached]), [[`Explain this${attached}`, attached], ['Continue from where you stopped.', '']]);
  } finally {
    s.cleanup();
  }
});

test('task records saved before the attachment was kept apart still read back whole; one whose entry is gone is dropped', async () => {
  const s = setup();
  try {
    const store = new HistoryStore(s.dir);
    const id = newConversationId();
    const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
    await store.save({
      version: 1, id, title: 'Old', createdAt: at, updatedAt: at, model: 'm', endpoint: 'e',
      transcript: [user('u1', 'Fix it'), reply('a1', 'Done.')],
      conversation: { version: 1, messages: [{ role: 'user', content: 'Fix it\n\nFile a.ts:\nx\n[end of file]' }, { role: 'assistant', content: 'Done.' }], summary: '', tasks: [0] },
      extra: { tasks: [{ entry: 'u0', attached: '', index: -1, files: [] }, { entry: 'u1', task: 'Fix it\n\nFile a.ts:\nx\n[end of file]', index: 0, files: ['a.ts'] }] },
    });
    const history = s.make();
    await history.read(id).then((saved) => history.take(saved!));
    assert.deepEqual(history.tasksFrom('u1'), [{ entry: 'u1', task: 'Fix it\n\nFile a.ts:\nx\n[end of file]', index: 0, files: ['a.ts'] }]);
    assert.deepEqual(history.tasksFrom('u0'), []);
  } finally {
    s.cleanup();
  }
});

test('the title is set at the first save and kept: a transcript later cut from its start (the store bounds a file) does not rename it', async () => {
  const s = setup();
  try {
    const history = s.make();
    await save(history, snapshot([user('u1', 'Add OAuth login with GitHub')], []));
    await save(history, snapshot([user('u9', 'Follow-up 9'), reply('a9', 'Done.')], []));
    const listed = await history.list('');
    assert.deepEqual(listed.items.map((i) => i.title), ['Add OAuth login with GitHub']);
  } finally {
    s.cleanup();
  }
});

test('a save still queued when the chat moves on to another conversation lands in its own file, not under a new id', async () => {
  const s = setup();
  try {
    const history = s.make();
    const first = history.currentId;
    await save(history, snapshot([user('u1', 'First')], []));
    const late = save(history, snapshot([user('u1', 'First'), reply('a1', 'Done.')], []));
    history.startNew(); // New chat before the run's last save was written
    await late;
    const listed = await history.list('');
    assert.deepEqual(listed.items.map((i) => i.id), [first]);
  } finally {
    s.cleanup();
  }
});

test('an old file pruning cannot delete (held by another program) is logged; the save stands, and later saves keep their id', async () => {
  const s = setup();
  const realRm = fsp.rm;
  try {
    let clock = Date.UTC(2026, 0, 1);
    const warnings: string[] = [];
    const history = new ConversationHistory({ dir: s.dir, state: s.state, openStore: (d) => new HistoryStore(d, { maxConversations: 2, keepRecentMs: 0 }), newId: () => newConversationId(), now: () => (clock += 1000), warn: (m) => warnings.push(m) });
    const oldest = history.currentId;
    await save(history, snapshot([user('u1', 'Oldest')], []));
    history.startNew();
    await save(history, snapshot([user('u1', 'Older')], []));
    history.startNew();
    // Windows: an antivirus or an indexer holds the oldest file open
    fsp.rm = (async (path: Parameters<typeof realRm>[0], options?: Parameters<typeof realRm>[1]) => {
      if (String(path).endsWith(`${oldest}.json`)) throw Object.assign(new Error(`EBUSY: resource busy or locked, unlink '${String(path)}'`), { code: 'EBUSY' });
      return realRm(path, options);
    }) as typeof realRm;
    const id = history.currentId;
    const files = () => readdirSync(s.dir).filter((f) => f.endsWith('.json')).sort();
    await save(history, snapshot([user('u1', 'Current')], []));
    const after = files();
    for (let n = 2; n <= 4; n++) await save(history, snapshot([user('u1', 'Current'), reply(`a${n}`, `Reply ${n}`)], []));
    assert.equal(history.currentId, id, 'no conflict with its own save: no new id');
    assert.deepEqual(files(), after, 'no duplicate');
    assert.ok(after.includes(`${oldest}.json`) && after.includes(`${id}.json`));
    assert.ok(warnings.length > 0 && warnings.every((w) => /could not remove .*EBUSY/.test(w)), warnings.join('\n'));
  } finally {
    fsp.rm = realRm;
    s.cleanup();
  }
});

test('a rename asked while a save is still to be written is saved in turn with it: one file, with the name and the newer chat', async () => {
  const s = setup();
  try {
    const history = s.make();
    await save(history, snapshot([user('u1', 'First')], []));
    const id = history.currentId;
    const renaming = history.rename(id, 'My name');
    const saving = save(history, snapshot([user('u1', 'First'), reply('a1', 'Done.')], [])); // a run ends meanwhile
    await Promise.all([renaming, saving]);
    await save(history, snapshot([user('u1', 'First'), reply('a1', 'Done.'), user('u2', 'Next')], []));
    assert.equal(history.currentId, id, 'no conflict with its own rename');
    const saved = savedFile(s.dir);
    assert.equal(readdirSync(s.dir).filter((f) => f.endsWith('.json')).length, 1);
    assert.equal((saved as unknown as { title: string }).title, 'My name');
    assert.deepEqual(saved.transcript.map((e) => e.text), ['First', 'Done.', 'Next']);
    await assert.rejects(history.rename(id, '   '), /needs a name/);
  } finally {
    s.cleanup();
  }
});

test('a conversation written by a newer SmallCode is left as it is: resumed, the chat goes on under a new id; one replaced by it under a window\'s feet is not overwritten', async () => {
  const s = setup();
  try {
    const id = newConversationId();
    await s.state.update('smallcode.conversation', id);
    const newer = (n: string) => JSON.stringify({ version: 2, id: n, title: 'Long design discussion', createdAt: 'x', updatedAt: 'y', model: 'm', endpoint: 'e', transcript: Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, role: 'user', text: `entry ${i}` })), extra: {}, conversation: { version: 2 } });
    mkdirSync(s.dir, { recursive: true });
    writeFileSync(join(s.dir, `${id}.json`), newer(id));
    const history = s.make();
    assert.match((await history.list('')).warnings.join('\n'), /was written by a newer SmallCode \(history version 2\): update SmallCode to open it/);
    const resumed = await history.resume();
    assert.match(resumed.warning ?? '', /written by a newer SmallCode/);
    await save(history, snapshot([user('n1', 'hello')], ['hello']));
    assert.notEqual(history.currentId, id);
    assert.equal(readFileSync(join(s.dir, `${id}.json`), 'utf8'), newer(id), 'the newer file is as it was');

    // another window with a newer SmallCode saved this conversation since
    const mine = history.currentId;
    writeFileSync(join(s.dir, `${mine}.json`), newer(mine));
    await save(history, snapshot([user('n1', 'hello'), user('n2', 'again')], ['hello', 'again']));
    assert.notEqual(history.currentId, mine, 'went on under a new id');
    assert.equal(readFileSync(join(s.dir, `${mine}.json`), 'utf8'), newer(mine));
  } finally {
    s.cleanup();
  }
});

test('two windows on one workspace: a conversation renamed in the other window keeps its name through this window\'s saves; renamed again here, the new name wins', async () => {
  const s = setup();
  try {
    const a = s.make();
    await save(a, snapshot([user('u1', 'Fix the loop')], ['Fix the loop']));
    const id = a.currentId;
    const b = s.make(); // another window, on another conversation, renames this one from its history list
    b.startNew();
    await b.rename(id, 'Loop bug');
    assert.deepEqual((await b.list('')).items.map((i) => i.title), ['Loop bug']);

    await save(a, snapshot([user('u1', 'Fix the loop'), reply('a1', 'Fixed.')], ['Fix the loop']));
    await save(a, snapshot([user('u1', 'Fix the loop'), reply('a1', 'Fixed.'), user('u2', 'Thanks')], ['Fix the loop', 'Thanks']));
    assert.equal(a.currentId, id, 'a rename is no conflict: the conversation goes on in its file');
    const saved = savedFile(s.dir);
    assert.equal((saved as unknown as { title: string }).title, 'Loop bug', 'the other window\'s name stays');
    assert.deepEqual(saved.transcript.map((e) => e.text), ['Fix the loop', 'Fixed.', 'Thanks']);

    await a.rename(id, 'Loop bug, fixed');
    await save(a, snapshot([user('u1', 'Fix the loop'), reply('a1', 'Fixed.'), user('u2', 'Thanks'), reply('a2', 'Welcome.')], ['Fix the loop', 'Thanks']));
    assert.deepEqual((await b.list('')).items.map((i) => i.title), ['Loop bug, fixed']);
  } finally {
    s.cleanup();
  }
});

test('two windows on one workspace: a conversation deleted in one stays deleted; the other window\'s next save goes on under a new id', async () => {
  const s = setup();
  try {
    const a = s.make();
    await save(a, snapshot([user('u1', 'Shared start')], ['Shared start']));
    const deleted = a.currentId;
    const b = s.make();
    await b.delete(deleted);
    const notices = await save(a, snapshot([user('u1', 'Shared start'), user('u2', 'More')], ['Shared start', 'More']));
    assert.notEqual(a.currentId, deleted, 'window A goes on under a new id');
    assert.deepEqual(notices, ['This conversation was deleted from the history in another window (or removed there as old). It is kept as a new conversation from here on; delete it again from the history if you no longer want it.'], 'and says so');
    assert.deepEqual(await save(a, snapshot([user('u1', 'Shared start'), user('u2', 'More'), user('u3', 'Again')], ['Shared start', 'More', 'Again'])), [], 'once');
    assert.deepEqual(readdirSync(s.dir).filter((f) => f.endsWith('.json')), [`${a.currentId}.json`], 'the deleted one is not back');
    await assert.rejects(b.rename(deleted, 'A name'), { message: `There is no conversation ${deleted}.` });
    assert.ok(!existsSync(join(s.dir, `${deleted}.json`)));
  } finally {
    s.cleanup();
  }
});

test('after a reload, a conversation whose file is gone (pruned or deleted in another window) is a warning while the chat shows its messages; a first message in a new window is none', async () => {
  const s = setup();
  try {
    const fresh = s.make();
    assert.deepEqual(await fresh.resume([user('u1', 'First message')]), {}, 'nothing was saved yet: nothing is missing');
    await save(fresh, snapshot([user('u1', 'First message')], ['First message']));
    const gone = fresh.currentId;
    await new HistoryStore(s.dir).delete(gone); // another window's prune or delete

    const reloaded = s.make();
    const shown = [user('u1', 'First message'), reply('a1', 'Done.')];
    const resumed = await reloaded.resume(shown);
    assert.equal(resumed.conversation, undefined);
    assert.match(resumed.warning ?? '', /no longer in the history.*goes on as a new conversation, and your next message starts afresh/);
    assert.notEqual(reloaded.currentId, gone, 'the chat goes on under a new id: the deleted one is not written again');

    await s.state.update('smallcode.conversation', newConversationId()); // reloaded on a New chat nobody spoke in
    assert.deepEqual(await s.make().resume([]), {}, 'an empty chat has nothing to miss');
  } finally {
    s.cleanup();
  }
});

test('the first save that leaves a long conversation\'s oldest entries out of its file says so, once', async () => {
  const s = setup();
  try {
    const history = new ConversationHistory({ dir: s.dir, state: s.state, openStore: (d) => new HistoryStore(d, { maxConversationBytes: 6000 }), newId: () => newConversationId() });
    const entries = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? reply(`a${i}`, `Reply ${i} ${'r'.repeat(300)}`) : user(`u${i}`, `Task ${i}`)));
    assert.deepEqual(await save(history, snapshot(entries(6), ['Task 0'])), [], 'it all fits: nothing to say');
    const notice = await save(history, snapshot(entries(40), ['Task 0']));
    const kept = (await new HistoryStore(s.dir).load(history.currentId))!.transcript.length;
    assert.ok(kept > 0 && kept < 40);
    assert.deepEqual(notice, [`This conversation is too long for one history file: the saved history keeps its newest ${kept} of 40 chat entries, and leaves the older ones out (they stay in this chat while it is open).`]);
    assert.deepEqual(await save(history, snapshot(entries(42), ['Task 0'])), [], 'said once');
  } finally {
    s.cleanup();
  }
});

test('a save after which pruning removed old conversations says so, once a window: how many, and the limits', async () => {
  const s = setup();
  try {
    const history = new ConversationHistory({ dir: s.dir, state: s.state, openStore: (d) => new HistoryStore(d, { maxConversations: 2, keepRecentMs: 0 }), newId: () => newConversationId() });
    const said: string[][] = [];
    for (const task of ['One', 'Two', 'Three', 'Four']) {
      history.startNew();
      said.push(await save(history, snapshot([user('u1', task)], [task])));
    }
    assert.deepEqual(said, [[], [], ['1 old conversation was removed from the history: it keeps the newest 2 conversations or 100 MB of them, whichever is reached first (renamed ones are removed last).'], []]);
    assert.equal(readdirSync(s.dir).filter((f) => f.endsWith('.json')).length, 2, 'the fourth save pruned too, without a word');
  } finally {
    s.cleanup();
  }
});

test('a conversation another window saved since is no deletion: it goes on under a new id without a notice', async () => {
  const s = setup();
  try {
    const first = s.make();
    await save(first, snapshot([user('u1', 'Shared start')], ['Shared start']));
    const [a, b] = [s.make(), s.make()];
    await a.resume();
    await b.resume();
    assert.deepEqual(await save(a, snapshot([user('u1', 'Shared start'), user('u2', 'From A')], ['Shared start', 'From A'])), []);
    assert.deepEqual(await save(b, snapshot([user('u1', 'Shared start'), user('u3', 'From B')], ['Shared start', 'From B'])), []);
    assert.notEqual(b.currentId, a.currentId, 'B went on under a new id');
  } finally {
    s.cleanup();
  }
});
