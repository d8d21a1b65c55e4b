// The database layout. The index's tables are derived data: a database from another index schema
// is rebuilt from the files. Project memory is not derived: its tables are brought forward by
// migration steps (PRAGMA user_version counts the steps applied), so notes survive every upgrade.
// A database that does not read, or whose migration fails, is replaced by an empty one (the caller
// warns once).
import type { SqlDatabase } from './ports';
import { rewriteNoteWords } from '../memory/sqlNotes';

/** Bump when the tables or what the tag queries extract change: older indexes are rebuilt. */
export const INDEX_SCHEMA = '9';

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
  signature TEXT NOT NULL, scope TEXT NOT NULL, declaration INTEGER NOT NULL,
  bases TEXT NOT NULL -- a class's or interface's supertypes, space-separated ('' for most)
);
CREATE TABLE refs(file_id INTEGER NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL, bare INTEGER NOT NULL, lines TEXT NOT NULL);
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

/** One step of project memory's layout: `up` brings a database at `version - 1` to `version`. */
export interface MemoryStep {
  version: number;
  up(db: SqlDatabase): void;
}

/**
 * Project memory's steps, in order; a new layout is a new step at the end (never an edit of an old
 * one). Steps only add (tables, columns, rows copied over): a database written by a newer SmallCode
 * then still works here, its memory untouched.
 */
export const MEMORY_STEPS: readonly MemoryStep[] = [
  {
    version: 1,
    up: (db) => db.exec(`
      CREATE TABLE IF NOT EXISTS memory(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE COLLATE NOCASE, value TEXT NOT NULL, updated REAL NOT NULL);
      CREATE VIRTUAL TABLE IF NOT EXISTS memory_words USING fts4(key, value, tokenize=porter);
    `),
  },
  {
    // The full-text rows (derived from `memory`) lower-cased as searchableNote now writes them: notes
    // with non-ASCII capitals ("Übersetzungen") become findable. The notes themselves are untouched.
    version: 2,
    up: rewriteNoteWords,
  },
];

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

/** Meta key of the last completed update's time: none while the tables hold no finished build. */
export const LAST_UPDATE = 'last_update';

/** Empty index tables; the time of the last update goes with their content (a host reads it as "a finished build is there"). */
function recreateIndex(db: SqlDatabase): void {
  recreate(db, INDEX_TABLE_NAMES, INDEX_TABLES);
  db.exec(INDEX_INDEXES);
  db.run('DELETE FROM meta WHERE key = ?', [LAST_UPDATE]);
}

/** Per connection (sql.js resets pragmas when it exports): the database is in memory, its journal may be too. */
export function configure(db: SqlDatabase): void {
  db.exec('PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;');
}

function userVersion(db: SqlDatabase): number {
  return Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
}

/**
 * Where project memory's layout is: user_version, or — for a database from before the steps, which
 * kept `memory_schema` in meta instead — the step that layout is.
 */
function memoryVersion(db: SqlDatabase): number {
  const version = userVersion(db);
  if (version === 0 && metaValue(db, 'memory_schema') === '1') return 1;
  return version;
}

export interface MigrationResult {
  indexRebuilt: boolean;
  /** Project memory's layout before (0: none yet) and after. */
  memoryFrom: number;
  memoryTo: number;
}

/**
 * Brings a database to the current layout, in one transaction: memory's missing steps in order,
 * the index's tables rebuilt when their schema differs. Throws (and changes nothing) when the bytes
 * are not a readable SQLite database or a step fails; the caller then starts from an empty one.
 */
export function migrate(db: SqlDatabase, steps: readonly MemoryStep[] = MEMORY_STEPS, options: { intact?: boolean } = {}): MigrationResult {
  configure(db);
  // Reads every page's structure (not the rows): garbage fails at the header, a truncated or
  // overwritten file here rather than in the middle of a lookup later. Skipped for bytes known to be
  // exactly what was saved (`intact`): the check was most of a re-open (16-64 ms of 40-80 measured).
  if (!options.intact) {
    const check = db.exec('PRAGMA quick_check(1)')[0]?.values[0]?.[0];
    if (check !== 'ok') throw new Error(`the database is damaged (${String(check).replace(/\s+/g, ' ').trim()})`);
  }
  db.run('BEGIN');
  try {
    db.exec(META);
    const memoryFrom = memoryVersion(db);
    let memoryTo = memoryFrom;
    for (const step of steps) {
      if (step.version <= memoryTo) continue;
      step.up(db);
      memoryTo = step.version;
    }
    if (memoryTo !== userVersion(db)) db.run(`PRAGMA user_version = ${Math.floor(memoryTo)}`);
    db.run("DELETE FROM meta WHERE key = 'memory_schema'");
    let indexRebuilt = false;
    if (metaValue(db, 'index_schema') !== INDEX_SCHEMA) {
      recreateIndex(db);
      setMeta(db, 'index_schema', INDEX_SCHEMA);
      indexRebuilt = true;
    } else {
      // A save taken while a large first build filled the tables has them without their lookup
      // indexes (dropped for the bulk insert): put back what is missing (nothing to do otherwise).
      db.exec(INDEX_INDEXES);
    }
    db.run('COMMIT');
    return { indexRebuilt, memoryFrom, memoryTo };
  } catch (error) {
    try { db.run('ROLLBACK'); } catch { /* SQLite already rolled back: the step's error is the one to report */ }
    throw error;
  }
}

/** Empties the index (the "Rebuild index" command); memory stays. */
export function clearIndex(db: SqlDatabase): void {
  recreateIndex(db);
}
