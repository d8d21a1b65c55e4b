// The database's migrations: project memory is carried forward step by step (PRAGMA user_version),
// the index's tables are rebuilt when their schema changes, and a database that cannot be migrated
// is replaced by an empty one with one warning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { INDEX_FILE } from '../../../src/node/codeIndex/fileStorage';
import { loadSqlEngine } from '../../../src/node/codeIndex/sqlJsEngine';
import { INDEX_SCHEMA, MEMORY_STEPS, migrate, type MemoryStep } from '../../../src/core/codeIndex/schema';
import type { SqlDatabase } from '../../../src/core/codeIndex/ports';

let base: string;
before(() => { base = mkdtempSync(join(tmpdir(), 'smallcode-schema-')); });
after(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
function workspace(): { root: string; storageDir: string } {
  const dir = join(base, `case${n++}`);
  mkdirSync(join(dir, 'ws', 'src'), { recursive: true });
  writeFileSync(join(dir, 'ws', 'src', 'config.ts'), 'export function parseConfig(text: string) {\n  return text;\n}\n');
  return { root: join(dir, 'ws'), storageDir: join(dir, 'storage') };
}

const rows = (db: SqlDatabase, sql: string) => db.exec(sql)[0]?.values ?? [];
const userVersion = (db: SqlDatabase) => rows(db, 'PRAGMA user_version')[0]?.[0];
const LATEST = MEMORY_STEPS[MEMORY_STEPS.length - 1]!.version;

/**
 * A database file as SmallCode wrote it before migrations had steps: versions in `meta`
 * (index_schema '2', memory_schema '1'), user_version 0, an index table of an older shape, two notes.
 */
async function legacyDatabase(): Promise<Uint8Array> {
  const db = (await loadSqlEngine()).open();
  db.exec(`
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('index_schema', '2'), ('memory_schema', '1');
    CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, hash TEXT NOT NULL);
    INSERT INTO files VALUES (1, 'src/gone.ts', 'x');
    CREATE TABLE defs(id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, name TEXT NOT NULL);
    INSERT INTO defs VALUES (1, 1, 'staleDefinition');
    CREATE TABLE memory(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE COLLATE NOCASE, value TEXT NOT NULL, updated REAL NOT NULL);
    CREATE VIRTUAL TABLE memory_words USING fts4(key, value, tokenize=porter);
    INSERT INTO memory VALUES (1, 'build', 'npm run build', 1), (2, 'style', 'tabs, not spaces', 2);
    INSERT INTO memory_words(docid, key, value) VALUES (1, 'build', 'npm run build'), (2, 'style', 'tabs, not spaces');
  `);
  const bytes = db.export();
  db.close();
  return bytes;
}

test('a database from before the migration steps: its notes are kept and searchable, its index is rebuilt', async () => {
  const ws = workspace();
  mkdirSync(ws.storageDir, { recursive: true });
  writeFileSync(join(ws.storageDir, INDEX_FILE), await legacyDatabase());
  const warnings: string[] = [];
  const index = await CodeIndex.open({ ...ws, onWarning: (w) => warnings.push(w) });
  try {
    assert.deepEqual(warnings, [], 'an upgrade is not a problem to report');
    assert.deepEqual(await index.notes.list(), [{ key: 'build', value: 'npm run build' }, { key: 'style', value: 'tabs, not spaces' }]);
    assert.deepEqual(await index.notes.search('spaces', 5), [{ key: 'style', value: 'tabs, not spaces' }]);
    assert.equal(index.findSymbol('parseConfig')[0]?.path, 'src/config.ts');
    assert.deepEqual(index.findSymbol('staleDefinition'), [], 'the old index tables are gone');
    await index.memory.remember('test', 'npm test');
  } finally {
    await index.close();
  }
  const db = (await loadSqlEngine()).open(readFileSync(join(ws.storageDir, INDEX_FILE)));
  try {
    assert.equal(userVersion(db), LATEST);
    assert.deepEqual(rows(db, "SELECT key, value FROM meta WHERE key LIKE '%schema' ORDER BY key"), [['index_schema', INDEX_SCHEMA]]);
    assert.deepEqual(rows(db, 'SELECT key FROM memory ORDER BY id'), [['build'], ['style'], ['test']]);
  } finally {
    db.close();
  }
});

test('memory steps run in order once, keep every note, and a newer database still opens with older steps', async () => {
  const SQL = await loadSqlEngine();
  const db = SQL.open();
  try {
    assert.deepEqual(migrate(db), { indexRebuilt: true, memoryFrom: 0, memoryTo: LATEST });
    db.run("INSERT INTO memory(key, value, updated) VALUES ('build', 'make', 1), ('Style', 'tabs', 2)");
    const pinned: MemoryStep = {
      version: LATEST + 1,
      up: (d) => d.exec("ALTER TABLE memory ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0; UPDATE memory SET pinned = 1 WHERE key = 'build';"),
    };
    assert.deepEqual(migrate(db, [...MEMORY_STEPS, pinned]), { indexRebuilt: false, memoryFrom: LATEST, memoryTo: LATEST + 1 });
    assert.deepEqual(rows(db, 'SELECT key, value, pinned FROM memory ORDER BY id'), [['build', 'make', 1], ['Style', 'tabs', 0]]);
    assert.equal(userVersion(db), LATEST + 1);
    assert.deepEqual(migrate(db, [...MEMORY_STEPS, pinned]), { indexRebuilt: false, memoryFrom: LATEST + 1, memoryTo: LATEST + 1 }, 'nothing left to do');
    // Opened by an older SmallCode (fewer steps): the newer layout is left as it is.
    assert.deepEqual(migrate(db), { indexRebuilt: false, memoryFrom: LATEST + 1, memoryTo: LATEST + 1 });
    assert.equal(rows(db, 'SELECT count(*) FROM memory')[0]?.[0], 2);
  } finally {
    db.close();
  }
});

test('a step that fails changes nothing: the database is as it was, and the error says why', async () => {
  const db = (await loadSqlEngine()).open();
  try {
    migrate(db);
    db.run("INSERT INTO memory(key, value, updated) VALUES ('build', 'make', 1)");
    const broken: MemoryStep = { version: LATEST + 1, up: (d) => d.exec('ALTER TABLE memory ADD COLUMN extra TEXT; SELECT * FROM no_such_table;') };
    assert.throws(() => migrate(db, [...MEMORY_STEPS, broken]), /no_such_table/);
    assert.equal(userVersion(db), LATEST);
    assert.deepEqual(rows(db, 'SELECT * FROM memory').map((r) => r.length), [4], 'the added column was rolled back');
    assert.deepEqual(migrate(db), { indexRebuilt: false, memoryFrom: LATEST, memoryTo: LATEST }, 'and the database still migrates');
  } finally {
    db.close();
  }
});

test('damaged database files are rebuilt with one warning each, never a crash', async () => {
  const legacy = await legacyDatabase();
  const damaged: Record<string, Uint8Array> = {
    'random bytes': Uint8Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251),
    'a SQLite header and nothing else': legacy.subarray(0, 100),
    'a page overwritten with zeros': (() => { const b = Uint8Array.from(legacy); b.fill(0, 4096, 8192); return b; })(),
    'empty': new Uint8Array(0),
  };
  for (const [what, bytes] of Object.entries(damaged)) {
    const ws = workspace();
    mkdirSync(ws.storageDir, { recursive: true });
    writeFileSync(join(ws.storageDir, INDEX_FILE), bytes);
    const warnings: string[] = [];
    const index = await CodeIndex.open({ ...ws, onWarning: (w) => warnings.push(w) });
    try {
      assert.equal(index.findSymbol('parseConfig')[0]?.path, 'src/config.ts', what);
      await index.memory.remember('after', 'works');
      assert.equal(await index.memory.load('after'), 'after: works', what);
    } finally {
      await index.close();
    }
    assert.ok(warnings.length <= 1, `${what}: ${warnings.join(' | ')}`);
    if (bytes.length) assert.equal(warnings.length, 1, `${what}: one warning`);
    assert.match(warnings.join(''), bytes.length ? /could not be read .*rebuilding it/ : /^$/, what);
  }
});

