// Project memory in the code index's SQLite database: notes persist per workspace with the index
// (and survive a rebuild of it), and memory_load finds notes by words through FTS4, ranked by BM25
// computed from matchinfo (FTS4 has no built-in ranking; sql.js has no FTS5).
import type { SqlDatabase, SqlValue } from '../codeIndex/ports';
import { sameKey, type MemoryNote, type NoteBackend } from './workingMemory';

/** Notes kept in the database: more than a Store document holds, since loads search instead of reading all. */
export const MAX_DATABASE_NOTES = 200;

/** BM25 from matchinfo(…, 'pcnalx'): phrases, columns, rows, average and this row's column lengths, hits. */
export function bm25(info: Uint8Array | ArrayLike<number>, k1 = 1.2, b = 0.75): number {
  const u32 = info instanceof Uint8Array ? new Uint32Array(info.buffer, info.byteOffset, info.byteLength / 4) : Uint32Array.from(info);
  const phrases = u32[0]!;
  const columns = u32[1]!;
  const rows = u32[2]!;
  const avg = (c: number) => u32[3 + c]!;
  const len = (c: number) => u32[3 + columns + c]!;
  const hits = 3 + 2 * columns;
  let score = 0;
  for (let p = 0; p < phrases; p++) {
    for (let c = 0; c < columns; c++) {
      const at = hits + 3 * (p * columns + c);
      const inRow = u32[at]!;
      const docsWith = u32[at + 2]!;
      if (inRow === 0) continue;
      const idf = Math.log(1 + (rows - docsWith + 0.5) / (docsWith + 0.5));
      score += (idf * inRow * (k1 + 1)) / (inRow + k1 * (1 - b + (b * len(c)) / Math.max(1, avg(c))));
    }
  }
  return score;
}

/**
 * A note's text as the full-text table holds it: lower-cased here, because FTS4's tokenizers fold only
 * ASCII letters ("Übersetzungen" was never found by the lower-cased query). The notes themselves keep
 * their case: searches return them from the memory table.
 */
export function searchableNote(text: string): string {
  return text.toLowerCase();
}

interface StoredNote { key: string; value: string; updated: number }

/** The notes a damaged database still yields (undefined: not even its memory table reads). */
export function recoverNotes(db: SqlDatabase): StoredNote[] | undefined {
  try {
    return (db.exec('SELECT key, value, updated FROM memory ORDER BY updated, id')[0]?.values ?? [])
      .filter(([key, value]) => typeof key === 'string' && typeof value === 'string')
      .map(([key, value, updated]) => ({ key: key as string, value: value as string, updated: Number(updated) || 0 }));
  } catch (error) {
    // a database from before project memory (or not SmallCode's) has none to lose
    return /no such table: memory\b/.test(String(error)) ? [] : undefined;
  }
}

/** Puts recovered notes into a fresh database (its memory tables empty). */
export function restoreNotes(db: SqlDatabase, notes: readonly StoredNote[]): void {
  for (const note of notes) db.run('INSERT OR IGNORE INTO memory(key, value, updated) VALUES (?, ?, ?)', [note.key, note.value, note.updated]);
  rewriteNoteWords(db);
}

/**
 * Takes in notes another writer of the same database file saved (a second window on the folder): each
 * one missing here, or newer there, is written here. Returns how many were; 0 leaves the database as it was.
 */
export function mergeNotes(db: SqlDatabase, notes: readonly StoredNote[]): number {
  let merged = 0;
  for (const note of notes) {
    const here = db.exec('SELECT updated FROM memory WHERE key = ?', [note.key])[0]?.values[0]?.[0];
    if (here !== undefined && Number(here) >= note.updated) continue;
    db.run('INSERT OR REPLACE INTO memory(key, value, updated) VALUES (?, ?, ?)', [note.key, note.value, note.updated]);
    merged++;
  }
  if (merged) rewriteNoteWords(db);
  return merged;
}

/** The full-text rows written again from the notes (they are derived from `memory`, as searchableNote has them). */
export function rewriteNoteWords(db: SqlDatabase): void {
  const notes = db.exec('SELECT id, key, value FROM memory')[0]?.values ?? [];
  db.run('DELETE FROM memory_words');
  for (const [id, key, value] of notes) db.run('INSERT INTO memory_words(docid, key, value) VALUES (?, ?, ?)', [id!, searchableNote(String(key)), searchableNote(String(value))]);
}

function words(query: string): string {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8).map((w) => `${w}*`).join(' OR ');
}

export class SqlNotes implements NoteBackend {
  readonly capacity = MAX_DATABASE_NOTES;

  /** `changed` is called after every write: the owner saves the database (put and remove wait for it). */
  constructor(private readonly db: () => SqlDatabase, private readonly changed: () => Promise<void> | void = () => undefined) {}

  private rows(sql: string, params: SqlValue[] = []): SqlValue[][] {
    return this.db().exec(sql, params)[0]?.values ?? [];
  }

  async list(): Promise<MemoryNote[]> {
    return this.rows('SELECT key, value FROM memory ORDER BY updated, id').map(([key, value]) => ({ key: key as string, value: value as string }));
  }

  /** Ids of the notes under this key, oldest first: matched by sameKey (a few hundred rows; NOCASE folds only ASCII). */
  private idsOf(key: string): number[] {
    return this.rows('SELECT id, key FROM memory ORDER BY updated, id').filter(([, k]) => sameKey(String(k), key)).map(([id]) => id as number);
  }

  private deleteIds(ids: number[]): void {
    for (const id of ids) {
      this.db().run('DELETE FROM memory_words WHERE docid = ?', [id]);
      this.db().run('DELETE FROM memory WHERE id = ?', [id]);
    }
  }

  async put(note: MemoryNote): Promise<void> {
    const db = this.db();
    // Duplicates an older version left ("Übersetzung" beside "übersetzung") go: the note replaces them all.
    const [old, ...duplicates] = this.idsOf(note.key);
    this.deleteIds(duplicates);
    const latest = (this.rows('SELECT max(updated) FROM memory')[0]?.[0] as number | null) ?? 0;
    // Strictly increasing, so that two notes saved in the same millisecond keep their order.
    const updated = Math.max(Date.now(), latest + 1);
    if (old !== undefined) {
      db.run('UPDATE memory SET key = ?, value = ?, updated = ? WHERE id = ?', [note.key, note.value, updated, old]);
      db.run('UPDATE memory_words SET key = ?, value = ? WHERE docid = ?', [searchableNote(note.key), searchableNote(note.value), old]);
    } else {
      db.run('INSERT INTO memory(key, value, updated) VALUES (?, ?, ?)', [note.key, note.value, updated]);
      db.run('INSERT INTO memory_words(docid, key, value) VALUES (last_insert_rowid(), ?, ?)', [searchableNote(note.key), searchableNote(note.value)]);
    }
    await this.changed();
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) this.deleteIds(this.idsOf(key));
    await this.changed();
  }

  async search(query: string, limit: number): Promise<MemoryNote[]> {
    const match = words(query);
    if (!match) return [];
    const found = this.rows("SELECT m.key, m.value, matchinfo(memory_words, 'pcnalx') FROM memory_words JOIN memory m ON m.id = memory_words.docid WHERE memory_words MATCH ?", [match]);
    return found
      .map(([key, value, info]) => ({ key: key as string, value: value as string, score: bm25(info as Uint8Array) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ key, value }) => ({ key, value }));
  }
}
