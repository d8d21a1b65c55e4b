// The index's rows in SQLite: one place for its SQL. Statements are prepared once per connection and
// kept for its life: sql.js (1.17+) exports through SQLite's backup API, which leaves them valid.
import type { LanguageId } from './languages';
import type { SqlDatabase, SqlStatement, SqlValue } from './ports';
import { clearIndex, INDEX_INDEXES, INDEX_INDEX_NAMES, metaValue, setMeta } from './schema';
import type { FileSymbols, SymbolDefinition, SymbolKind } from './symbols';
import { searchableText } from './words';

export interface StoredFile {
  id: number;
  path: string;
  language: LanguageId;
  size: number;
  mtime: number;
  hash: string;
  status: 'ok' | 'binary' | 'error';
}

/** A stored definition: what the file's extraction gave, with its row and file. */
export interface DefinitionRow extends SymbolDefinition {
  id: number;
  fileId: number;
  path: string;
}

/** A file's definitions (name, line, signature, kind, declaration, first and last line, scope, supertypes) and references ("name count bare name count bare…"). */
export interface GraphFileRows {
  fileId: number;
  path: string;
  defs: [string, number, string, SymbolKind, number, number, number, string, string][];
  refs: string;
}

export interface ReferenceRow {
  fileId: number;
  path: string;
  name: string;
  count: number;
  lines: number[];
}

const DEF_COLUMNS = 'd.id, d.file_id, f.path, d.name, d.kind, d.line, d.start_line, d.end_line, d.signature, d.scope, d.declaration';

function toDefinition(r: SqlValue[]): DefinitionRow {
  return {
    id: r[0] as number, fileId: r[1] as number, path: r[2] as string, name: r[3] as string, kind: r[4] as SymbolKind,
    line: r[5] as number, startLine: r[6] as number, endLine: r[7] as number, signature: r[8] as string,
    scope: r[9] as string, declaration: r[10] === 1,
  };
}

const FILE_QUERY = 'SELECT id, path, language, size, mtime, hash, status FROM files';

function toFile(r: SqlValue[]): StoredFile {
  return {
    id: r[0] as number, path: r[1] as string, language: r[2] as LanguageId, size: r[3] as number,
    mtime: r[4] as number, hash: r[5] as string, status: r[6] as StoredFile['status'],
  };
}

function parseLines(text: string): number[] {
  return text === '' ? [] : text.split(',').map(Number);
}

export class IndexStore {
  private readonly statements = new Map<string, SqlStatement>();
  /** Bumped on every change, so derived data (the reference graph) knows when to rebuild. */
  version = 0;
  /** Files whose rows changed since `takeChanges` was last called (-1 in it: everything did). */
  private changed = new Set<number>([-1]);

  constructor(readonly db: SqlDatabase) {}

  private statement(sql: string): SqlStatement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** Rows of a read query through a cached statement. */
  rows(sql: string, params: SqlValue[] = []): SqlValue[][] {
    const s = this.statement(sql);
    try {
      s.bind(params);
      const out: SqlValue[][] = [];
      while (s.step()) out.push(s.get());
      return out;
    } finally {
      s.reset();
    }
  }

  private write(sql: string, params: SqlValue[]): void {
    const s = this.statement(sql);
    s.run(params);
    s.reset();
  }

  /** A write transaction is open: the database cannot be exported until it ends. */
  get inTransaction(): boolean { return this.open; }
  private open = false;

  /** Starts a write transaction that `commit` ends (a batch of files spanning awaits). */
  begin(): void {
    this.db.run('BEGIN');
    this.open = true;
  }

  commit(): void {
    this.open = false;
    this.db.run('COMMIT');
  }

  transaction<T>(work: () => T): T {
    this.begin();
    try {
      const result = work();
      this.commit();
      return result;
    } catch (error) {
      this.open = false;
      this.db.run('ROLLBACK');
      throw error;
    }
  }

  files(): StoredFile[] {
    return this.rows(FILE_QUERY).map(toFile);
  }

  file(path: string): StoredFile | undefined {
    const row = this.rows(`${FILE_QUERY} WHERE path = ?`, [path])[0];
    return row && toFile(row);
  }

  /**
   * Stored files inside a folder (workspace-relative, no trailing '/'): a range on the path's unique
   * index — '0' is the character after '/', so [folder/, folder0) holds exactly the paths under it.
   */
  filesUnder(folder: string): StoredFile[] {
    return this.rows(`${FILE_QUERY} WHERE path >= ? AND path < ?`, [`${folder}/`, `${folder}0`]).map(toFile);
  }

  fileCount(): number {
    return this.rows('SELECT count(*) FROM files')[0]![0] as number;
  }

