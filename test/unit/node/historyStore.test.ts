// Saved conversations: a round trip, newest first, search, rename, delete; bounded in count and size;
// written atomically; a damaged file skipped with a warning; no secret written to disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fsp from 'node:fs/promises';
import { HistoryStore, newConversationId, type SavedConversation } from '../../../src/node/historyStore';

type Entry = { id: string; role: string; text: string };

function record(i: number, extra: Partial<SavedConversation<Entry>> = {}): SavedConversation<Entry> {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  return {
    version: 1, id: newConversationId(1_000_000 + i), title: `Task number ${i}`, createdAt: at, updatedAt: at, model: 'qwen2.5-coder-7b', endpoint: 'http://127.0.0.1:8080/v1',
    conversation: { version: 1, messages: [{ role: 'user', content: `Task number ${i}` }, { role: 'assistant', content: `Reply ${i}` }], summary: '', tasks: [0] },
    transcript: [{ id: 'u1', role: 'user', text: `Task number ${i}` }, { id: 'a1', role: 'assistant', text: `Reply ${i}` }],
    extra: { usage: { promptTokens: 10, completionTokens: 5, requests: 1 } },
    ...extra,
  };
}

async function withStore(fn: (store: HistoryStore, dir: string) => Promise<void>, options: ConstructorParameters<typeof HistoryStore>[1] = {}): Promise<void> {
  const dir = join(mkdtempSync(join(tmpdir(), 'smallcode-history-')), 'history');
  try {
    await fn(new HistoryStore(dir, options), dir);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

test('a saved conversation loads back as it was; the list is newest first; search, rename and delete work', async () => {
  await withStore(async (store) => {
    const [a, b, c] = [record(1), record(2, { transcript: [{ id: 'u', role: 'user', text: 'Rename the Flamingo class' }] }), record(3)];
    for (const r of [a, b, c]) await store.save(r);
    assert.deepEqual(await store.load(b.id), b);
    assert.equal(await store.load(newConversationId()), undefined);
    const listed = await store.list();
    assert.deepEqual(listed.items.map((i) => i.id), [c.id, b.id, a.id]);
    assert.deepEqual(listed.warnings, []);
    assert.deepEqual(Object.keys(listed.items[0]!).sort(), ['createdAt', 'endpoint', 'id', 'model', 'title', 'updatedAt']);
    assert.deepEqual((await store.list('flamingo')).items.map((i) => i.id), [b.id], 'search reads the transcript, any case');
    assert.deepEqual((await store.list('number 3')).items.map((i) => i.id), [c.id], 'and the title');
    await store.rename(a.id, '  Loop fix  ');
    assert.equal((await store.load(a.id))!.title, 'Loop fix');
    await assert.rejects(store.rename(a.id, '   '), /needs a name/);
    await store.delete(a.id);
    assert.deepEqual((await store.list()).items.map((i) => i.id), [c.id, b.id]);
    await assert.rejects(store.load('../escape'), /not a conversation id/);
  });
});

test('an empty or missing folder is an empty history', async () => {
  await withStore(async (store) => {
    assert.deepEqual(await store.list(), { items: [], warnings: [] });
  });
});

test('a damaged file is skipped with a warning; the others are listed', async () => {
  await withStore(async (store, dir) => {
    const good = record(1);
    await store.save(good);
    const broken = newConversationId(2_000_000);
    writeFileSync(join(dir, `${broken}.json`), '{"version": 1, "id": "trunc');
    const wrong = newConversationId(2_000_001);
    writeFileSync(join(dir, `${wrong}.json`), JSON.stringify({ ...record(2), id: wrong, conversation: { version: 1, messages: 'no', summary: '', tasks: [] } }));
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const listed = await store.list();
    assert.deepEqual(listed.items.map((i) => i.id), [good.id]);
    assert.equal(listed.warnings.length, 2);
    assert.match(listed.warnings.join('\n'), new RegExp(`Conversation ${broken} is damaged`));
    assert.match(listed.warnings.join('\n'), /message list/);
    await assert.rejects(store.load(broken), /damaged/);
  });
});

test('the newest conversations are kept, by count and by total size; the one just saved always is', async () => {
  await withStore(async (store, dir) => {
    const saved = [];
    for (let i = 0; i < 6; i++) {
      const r = record(i);
      saved.push(r.id);
      await store.save(r);
    }
    assert.deepEqual(readdirSync(dir).sort(), saved.slice(-3).map((id) => `${id}.json`), 'only the newest 3 files are left');
  }, { maxConversations: 3, keepRecentMs: 0 });
  await withStore(async (store, dir) => {
    const big = (i: number) => record(i, { transcript: [{ id: 'x', role: 'assistant', text: 'x'.repeat(3000) }] });
    const ids = [];
    for (let i = 0; i < 5; i++) {
      const r = big(i);
      ids.push(r.id);
      await store.save(r);
    }
    const left = readdirSync(dir).sort();
    assert.ok(left.length < 5 && left.length >= 1, `pruned to the size cap (${left.length} left)`);
    assert.deepEqual(left, ids.slice(-left.length).map((id) => `${id}.json`));
  }, { maxTotalBytes: 10_000, keepRecentMs: 0 });
});

test('a transcript too long for one file loses its oldest entries; a model side too large is refused and the old file stays', async () => {
  await withStore(async (store, dir) => {
    const entries = Array.from({ length: 40 }, (_, i) => ({ id: `e${i}`, role: 'assistant', text: `${i}:${'y'.repeat(500)}` }));
    const r = record(1, { transcript: entries });
    await store.save(r);
    const loaded = (await store.load(r.id))!;
    assert.ok(loaded.transcript.length < 40 && loaded.transcript.length > 0);
    assert.deepEqual(loaded.transcript.at(-1), entries.at(-1), 'the newest entries are kept');
    assert.ok(readFileSync(join(dir, `${r.id}.json`)).length <= 8000);
    const huge = { ...r, conversation: { ...r.conversation, messages: [{ role: 'user' as const, content: 'z'.repeat(9000) }] } };
    await assert.rejects(store.save(huge), /^HistoryError: what the model was shown of it takes 9 KB, more than the 8 KB one saved conversation may hold/);
    assert.deepEqual((await store.load(r.id))!.conversation, r.conversation, 'the earlier save is intact');
  }, { maxConversationBytes: 8000 });
});

test('saves are atomic: many at once leave one whole file and no temporary files', async () => {
  await withStore(async (store, dir) => {
    const base = record(1);
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.save({ ...base, title: `version ${i}`, transcript: [{ id: 'e', role: 'user', text: 'w'.repeat(20_000 + i) }] })));
    assert.deepEqual(readdirSync(dir), [`${base.id}.json`]);
    const loaded = (await store.load(base.id))!;
    assert.match(loaded.title, /^version \d+$/);
    assert.equal((loaded.transcript[0] as Entry).text.length, 20_000 + Number(loaded.title.split(' ')[1]), 'title and transcript are from the same save');
  });
});

