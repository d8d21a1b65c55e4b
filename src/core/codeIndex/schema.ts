// The database layout. The index's tables are derived data: a database from another schema
// version, or one that does not read, is rebuilt from the files. Project memory is not derived: its
// tables have their own version and survive a rebuild of the index.
import type { SqlDatabase } from './ports';

/** Bump when the tables or what the tag queries extract change: older indexes are rebuilt. */
export const INDEX_SCHEMA = '3';
export const MEMORY_SCHEMA = '1';

const META = `CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)`;

const INDEX_TABLES = `
CREATE TABLE files(
  id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, language TEXT NOT NULL,
  size INTEGER NOT NULL, mtime REAL NOT NULL, hash TEXT NOT NULL,
  status TEXT NOT NULL -- 'ok', 'binary' (not text after all), 'error' (the tagger failed: no symbols)
);
CREATE TABLE defs(
  id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  line INTEGER NOT NULL, start_line INTEGER NOT NULL, end_line INTEGER NOT NULL,
  signature TEXT NOT NULL, scope TEXT NOT NULL, declaration INTEGER NOT NULL
);
CREATE TABLE refs(file_id INTEGER NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL, lines TEXT NOT NULL);
CREATE VIRTUAL TABLE def_words USING fts4(words);
CREATE VIRTUAL TABLE path_words USING fts4(words);
`;
/** The index's lookup indexes: dropped while a large batch fills an empty index, built once after it. */
export const INDEX_INDEXES = `
CREATE INDEX IF NOT EXISTS defs_name ON defs(name);
CREATE INDEX IF NOT EXISTS defs_name_nocase ON defs(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS defs_file ON defs(file_id);
CREATE INDEX IF NOT EXISTS refs_name ON refs(name);
CREATE INDEX IF NOT EXISTS refs_file ON refs(file_id);
`;
export const INDEX_INDEX_NAMES = ['defs_name', 'defs_name_nocase', 'defs_file', 'refs_name', 'refs_file'];
const INDEX_TABLE_NAMES = ['files', 'defs', 'refs', 'def_words', 'path_words'];

const MEMORY_TABLES = `
CREATE TABLE memory(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE COLLATE NOCASE, value TEXT NOT NULL, updated REAL NOT NULL);
CREATE VIRTUAL TABLE memory_words USING fts4(key, value, tokenize=porter);
`;
const MEMORY_TABLE_NAMES = ['memory', 'memory_words'];

export function metaValue(db: SqlDatabase, key: string): string | undefined {
  const rows = db.exec('SELECT value FROM meta WHERE key = ?', [key]);
  const v = rows[0]?.values[0]?.[0];
  return typeof v === 'string' ? v : undefined;
}

export function setMeta(db: SqlDatabase, key: string, value: string): void {
  db.run('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)', [key, value]);
}

function recreate(db: SqlDatabase, names: string[], ddl: string): void {
  for (const name of names) db.run(`DROP TABLE IF EXISTS ${name}`);
  db.exec(ddl);
}

function recreateIndex(db: SqlDatabase): void {
  recreate(db, INDEX_TABLE_NAMES, INDEX_TABLES);
  db.exec(INDEX_INDEXES);
}

/** Per connection (sql.js resets pragmas when it exports): the database is in memory, its journal may be too. */
export function configure(db: SqlDatabase): void {
  db.exec('PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;');
}

/**
 * Brings a database to the current schemas. Throws when the bytes are not a readable SQLite database
 * (the caller starts from an empty one). Returns whether the index tables were (re)created.
 */
export function migrate(db: SqlDatabase): { indexRebuilt: boolean } {
  configure(db);
  db.exec(META);
  // Reads every page's structure (not the rows): garbage fails at the header, a truncated or
  // overwritten file here rather than in the middle of a lookup later.
  const check = db.exec('PRAGMA quick_check(1)')[0]?.values[0]?.[0];
  if (check !== 'ok') throw new Error(`the database is damaged (${String(check)})`);
  let indexRebuilt = false;
  if (metaValue(db, 'index_schema') !== INDEX_SCHEMA) {
    recreateIndex(db);
    setMeta(db, 'index_schema', INDEX_SCHEMA);
    indexRebuilt = true;
  }
  if (metaValue(db, 'memory_schema') !== MEMORY_SCHEMA) {
    recreate(db, MEMORY_TABLE_NAMES, MEMORY_TABLES);
    setMeta(db, 'memory_schema', MEMORY_SCHEMA);
  }
  return { indexRebuilt };
}

/** Empties the index (the "Rebuild index" command); memory stays. */
export function clearIndex(db: SqlDatabase): void {
  recreateIndex(db);
}