  /** Replaces a file's rows with what was just extracted from it. */
  putFile(file: Omit<StoredFile, 'id'>, symbols: FileSymbols): void {
    const old = this.file(file.path);
    // An UPDATE or a plain INSERT, as the path is or is not there: INSERT OR REPLACE cost ten times
    // either (measured: 232 ms against 18 for the Go benchmark's 1,198 files, a fifth of the storing).
    if (old) {
      this.deleteRows(old.id);
      this.write('UPDATE files SET language = ?, size = ?, mtime = ?, hash = ?, status = ? WHERE id = ?', [file.language, file.size, file.mtime, file.hash, file.status, old.id]);
    } else {
      this.write('INSERT INTO files(path, language, size, mtime, hash, status) VALUES (?, ?, ?, ?, ?, ?)', [file.path, file.language, file.size, file.mtime, file.hash, file.status]);
    }
    const id = old?.id ?? (this.rows('SELECT last_insert_rowid()')[0]![0] as number);
    if (!old) this.write('INSERT INTO path_words(docid, words) VALUES (?, ?)', [id, searchableText(file.path)]);
    this.changed.add(id);
    // Row by row through prepared statements: measured on the Go benchmark's 16k definitions, 4× faster
    // than one json_each insert per file (whose `value->>n` re-reads the row's JSON for every column).
    // Definition ids are given explicitly so the full-text rows can share them.
    if (symbols.definitions.length) {
      let defId = this.rows('SELECT coalesce(max(id), 0) + 1 FROM defs')[0]![0] as number;
      for (const d of symbols.definitions) {
        this.write('INSERT INTO defs(id, file_id, name, kind, line, start_line, end_line, signature, scope, declaration, bases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [defId, id, d.name, d.kind, d.line, d.startLine, d.endLine, d.signature, d.scope, d.declaration ? 1 : 0, d.bases?.join(' ') ?? '']);
        this.write('INSERT INTO def_words(docid, words) VALUES (?, ?)', [defId++, searchableText(d.name)]);
      }
    }
    for (const r of symbols.references) this.write('INSERT INTO refs(file_id, name, count, bare, lines) VALUES (?, ?, ?, ?, ?)', [id, r.name, r.count, r.bare, r.lines.join(',')]);
    this.version++;
  }

  isEmpty(): boolean {
    return this.rows('SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)')[0]![0] === 0;
  }

  /**
   * For filling an empty index with many files: SQLite builds an index once from sorted rows faster
   * than it updates it per insert (measured on the Go benchmark: the lookup indexes were a sixth of
   * the time spent storing). `restoreLookupIndexes` must follow, also when the batch fails.
   */
  dropLookupIndexes(): void {
    for (const name of INDEX_INDEX_NAMES) this.db.run(`DROP INDEX IF EXISTS ${name}`);
  }

  restoreLookupIndexes(): void {
    this.db.exec(INDEX_INDEXES);
  }

  /** The file is unchanged but was touched: remember the new mtime so it is not read again. */
  touchFile(id: number, size: number, mtime: number): void {
    this.write('UPDATE files SET size = ?, mtime = ? WHERE id = ?', [size, mtime, id]);
  }

  removeFile(id: number): void {
    this.changed.add(id);
    this.deleteRows(id);
    this.write('DELETE FROM files WHERE id = ?', [id]);
    this.write('DELETE FROM path_words WHERE docid = ?', [id]);
    this.version++;
  }

  private deleteRows(fileId: number): void {
    this.write('DELETE FROM def_words WHERE docid IN (SELECT id FROM defs WHERE file_id = ?)', [fileId]);
    this.write('DELETE FROM defs WHERE file_id = ?', [fileId]);
    this.write('DELETE FROM refs WHERE file_id = ?', [fileId]);
  }

  definitionsNamed(name: string, caseInsensitive = false): DefinitionRow[] {
    const where = caseInsensitive ? 'd.name = ? COLLATE NOCASE' : 'd.name = ?';
    return this.rows(`SELECT ${DEF_COLUMNS} FROM defs d JOIN files f ON f.id = d.file_id WHERE ${where}`, [name]).map(toDefinition);
  }

  /** Definitions whose name's words start with every word of the query (FTS4 prefix match). */
  definitionsMatching(match: string, limit: number): DefinitionRow[] {
    if (!match) return [];
    return this.rows(`SELECT ${DEF_COLUMNS} FROM def_words w JOIN defs d ON d.id = w.docid JOIN files f ON f.id = d.file_id WHERE w.words MATCH ? LIMIT ?`, [match, limit]).map(toDefinition);
  }

  definitionsIn(fileId: number): DefinitionRow[] {
    return this.rows(`SELECT ${DEF_COLUMNS} FROM defs d JOIN files f ON f.id = d.file_id WHERE d.file_id = ? ORDER BY d.line`, [fileId]).map(toDefinition);
  }

  /** Paths whose words start with every word of the query. */
  pathsMatching(match: string, limit: number): string[] {
    if (!match) return [];
    return this.rows('SELECT f.path FROM path_words w JOIN files f ON f.id = w.docid WHERE w.words MATCH ? LIMIT ?', [match, limit]).map((r) => r[0] as string);
  }

  distinctNames(): string[] {
    return this.rows('SELECT DISTINCT name FROM defs').map((r) => r[0] as string);
  }

  referencesNamed(name: string): ReferenceRow[] {
    return this.rows('SELECT r.file_id, f.path, r.name, r.count, r.lines FROM refs r JOIN files f ON f.id = r.file_id WHERE r.name = ? ORDER BY f.path', [name])
      .map((r) => ({ fileId: r[0] as number, path: r[1] as string, name: r[2] as string, count: r[3] as number, lines: parseLines(r[4] as string) }));
  }

  referencesIn(fileId: number): ReferenceRow[] {
    return this.rows('SELECT r.file_id, f.path, r.name, r.count, r.lines FROM refs r JOIN files f ON f.id = r.file_id WHERE r.file_id = ?', [fileId])
      .map((r) => ({ fileId: r[0] as number, path: r[1] as string, name: r[2] as string, count: r[3] as number, lines: parseLines(r[4] as string) }));
  }

  /**
   * Files' definitions and references, one row per file (grouped in SQL: crossing from WASM to JS per
   * row is what costs), for all files or only these ids: the inputs of the reference graph.
   */
  graphRows(fileIds?: number[]): GraphFileRows[] {
    if (fileIds && fileIds.length === 0) return [];
    // The ids go in as one JSON array: one statement text (prepared once) for any set of files.
    const only = (column: string) => (fileIds ? `WHERE ${column} IN (SELECT value FROM json_each(?))` : '');
    const params = fileIds ? [JSON.stringify(fileIds)] : [];
    const defs = new Map<number, string>();
    // Sorted by line here, per file: sorting the table in SQL first took half of this query (Go benchmark: 45-58 ms → 18-32).
    // Rows come in row id order (the file index), which is the order the file's definitions were stored in: ties keep it.
    for (const [fileId, json] of this.rows(`SELECT file_id, json_group_array(json_array(name, line, signature, kind, declaration, start_line, end_line, scope, bases)) FROM defs ${only('file_id')} GROUP BY file_id`, params)) defs.set(fileId as number, json as string);
    const refs = new Map<number, string>();
    for (const [fileId, text] of this.rows(`SELECT file_id, group_concat(name || ' ' || count || ' ' || bare, ' ') FROM refs ${only('file_id')} GROUP BY file_id`, params)) refs.set(fileId as number, text as string);
    return this.rows(`SELECT id, path FROM files ${only('id')}`, params).map(([id, path]) => ({
      fileId: id as number, path: path as string,
      defs: (JSON.parse(defs.get(id as number) ?? '[]') as GraphFileRows['defs']).sort((a, b) => a[1] - b[1]), refs: refs.get(id as number) ?? '',
    }));
  }

  counts(): { files: number; definitions: number; byLanguage: Record<string, number> } {
    const byLanguage: Record<string, number> = {};
    let files = 0;
    for (const r of this.rows("SELECT language, count(*) FROM files WHERE status = 'ok' GROUP BY language")) {
      byLanguage[r[0] as string] = r[1] as number;
      files += r[1] as number;
    }
    return { files, definitions: this.rows('SELECT count(*) FROM defs')[0]![0] as number, byLanguage };
  }

  meta(key: string): string | undefined { return metaValue(this.db, key); }
  setMeta(key: string, value: string): void { setMeta(this.db, key, value); }

  clear(): void {
    this.forgetStatements();
    clearIndex(this.db);
    this.version++;
    this.changed.add(-1);
  }

  /** The files changed since the last call (`all`: start over), and forgets them. */
  takeChanges(): { all: boolean; files: number[] } {
    const all = this.changed.has(-1);
    const files = [...this.changed].filter((id) => id >= 0);
    this.changed = new Set();
    return { all, files };
  }

  private forgetStatements(): void {
    for (const s of this.statements.values()) s.free();
    this.statements.clear();
  }

  /**
   * The database file's bytes. Only between transactions (sql.js refuses to export during a write
   * transaction). The connection, its prepared statements and its pragmas stay as they are: forgetting
   * the statements here (as sql.js before 1.17 required) leaked a dozen of them in WASM memory per save.
   */
  exportBytes(): Uint8Array {
    return this.db.export();
  }

  close(): void {
    this.forgetStatements();
    this.db.close();
  }
}