test('no secret reaches the disk: texts, call arguments (a .env file whole), transcript, title and plan are redacted', async () => {
  await withStore(async (store, dir) => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwx1234';
    const envValue = 'hunter2-database-pass';
    const r = record(1, {
      title: `Use ${key} for the client`,
      conversation: {
        version: 1, summary: `Earlier: the key ${key} was set.`, tasks: [0],
        messages: [
          { role: 'user', content: `Set OPENAI_API_KEY=${key} in .env` },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call00001', type: 'function', function: { name: 'write_file', arguments: JSON.stringify({ path: '.env', content: `DB_PASSWORD=${envValue}\n` }) } }] },
          { role: 'tool', tool_call_id: 'call00001', name: 'write_file', content: 'Created .env' },
          { role: 'assistant', content: `Done; the database value ${envValue} is in .env.` },
        ],
      },
      transcript: [{ id: 'u', role: 'user', text: `Set OPENAI_API_KEY=${key} in .env` }, { id: 'a', role: 'assistant', text: `Done; ${envValue} is set.` }],
      extra: { plan: { steps: [{ text: `store ${key}` }] }, apiKey: 'plain-value-123' },
    });
    await store.save(r);
    const disk = readFileSync(join(dir, `${r.id}.json`), 'utf8');
    for (const secret of [key, envValue, 'plain-value-123']) assert.ok(!disk.includes(secret), `${secret} was written`);
    const loaded = (await store.load(r.id))!;
    assert.equal(loaded.conversation.messages.length, 4, 'the conversation keeps its shape');
    assert.equal(JSON.parse((loaded.conversation.messages[1] as { tool_calls: { function: { arguments: string } }[] }).tool_calls[0]!.function.arguments).path, '.env');
  });
});