test('notes with non-ASCII capitals are found: the full-text rows are lower-cased, old ones by the step that brings them forward', async () => {
  const ws = workspace();
  mkdirSync(ws.storageDir, { recursive: true });
  const old = (await loadSqlEngine()).open();
  migrate(old, MEMORY_STEPS.filter((s) => s.version === 1));
  old.run("INSERT INTO memory VALUES (1, 'Übersetzungen', 'Die Übersetzungen liegen in locales/', 1)");
  old.run("INSERT INTO memory_words(docid, key, value) VALUES (1, 'Übersetzungen', 'Die Übersetzungen liegen in locales/')"); // as step 1 wrote them
  writeFileSync(join(ws.storageDir, INDEX_FILE), old.export());
  old.close();
  const index = await CodeIndex.open(ws);
  try {
    const found = [{ key: 'Übersetzungen', value: 'Die Übersetzungen liegen in locales/' }];
    assert.deepEqual(await index.notes.search('übersetzungen', 5), found);
    assert.deepEqual(await index.notes.search('ÜBERSETZUNGEN', 5), found);
    await index.memory.remember('Ärger', 'Ölfilter im Öltank');
    assert.deepEqual(await index.notes.search('ölfilter', 5), [{ key: 'Ärger', value: 'Ölfilter im Öltank' }], 'a note saved now keeps its case and is found');
  } finally {
    await index.close();
  }
});

