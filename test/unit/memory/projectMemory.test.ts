// Project memory in the code index's database: persisted per workspace, searched with FTS4,
// kept through a rebuild of the index, redacted.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { bm25 } from '../../../src/core/memory/sqlNotes';

const base = mkdtempSync(join(tmpdir(), 'smallcode-projmem-'));
after(() => rmSync(base, { recursive: true, force: true }));

async function open(name: string) {
  const root = join(base, name, 'ws');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'a.ts'), 'export function a() {}\n');
  return CodeIndex.open({ root, storageDir: join(base, name, 'store') });
}

test('notes persist across sessions and survive a rebuild of the index', async () => {
  const first = await open('persist');
  assert.equal(await first.memory.remember('test command', 'npm test -- --run'), 'Saved "test command".');
  await first.memory.remember('style', 'tabs, single quotes');
  await first.close();
  const second = await open('persist');
  try {
    assert.equal(await second.memory.load('TEST COMMAND'), 'test command: npm test -- --run');
    assert.equal(await second.memory.load(), '- test command: npm test -- --run\n- style: tabs, single quotes');
    await second.rebuild();
    assert.deepEqual(await second.memory.all(), [{ key: 'test command', value: 'npm test -- --run' }, { key: 'style', value: 'tabs, single quotes' }]);
    assert.equal(await second.memory.forget('style'), true);
    assert.equal(await second.memory.forget('style'), false);
  } finally {
    await second.close();
  }
  const third = await open('persist');
  assert.deepEqual((await third.memory.all()).map((n) => n.key), ['test command']);
  await third.close();
});

test('memory_load with words returns the best matches (BM25 over FTS4)', async () => {
  const index = await open('search');
  try {
    await index.memory.remember('database', 'Postgres 16 in docker compose; migrations with knex');
    await index.memory.remember('deploy', 'fly.io, deploy with the deploy script after tests pass');
    await index.memory.remember('lint', 'eslint flat config, run npm run lint');
    const found = await index.memory.load('how do we deploy');
    assert.match(found, /^No note named "how do we deploy"; the best matches:\n- deploy: fly\.io/);
    assert.doesNotMatch(found, /lint/);
    assert.match(await index.memory.load('migrations'), /- database: Postgres/);
    assert.match(await index.memory.load('kubernetes'), /^No note named "kubernetes"\. Saved notes: database, deploy, lint\.$/);
  } finally {
    await index.close();
  }
});

test('secrets are never stored; replacing a note keeps one copy', async () => {
  const index = await open('secrets');
  try {
    const reply = await index.memory.remember('api', 'call with token sk-proj-abcdefghijklmnopqrstuvwxyz0123456789 in the header');
    assert.match(reply, /Secrets in it were replaced with \[REDACTED\]/);
    assert.doesNotMatch(await index.memory.load('api'), /sk-proj/);
    await index.memory.remember('API', 'no token needed');
    assert.deepEqual(await index.memory.all(), [{ key: 'API', value: 'no token needed' }]);
    assert.match(await index.memory.load('token'), /- API: no token needed/);
  } finally {
    await index.close();
  }
});

test('BM25 from matchinfo: more hits in a shorter note score higher', () => {
  // One phrase, one column, 10 rows, average length 10; this row: length 5, 2 hits, 3 rows have it.
  const short = Uint32Array.from([1, 1, 10, 10, 5, 2, 4, 3]);
  const long = Uint32Array.from([1, 1, 10, 10, 40, 2, 4, 3]);
  const none = Uint32Array.from([1, 1, 10, 10, 5, 0, 4, 3]);
  assert.ok(bm25(new Uint8Array(short.buffer)) > bm25(new Uint8Array(long.buffer)));
  assert.equal(bm25(new Uint8Array(none.buffer)), 0);
});

test('keys differing only in non-ASCII case are one note (SQLite NOCASE folds only ASCII); duplicates an older version left are merged', async () => {
  const index = await open('unicode-case');
  try {
    await index.memory.remember('Übersetzung', 'old: strings live in i18n/de.json');
    await index.memory.remember('übersetzung', 'new: strings moved to locales/de/*.json');
    assert.deepEqual(await index.memory.all(), [{ key: 'übersetzung', value: 'new: strings moved to locales/de/*.json' }]);
    assert.equal(await index.memory.load('ÜBERSETZUNG'), 'übersetzung: new: strings moved to locales/de/*.json');
    // Two rows as the old code left them: a save replaces both, a forget removes both.
    index.notes['db']().run("INSERT INTO memory(key, value, updated) VALUES ('Ärger', 'one', 1), ('AERGER', 'not the same key', 2), ('ärger', 'two', 3)");
    assert.equal(await index.memory.load('ÄRGER'), 'ärger: two', 'the newest of the duplicates');
    assert.equal(await index.memory.forget('ÄRGER'), true);
    assert.deepEqual((await index.memory.all()).map((n) => n.key), ['AERGER', 'übersetzung']);
    index.notes['db']().run("INSERT INTO memory(key, value, updated) VALUES ('Ärger', 'one', 1), ('ärger', 'two', 3)");
    await index.memory.remember('ärger', 'three');
    assert.deepEqual((await index.memory.all()).filter((n) => n.key.endsWith('rger')), [{ key: 'ärger', value: 'three' }]);
  } finally {
    await index.close();
  }
});