test('a .env file\'s plain values (a port, a flag) stay in the texts, its secret is hidden wherever it recurs; the file loads with its ids, roles and numbers', async () => {
  await withStore(async (store, dir) => {
    const r = record(2, {
      conversation: {
        version: 1, summary: '', tasks: [0],
        messages: [
          { role: 'user', content: 'Write the .env' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call00001', type: 'function', function: { name: 'write_file', arguments: JSON.stringify({ path: '.env', content: 'PORT=8080\nDEBUG=true\nUSER=user\nSECRET=s3cret-value\n' }) } }] },
          { role: 'tool', tool_call_id: 'call00001', name: 'write_file', content: 'Created .env' },
          { role: 'assistant', content: 'The server listens on 8080 with the value s3cret-value.' },
        ],
      },
      transcript: [{ id: 'u1', role: 'user', text: 'Write the .env' }, { id: 'a1', role: 'assistant', text: 'Done: s3cret-value on 8080, debug true.' }],
      extra: { usage: { promptTokens: 8080, completionTokens: 5, requests: 1 }, tasks: [{ entry: 'u1', task: 'Write the .env', index: 0, files: ['.env'] }], flag: true },
    });
    await store.save(r);
    const disk = readFileSync(join(dir, `${r.id}.json`), 'utf8');
    assert.ok(!disk.includes('s3cret-value'));
    const loaded = await store.load(r.id);
    assert.ok(loaded, 'the file loads');
    assert.deepEqual(loaded.transcript.map((e) => [(e as Entry).id, (e as Entry).role]), [['u1', 'user'], ['a1', 'assistant']]);
    assert.deepEqual(loaded.conversation.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
    assert.deepEqual(loaded.extra, { usage: { promptTokens: 8080, completionTokens: 5, requests: 1 }, tasks: [{ entry: 'u1', task: 'Write the .env', index: 0, files: ['.env'] }], flag: true });
    const args = JSON.parse((loaded.conversation.messages[1] as { tool_calls: { function: { arguments: string } }[] }).tool_calls[0]!.function.arguments);
    assert.deepEqual(Object.keys(args), ['path', 'content'], 'the arguments keep their keys');
    assert.equal((loaded.conversation.messages[3]!.content as string), 'The server listens on 8080 with the value [REDACTED].');
    assert.equal((loaded.transcript[1] as Entry).text, 'Done: [REDACTED] on 8080, debug true.');
    assert.match(JSON.parse((loaded.conversation.messages[1] as { tool_calls: { function: { arguments: string } }[] }).tool_calls[0]!.function.arguments).content, /^PORT=\[REDACTED\]\nDEBUG=\[REDACTED\]\n/, 'the .env file itself has every value hidden');
    assert.equal((await store.list()).warnings.length, 0);
  });
});

test('a search reads each file once: later searches use the text kept for it until the file changes', async () => {
  await withStore(async (store) => {
    const loads: string[] = [];
    const load = store.load.bind(store);
    store.load = async (id) => { loads.push(id); return load(id); };
    const records = [record(1), record(2), record(3)];
    for (const r of records) await store.save(r);
    assert.deepEqual((await store.list('reply 2')).items.map((i) => i.id), [records[1]!.id]);
    assert.equal(loads.length, 3);
    assert.deepEqual((await store.list('task number')).items.length, 3);
    assert.deepEqual((await store.list('')).items.length, 3);
    assert.equal(loads.length, 3, 'nothing read again');
    await store.save({ ...records[0]!, transcript: [{ id: 'u1', role: 'user', text: 'Now about herons' }], updatedAt: new Date(Date.UTC(2026, 0, 2)).toISOString() });
    assert.deepEqual((await store.list('HERONS')).items.map((i) => i.id), [records[0]!.id]);
    assert.deepEqual(loads.slice(3), [records[0]!.id], 'only the changed file is read again');
  });
});

test('a .env file read by a tool or attached to a task has every value hidden on disk; its secrets wherever they recur, its host and service names nowhere else', async () => {
  const { attachedFileText } = await import('../../../src/core/security');
  await withStore(async (store, dir) => {
    const env = 'DB_HOST=db.internal.example\nDB_USER=warehouse_admin\nDB_PASSWORD=Wh-2024!ledger\n';
    const task = `Why does the app not connect?\n\n${attachedFileText('.env', env)}`;
    const r = record(3, {
      conversation: {
        version: 1, summary: '', tasks: [0],
        messages: [
          { role: 'user', content: task },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call00002', type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path: 'config/.env' }) } }] },
          { role: 'tool', tool_call_id: 'call00002', name: 'read_file', content: 'config/.env (2 lines):\n1| API_ROOT=https://api.internal.example\n2| SIGNING_KEY=9f8e7d6c5b4a39281706' },
          { role: 'assistant', content: 'It talks to ledger-prod-7 at db.internal.example, signed with 9f8e7d6c5b4a39281706.' },
        ],
      },
      transcript: [{ id: 'u', role: 'user', text: 'Why does the app not connect?' }, { id: 'a', role: 'assistant', text: 'As warehouse_admin (password Wh-2024!ledger) on db.internal.example.' }],
      extra: { tasks: [{ entry: 'u', task, index: 0, files: [] }] },
    });
    await store.save(r);
    const disk = readFileSync(join(dir, `${r.id}.json`), 'utf8');
    for (const secret of ['Wh-2024!ledger', '9f8e7d6c5b4a39281706', 'https://api.internal.example']) assert.ok(!disk.includes(secret), `${secret} was written`);
    const loaded = (await store.load(r.id))!;
    assert.match(loaded.conversation.messages[0]!.content as string, /DB_HOST=\[REDACTED\]\nDB_USER=\[REDACTED\]\nDB_PASSWORD=\[REDACTED\]/);
    assert.match(loaded.conversation.messages[2]!.content as string, /1\| API_ROOT=\[REDACTED\]/);
    assert.equal(loaded.conversation.messages[3]!.content, 'It talks to ledger-prod-7 at db.internal.example, signed with [REDACTED].');
    assert.equal((loaded.transcript[1] as Entry).text, 'As warehouse_admin (password [REDACTED]) on db.internal.example.');
  });
});

test('after the model read a .env file, the saved conversation keeps the user\'s words, the replies and the files read; only the .env file and its key are hidden', async () => {
  await withStore(async (store, dir) => {
    const call = (id: string, path: string) => ({ role: 'assistant' as const, content: null, tool_calls: [{ id, type: 'function' as const, function: { name: 'read_file', arguments: JSON.stringify({ path }) } }] });
    const server = 'export function isReady() {\n  if (!started) return false;\n  return true;\n}\nlisten(\'localhost\', 3000);';
    const r = record(4, {
      transcript: [{ id: '1', role: 'user', text: 'Why does the dev server not start on port 3000?' }, { id: '2', role: 'assistant', text: 'isReady() must return true; the server binds localhost:3000. Your key abc123xyz is fine.' }],
      conversation: { version: 1, summary: '', tasks: [0], messages: [
        { role: 'user', content: 'Why does the dev server not start on port 3000?' },
        call('c1', '.env'), { role: 'tool', tool_call_id: 'c1', content: 'PORT=3000\nDEBUG=true\nHOST=localhost\nNODE_ENV=development\nAPI_KEY=abc123xyz' },
        call('c2', 'src/server.ts'), { role: 'tool', tool_call_id: 'c2', content: server },
        { role: 'assistant', content: 'isReady() must return true; the server binds localhost:3000 in development.' },
      ] },
    });
    await store.save(r);
    const saved = JSON.parse(readFileSync(join(dir, `${r.id}.json`), 'utf8')) as SavedConversation<Entry>;
    assert.deepEqual(saved.transcript.map((e) => e.text), ['Why does the dev server not start on port 3000?', 'isReady() must return true; the server binds localhost:3000. Your key [REDACTED] is fine.']);
    assert.deepEqual(saved.conversation.messages.filter((m) => m.content).map((m) => m.content), [
      'Why does the dev server not start on port 3000?',
      'PORT=[REDACTED]\nDEBUG=[REDACTED]\nHOST=[REDACTED]\nNODE_ENV=[REDACTED]\nAPI_KEY=[REDACTED]',
      server,
      'isReady() must return true; the server binds localhost:3000 in development.',
    ]);
  });
});

test('pruning never deletes the pinned conversation (the one open in the chat), and clears temporary files a crash left', async () => {
  const { utimesSync } = await import('node:fs');
  await withStore(async (store, dir) => {
    const open = record(0);
    await store.save(open);
    store.pinned = () => [open.id];
    const stale = join(dir, `.${open.id}.json.123.abcd.smallcode-tmp`);
    const fresh = join(dir, `.${open.id}.json.124.abce.smallcode-tmp`);
    writeFileSync(stale, '{"half');
    writeFileSync(fresh, '{"being written');
    const hourAgo = (Date.now() - 3_600_000) / 1000;
    utimesSync(stale, hourAgo, hourAgo);
    for (let i = 1; i < 5; i++) await store.save(record(i));
    const left = readdirSync(dir);
    assert.ok(left.includes(`${open.id}.json`), 'the open conversation stays, though the oldest');
    assert.equal(left.filter((f) => f.endsWith('.json')).length, 2);
    assert.ok(!left.includes(stale.split('/').at(-1)!), 'the stale temporary file is gone');
    assert.ok(left.includes(fresh.split('/').at(-1)!), 'a write that may be in progress is left alone');
    assert.equal(await store.rename(open.id, `  ${'n'.repeat(300)}  `), 'n'.repeat(200), 'rename says the name it kept');
  }, { maxConversations: 2, keepRecentMs: 0 });
});

test('a save checks its revision without reading the file when only this store wrote or read it; another writer\'s save is read and refused', async () => {
  await withStore(async (store, dir) => {
    const loads: string[] = [];
    const load = store.load.bind(store);
    store.load = async (id) => { loads.push(id); return load(id); };
    const first = record(1);
    await store.save(first, { expected: undefined });
    const second = { ...first, updatedAt: new Date(Date.UTC(2026, 0, 2)).toISOString() };
    await store.save(second, { expected: first.updatedAt });
    assert.deepEqual(loads, [], 'no file before, and then the one this store wrote: nothing read');

    const other = new HistoryStore(dir); // a second window
    assert.equal((await other.load(first.id))!.updatedAt, second.updatedAt);
    const third = { ...first, updatedAt: new Date(Date.UTC(2026, 0, 3)).toISOString() };
    await other.save(third, { expected: second.updatedAt });
    await assert.rejects(store.save({ ...first, updatedAt: new Date(Date.UTC(2026, 0, 4)).toISOString() }, { expected: second.updatedAt }), { name: 'ConflictError' });
    assert.deepEqual(loads, [first.id], 'the file another store wrote is read');
    assert.equal((await other.load(first.id))!.updatedAt, third.updatedAt, 'and kept');

    const reread = new HistoryStore(dir);
    const counted: string[] = [];
    const readBack = reread.load.bind(reread);
    reread.load = async (id) => { counted.push(id); return readBack(id); };
    await reread.load(first.id);
    await reread.save({ ...first, updatedAt: new Date(Date.UTC(2026, 0, 5)).toISOString() }, { expected: third.updatedAt });
    assert.deepEqual(counted, [first.id], 'a file this store read is not read again to save it');
  });
});

test('a .env file\'s lines sent by @selection or Fix selection have every value hidden on disk, as a .env file attached', async () => {
  const { buildFixSelectionTask } = await import('../../../src/core/fixSelectionTask');
  const { attachedFileText, selectionText } = await import('../../../src/core/security');
  await withStore(async (store, dir) => {
    const lines = 'MAIL_LOGIN=mysupersecret12\nHOOK=zq8Kf3p9LmQ2vX7r\n';
    // as src/extension/mentions.ts writes the selection (through selectionText) after the typed text
    const selected = `Why is this wrong?\n\n${selectionText('config/.env', 1, 2, lines.trimEnd())}\n\n${attachedFileText('src/mail.ts', 'const login = process.env.MAIL_LOGIN;')}`;
    const fix = buildFixSelectionTask({ path: '.env', languageId: 'dotenv', startLine: 1, endLine: 2, code: lines, diagnostics: [] });
    const r = record(4, {
      conversation: { version: 1, summary: '', tasks: [0, 2], messages: [{ role: 'user', content: selected }, { role: 'assistant', content: 'Fine.' }, { role: 'user', content: fix }, { role: 'assistant', content: 'Fixed.' }] },
      transcript: [{ id: 'u1', role: 'user', text: 'Why is this wrong?' }, { id: 'u2', role: 'user', text: fix }],
      extra: { tasks: [{ entry: 'u1', task: selected, index: 0, files: [] }, { entry: 'u2', task: fix, index: 2, files: [] }] },
    });
    await store.save(r);
    const disk = readFileSync(join(dir, `${r.id}.json`), 'utf8');
    for (const value of ['mysupersecret12', 'zq8Kf3p9LmQ2vX7r']) assert.ok(!disk.includes(value), `${value} was written`);
    const loaded = (await store.load(r.id))!;
    assert.match(loaded.conversation.messages[0]!.content as string, /Selection in config\/\.env \(lines 1-2\):\nMAIL_LOGIN=\[REDACTED\]\nHOOK=\[REDACTED\]\n\nFile src\/mail\.ts:\nconst login = process\.env\.MAIL_LOGIN;/, 'the file after it is as it was');
    assert.match((loaded.transcript[1] as Entry).text, /Change only \.env lines 1-2\.\n\n```dotenv\nMAIL_LOGIN=\[REDACTED\]\nHOOK=\[REDACTED\]\n```$/);
  });
});

test('a name given in another window (a second store on the folder) after this one read the file survives this one\'s saves; a later name given here wins', async () => {
  await withStore(async (store, dir) => {
    const first = record(1);
    await store.save(first, { expected: undefined });
    const other = new HistoryStore(dir); // a second window, renaming from its history list
    assert.equal(await other.rename(first.id, 'Named elsewhere', '2026-01-01T00:10:00.000Z'), 'Named elsewhere');

    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
    const grown = { ...first, updatedAt: at(20), transcript: [...first.transcript, { id: 'u2', role: 'user', text: 'Go on' }] };
    await store.save(grown, { expected: first.updatedAt }); // this window still holds the old title
    let saved = (await other.load(first.id))!;
    assert.equal(saved.title, 'Named elsewhere', 'the rename is not undone');
    assert.equal(saved.renamedAt, '2026-01-01T00:10:00.000Z');
    assert.deepEqual(saved.transcript, grown.transcript, 'and the save stands');
    await store.save({ ...grown, updatedAt: at(21) }, { expected: at(20) });
    assert.equal((await other.load(first.id))!.title, 'Named elsewhere', 'nor by the saves after it');

    await store.save({ ...grown, updatedAt: at(22), title: 'Named here', renamedAt: at(22) }, { expected: at(21) });
    saved = (await other.load(first.id))!;
    assert.equal(saved.title, 'Named here', 'the later rename wins');
    assert.equal(saved.renamedAt, at(22));
    assert.deepEqual((await store.list()).items.map((i) => i.title), ['Named here']);
  });
});

test('a rename whose file another window saved after the rename read it keeps that save and applies the name (the rename goes through the revision check)', async () => {
  await withStore(async (store, dir) => {
    const first = record(1);
    await store.save(first, { expected: undefined });
    const other = new HistoryStore(dir); // a second window, still running the conversation
    assert.equal((await other.load(first.id))!.updatedAt, first.updatedAt);
    const grown = { ...first, updatedAt: new Date(Date.UTC(2026, 0, 2)).toISOString(), transcript: [...first.transcript, { id: 'u2', role: 'user', text: 'Go on' }] };
    // the other window's save lands between the rename's read and its write
    const load = store.load.bind(store);
    let reads = 0;
    store.load = async (id) => {
      const read = await load(id);
      if (++reads === 1) await other.save(grown, { expected: first.updatedAt });
      return read;
    };
    assert.equal(await store.rename(first.id, 'Named here', '2026-01-03T00:00:00.000Z'), 'Named here');
    const saved = (await new HistoryStore(dir).load(first.id))!;
    assert.deepEqual(saved.transcript, grown.transcript, 'the later save is not undone by the content the rename read');
    assert.equal(saved.updatedAt, grown.updatedAt);
    assert.equal(saved.title, 'Named here', 'and the name is applied to it');
    assert.equal(saved.renamedAt, '2026-01-03T00:00:00.000Z');
    // the other window's next save is no conflict (a rename keeps updatedAt) and keeps the name
    const next = { ...grown, updatedAt: new Date(Date.UTC(2026, 0, 4)).toISOString() };
    await other.save(next, { expected: grown.updatedAt });
    assert.equal((await other.load(first.id))!.title, 'Named here');
  });
});

test('a rename that another window\'s saves keep overtaking stops after a bounded number of tries with a conflict, and writes nothing over them', async () => {
  await withStore(async (store, dir) => {
    const first = record(1);
    await store.save(first, { expected: undefined });
    const other = new HistoryStore(dir);
    let latest = first;
    // the other window saves after each read of the rename's own (a save's revision check holds the
    // conversation's lock: no save lands between its read and its write)
    const save = store.save.bind(store);
    let saving = false;
    store.save = async (...args) => {
      saving = true;
      try {
        return await save(...args);
      } finally {
        saving = false;
      }
    };
    const load = store.load.bind(store);
    let reads = 0;
    store.load = async (id) => {
      const read = await load(id);
      if (saving) return read;
      reads++;
      const next = { ...latest, updatedAt: new Date(Date.UTC(2026, 0, 2, 0, reads)).toISOString(), transcript: [...latest.transcript, { id: `u${reads}`, role: 'user', text: `Save ${reads}` }] };
      await other.save(next, { expected: latest.updatedAt });
      latest = next;
      return read;
    };
    await assert.rejects(store.rename(first.id, 'Never applied'), { name: 'ConflictError' });
    assert.ok(reads <= 5, `${reads} reads: the tries are bounded`);
    const saved = (await new HistoryStore(dir).load(first.id))!;
    assert.deepEqual(saved.transcript, latest.transcript, 'the other window\'s last save stands');
    assert.equal(saved.title, first.title);
  });
});

/**
 * Window A saves `saved` over the file it read; window B runs `act` while A is between its revision
 * check (it reads the file: another store wrote it) and its write. B, told to wait for the lock, goes
 * on once A's save is done: no sleep, the order is forced. Once A's save is done: what B does (`b`).
 */
async function betweenCheckAndWrite<T>(dir: string, saved: SavedConversation<Entry>, expected: string, act: (windowB: HistoryStore) => Promise<T>): Promise<{ b: Promise<T> }> {
  let aSave: Promise<unknown> | undefined;
  let signalWaiting!: () => void;
  const bWaits = new Promise<void>((resolve) => (signalWaiting = resolve));
  const windowA = new HistoryStore(dir);
  const windowB = new HistoryStore(dir, { lock: { pause: async () => { signalWaiting(); await aSave!.catch(() => undefined); } } });
  let bActs: Promise<T> | undefined;
  const load = windowA.load.bind(windowA);
  windowA.load = async (id) => {
    const read = await load(id);
    bActs ??= act(windowB);
    await Promise.race([bActs.catch(() => undefined), bWaits]);
    return read;
  };
  aSave = windowA.save(saved, { expected });
  await aSave;
  assert.ok(bActs, 'window B acted while window A was between its check and its write');
  return { b: bActs };
}

// Two windows of one workspace save the same conversation: a save's revision check and its write hold the
// conversation's lock file, so the other window's save cannot land between them (and be overwritten).
test('a save landing between another save\'s revision check and its write waits for that write, then is refused: neither is lost', async () => {
  await withStore(async (store, dir) => {
    const first = record(1);
    await store.save(first, { expected: undefined });
    const grown = (who: string, day: number) => ({ ...first, updatedAt: new Date(Date.UTC(2026, 0, day)).toISOString(), transcript: [...first.transcript, { id: 'u2', role: 'user', text: `From window ${who}` }] });
    const [fromA, fromB] = [grown('A', 2), grown('B', 3)];
    const { b: bSave } = await betweenCheckAndWrite(dir, fromA, first.updatedAt, (windowB) => windowB.save(fromB, { expected: first.updatedAt }));
    await assert.rejects(bSave, { name: 'ConflictError' }, 'window B is told its save did not land (it goes on under a new id), not told it saved');
    const saved = (await new HistoryStore(dir).load(first.id))!;
    assert.deepEqual(saved.transcript, fromA.transcript, 'window A\'s save stands');
    assert.deepEqual(readdirSync(dir), [`${first.id}.json`], 'no lock file is left');
  });
});

test('a delete asked between another window\'s revision check and its write waits for that write, then deletes: the conversation does not come back', async () => {
  await withStore(async (store, dir) => {
    const first = record(1);
    await store.save(first, { expected: undefined });
    const fromA = { ...first, updatedAt: new Date(Date.UTC(2026, 0, 2)).toISOString() };
    await (await betweenCheckAndWrite(dir, fromA, first.updatedAt, (windowB) => windowB.delete(first.id))).b;
    assert.equal(await new HistoryStore(dir).load(first.id), undefined, 'the conversation stays deleted');
    assert.deepEqual(readdirSync(dir), [], 'no lock file is left');
  });
});

test('the lock is released when a save fails; a lock whose holder is gone does not block saving; a live holder makes a save fail in bounded time', async () => {
  const { spawnSync } = await import('node:child_process');
  const { hostname } = await import('node:os');
  const { utimesSync } = await import('node:fs');
  await withStore(async (store, dir) => {
    const first = record(1);
    // a model side too large is refused inside the lock: the lock goes with the failure
    const huge = { ...first, conversation: { ...first.conversation, messages: [{ role: 'user' as const, content: 'x'.repeat(5000) }] } };
    await assert.rejects(store.save(huge), /takes/);
    await store.save(first, { expected: undefined });
    const lock = join(dir, `.${first.id}.lock`);
    // a window that crashed while it held the lock: its process is gone
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(lock, JSON.stringify({ pid: gone, host: hostname() }));
    const next = { ...first, updatedAt: new Date(Date.UTC(2026, 0, 2)).toISOString() };
    await store.save(next, { expected: first.updatedAt });
    assert.deepEqual(readdirSync(dir), [`${first.id}.json`], 'the crashed window\'s lock is taken over, then removed');
    // a lock from a process that is still running (on this machine or another) blocks until it is older than any save holds one
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname() }));
    const waiting = new HistoryStore(dir, { lock: { waitMs: 0 } });
    await assert.rejects(waiting.save({ ...next, updatedAt: new Date(Date.UTC(2026, 0, 3)).toISOString() }, { expected: next.updatedAt }), (error: Error) => error.name === 'HistoryError' && /another SmallCode window has been saving conversation/.test(error.message));
    assert.equal((await store.load(first.id))!.updatedAt, next.updatedAt, 'nothing was written');
    const longAgo = (Date.now() - 3_600_000) / 1000;
    utimesSync(lock, longAgo, longAgo);
    await waiting.save({ ...next, updatedAt: new Date(Date.UTC(2026, 0, 3)).toISOString() }, { expected: next.updatedAt });
    assert.deepEqual(readdirSync(dir), [`${first.id}.json`]);
  }, { maxConversationBytes: 2000 });
});