test('a damaged database gives back the project memory that still reads; one that does not is kept beside the new one', async () => {
  // A database whose memory reads but which fails its structure check: an index page overwritten.
  const good = (await loadSqlEngine()).open();
  migrate(good);
  good.run("INSERT INTO memory VALUES (1, 'deploy', 'make release, then tag', 1), (2, 'Übersetzungen', 'in locales/', 2)");
  good.run("INSERT INTO memory_words(docid, key, value) VALUES (1, 'deploy', 'make release, then tag'), (2, 'übersetzungen', 'in locales/')");
  good.run(`CREATE TABLE filler(x TEXT); CREATE INDEX filler_x ON filler(x)`);
  for (let i = 0; i < 400; i++) good.run('INSERT INTO filler VALUES (?)', [`row ${i} ${'x'.repeat(200)}`]);
  const bytes = good.export();
  good.close();
  const lastPage = bytes.length - 4096; // the filler index's pages come last
  const damaged = Uint8Array.from(bytes);
  damaged.fill(0xff, lastPage + 8, lastPage + 200);

  const cases: [string, Uint8Array, RegExp][] = [
    ['an index page overwritten', damaged, /2 project memory notes were recovered from it\.$/],
    ['not a database at all', Uint8Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251), /Its project memory could not be read; the damaged file is kept at .*code-index\.sqlite\.damaged\.$/],
  ];
  for (const [what, stored, message] of cases) {
    const ws = workspace();
    mkdirSync(ws.storageDir, { recursive: true });
    writeFileSync(join(ws.storageDir, INDEX_FILE), stored);
    const warnings: string[] = [];
    const index = await CodeIndex.open({ ...ws, onWarning: (w) => warnings.push(w) });
    try {
      assert.equal(warnings.length, 1, `${what}: ${warnings.join(' | ')}`);
      assert.match(warnings[0]!, message, what);
      if (stored === damaged) {
        assert.deepEqual(await index.notes.list(), [{ key: 'deploy', value: 'make release, then tag' }, { key: 'Übersetzungen', value: 'in locales/' }], what);
        assert.deepEqual(await index.notes.search('release', 5), [{ key: 'deploy', value: 'make release, then tag' }], 'searchable again');
      } else {
        assert.deepEqual(readFileSync(join(ws.storageDir, `${INDEX_FILE}.damaged`)), Buffer.from(stored), 'the unreadable bytes are kept as they were');
      }
      assert.equal(index.findSymbol('parseConfig')[0]?.path, 'src/config.ts', what);
    } finally {
      await index.close();
    }
  }
});

test('emptied index tables carry no last update: a cancelled rebuild, or a new index schema, re-open as "never built"', async () => {
  const ws = workspace();
  const built = await CodeIndex.open(ws);
  assert.ok(built.state().lastUpdate > 0);
  const controller = new AbortController();
  controller.abort();
  assert.equal((await built.rebuild({ signal: controller.signal })).cancelled, true);
  await built.close();
  const reopened = await CodeIndex.open({ ...ws, update: false });
  assert.deepEqual([reopened.state().files, reopened.state().lastUpdate], [0, 0], 'a host reads lastUpdate as "a finished build is there"');
  await reopened.update();
  assert.ok(reopened.state().lastUpdate > 0);
  await reopened.close();

  // A database whose index tables are of another schema (an upgrade): rebuilt empty, no last update.
  const file = join(ws.storageDir, INDEX_FILE);
  const db = (await loadSqlEngine()).open(readFileSync(file));
  db.run("UPDATE meta SET value = 'older' WHERE key = 'index_schema'");
  writeFileSync(file, db.export());
  db.close();
  const upgraded = await CodeIndex.open({ ...ws, update: false });
  assert.deepEqual([upgraded.state().files, upgraded.state().lastUpdate], [0, 0]);
  await upgraded.close();
});
