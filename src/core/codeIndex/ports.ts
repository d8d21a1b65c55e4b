// What the code index needs from its host: the workspace's files, a tree-sitter tagger, a SQLite
// engine and a place to keep the database between sessions. src/node implements them on the file
// system with web-tree-sitter and sql.js (WASM); the VS Code host runs that implementation in a
// worker thread. Paths are workspace-relative with '/'.
import type { LanguageId } from './languages';
import type { FileSymbols } from './symbols';

/** One captured node of a tag query match (see queries/README.md for the capture names). */
export interface CaptureNode {
  name: string;
  text: string;
  /** 0-based rows, as tree-sitter reports them. */
  startRow: number;
  endRow: number;
  startIndex: number;
  endIndex: number;
}

/** The captures of one query match. */
export type TagMatch = CaptureNode[];

/**
 * Parses source with a language's grammar, runs its tag query (TAG_QUERIES) and turns the matches into
 * the file's symbols (symbolsFromMatches) — wherever the host likes: in this thread or in workers.
 */
export interface SyntaxTagger {
  /** Rejects with GrammarUnavailableError when the grammar or its query cannot be loaded. */
  extract(language: LanguageId, source: string): Promise<FileSymbols>;
  /** How many extractions to run at once for a batch of this many files (default 1). */
  lanes?(files: number): number;
  /** The batch is over (or was never started): resources taken for it (threads) go; resolves when they are gone. */
  release?(): Promise<void>;
  /** Frees the parsers, grammars and workers. */
  dispose?(): void;
}

/** A grammar that failed to load: its language is skipped (with one warning), the rest is indexed. */
export class GrammarUnavailableError extends Error {
  constructor(readonly language: LanguageId, readonly reason: string) {
    super(`The ${language} grammar could not be loaded (${reason}); ${language} files are not indexed.`);
    this.name = 'GrammarUnavailableError';
  }
}

export interface SourceFileInfo {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The workspace's files as the index sees them. */
export interface IndexFileSource {
  /**
   * Regular files under the root: .gitignore respected, .git and node_modules skipped, symlinks
   * never followed (a link out of the workspace must not pull outside files in). `under`: only those
   * in that folder (none when it is not a real folder of the workspace, or is ignored).
   */
  list(signal?: AbortSignal, under?: string): AsyncIterable<SourceFileInfo>;
  /**
   * undefined when the file is gone, is not a regular file, is not inside the workspace, or is one
   * `list` would not give (ignored): the same rules for a single file as for the walk.
   */
  stat(path: string): Promise<SourceFileInfo | undefined>;
  read(path: string): Promise<Uint8Array>;
}

export type SqlValue = number | string | Uint8Array | null;

/** The part of a sql.js Statement the index uses. */
export interface SqlStatement {
  bind(values?: SqlValue[]): boolean;
  step(): boolean;
  get(): SqlValue[];
  run(values?: SqlValue[]): void;
  reset(): boolean;
  free(): boolean;
}

/** The part of a sql.js Database the index uses (synchronous, in memory). */
export interface SqlDatabase {
  run(sql: string, params?: SqlValue[]): unknown;
  exec(sql: string, params?: SqlValue[]): { columns: string[]; values: SqlValue[][] }[];
  prepare(sql: string): SqlStatement;
  export(): Uint8Array;
  close(): void;
}

export interface SqlEngine {
  /** A database from its file's bytes, or an empty one. Corrupt bytes may only fail at the first query. */
  open(bytes?: Uint8Array): SqlDatabase;
}

/** What IndexStorage.load gives back. */
export interface StoredIndexBytes {
  bytes: Uint8Array;
  /**
   * The bytes are, provably, the ones this storage last saved (a checksum kept beside them matches):
   * the database's page-by-page structure check can be skipped. False when nothing says so.
   */
  intact: boolean;
}

/** Where the database file lives between sessions. */
export interface IndexStorage {
  load(): Promise<StoredIndexBytes | undefined>;
  /** Atomic: a crash leaves the old file or the new one. */
  save(bytes: Uint8Array): Promise<void>;
  /** For messages: where the index is kept. */
  readonly location: string;
  /**
   * The bytes saved by another writer since this one last loaded or saved (a second window on the same
   * folder shares the file), or undefined: then a save would overwrite no one else's project memory.
   */
  savedElsewhere?(): Promise<Uint8Array | undefined>;
  /** Keeps a copy of bytes that could not be read (they may hold the only copy of project memory); returns where. */
  keepDamaged?(bytes: Uint8Array): Promise<string>;
}