test('a stat of the conversation refused (an antivirus holding it on Windows) fails the save, and the next one writes: no fork of a conversation still on disk', async () => {
  await withStore(async (store, dir) => {
    const first = record(1);
    await store.save(first, { expected: undefined });
    const { lstat } = fsp;
    fsp.lstat = (async (p: Parameters<typeof lstat>[0], ...rest: [never]) => {
      if (String(p).endsWith(`${first.id}.json`)) throw Object.assign(new Error('EPERM: operation not permitted, lstat'), { code: 'EPERM' });
      return lstat(p, ...rest);
    }) as typeof lstat;
    const later = { ...first, updatedAt: new Date(Date.UTC(2026, 0, 2)).toISOString() };
    try {
      await assert.rejects(store.save(later, { expected: first.updatedAt }), { name: 'HistoryError', message: /could not be checked before saving \(EPERM/ });
    } finally {
      fsp.lstat = lstat;
    }
    await store.save(later, { expected: first.updatedAt });
    assert.deepEqual(readdirSync(dir), [`${first.id}.json`]);
    assert.equal((await store.load(first.id))?.updatedAt, later.updatedAt);
  });
});

test('a conversation deleted elsewhere after this writer read or wrote it is not written again: the save is a conflict, a rename says it is gone', async () => {
  await withStore(async (store, dir) => {
    const first = record(1);
    await store.save(first, { expected: undefined });
    await new HistoryStore(dir).delete(first.id); // another window deletes it
    const later = { ...first, updatedAt: new Date(Date.UTC(2026, 0, 2)).toISOString() };
    await assert.rejects(store.save(later, { expected: first.updatedAt }), { name: 'ConflictError', message: /deleted elsewhere/ });
    assert.deepEqual(readdirSync(dir), [], 'the deleted conversation stays deleted');

    // a rename whose read lands before another window's delete, and its write after it
    const second = record(2);
    await store.save(second, { expected: undefined });
    const load = store.load.bind(store);
    let deleted = false;
    store.load = async (id) => {
      const read = await load(id);
      if (!deleted) {
        deleted = true;
        await new HistoryStore(dir).delete(id);
      }
      return read;
    };
    await assert.rejects(store.rename(second.id, 'New name'), { name: 'HistoryError', message: `There is no conversation ${second.id}.` });
    assert.deepEqual(readdirSync(dir), [], 'the rename wrote nothing back');
  });
});

test('pruning spares a conversation written lately (another window may have it open) up to twice the limits; an older one goes first', async () => {
  const { utimesSync } = await import('node:fs');
  await withStore(async (windowA, dir) => {
    const openInA = record(0);
    await windowA.save(openInA);
    const old = record(1);
    await windowA.save(old);
    const twoDaysAgo = (Date.now() - 48 * 3_600_000) / 1000;
    utimesSync(join(dir, `${old.id}.json`), twoDaysAgo, twoDaysAgo);
    const windowB = new HistoryStore(dir, { maxConversations: 3 });
    const fromB = [2, 3, 4].map((i) => record(i));
    for (const r of fromB) await windowB.save(r);
    const left = () => readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.ok(left().includes(`${openInA.id}.json`), 'the conversation written lately in window A stays');
    assert.ok(!left().includes(`${old.id}.json`), 'the one not written for two days goes');
    for (const i of [5, 6, 7]) await windowB.save(record(i));
    assert.equal(left().length, 6, 'bounded: twice the limit at most');
    assert.ok(!left().includes(`${openInA.id}.json`), 'beyond it the oldest goes, however recent');
  });
});

test('a transcript too long for one file loses exactly as many of its oldest entries as the limit needs, and the save says how many', async () => {
  await withStore(async (store, dir) => {
    const entries = Array.from({ length: 60 }, (_, i) => ({ id: `e${i}`, role: 'assistant', text: `${i}:${'y'.repeat(400 + (i % 7) * 13)}` }));
    for (const count of [18, 30, 45, 60, 10]) {
      const r = record(count, { transcript: entries.slice(0, count) });
      const saved = await store.save(r);
      const file = readFileSync(join(dir, `${r.id}.json`));
      const loaded = (await store.load(r.id))!;
      const leftOut = count - loaded.transcript.length;
      assert.deepEqual(loaded.transcript, entries.slice(leftOut, count), 'the newest entries are kept, in order');
      assert.ok(file.length <= 8000, `within the limit (${file.length})`);
      if (leftOut > 0) {
        const oneMore = Buffer.byteLength(JSON.stringify(entries[leftOut - 1])) + 1;
        assert.ok(file.length - 1 + oneMore > 8000, `one more entry would not fit (${count} entries, ${leftOut} left out, ${file.length} bytes)`);
      }
      assert.equal(saved?.leftOut, leftOut, 'the save says how many entries it left out');
    }
  }, { maxConversationBytes: 8000 });
});
