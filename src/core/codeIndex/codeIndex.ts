// The code index: definitions and references of every source file, in SQLite, kept up to date
// incrementally and persisted between sessions; symbol lookup, explain_symbol and the repo map on
// top. Everything host-specific (files, tree-sitter, sql.js, where the database lives) comes through
// ports, so this runs the same in plain Node, in the VS Code host's worker and in tests.
import type { TokenCounter } from '../budget/tokenCounter';
import { mergeNotes, recoverNotes, restoreNotes, SqlNotes } from '../memory/sqlNotes';
import { WorkingMemory } from '../memory/workingMemory';
import { explainSymbol, type ExplainOptions } from './explain';
import { buildGraph, GraphRowsCache, type ReferenceGraph } from './graph';
import { DEFAULT_INDEX_LIMITS, updateFiles, updateIndex, type IndexerContext, type IndexLimits, type UpdateOptions, type UpdateSummary } from './indexer';
import { LANGUAGE_NAMES, type LanguageId } from './languages';
import { SymbolLookup, type FindOptions, type ReferenceHit, type SymbolHit } from './lookup';
import type { IndexFileSource, IndexStorage, SqlDatabase, SqlEngine, SyntaxTagger } from './ports';
import { buildRepoMap, focusFromTask, namesFocus, resolveTaskPath, type RepoMapFocus, type RepoMapOptions } from './repoMap';
import { mayUsePastCap, storedLinesWithin } from './resolve';
import { LAST_UPDATE, migrate } from './schema';
import { IndexStore, type DefinitionRow } from './store';
import { prefixQuery } from './words';
import { errorMessage } from '../errorMessage';
import { unreadableIndexWarning } from './warnings';

export interface CodeIndexPorts {
  source: IndexFileSource;
  tagger: SyntaxTagger;
  sql: SqlEngine;
  storage: IndexStorage;
}

export interface CodeIndexOptions extends Partial<IndexLimits> {
  /** Warnings for the user (a grammar that failed to load, a damaged database rebuilt, the file cap). */
  onWarning?: (message: string) => void;
  now?: () => number;
}

export interface IndexState {
  files: number;
  definitions: number;
  /** Files per language, by the language's name. */
  languages: Record<string, number>;
  /** Milliseconds since the epoch of the last completed update (0: never). */
  lastUpdate: number;
  /** Where the database is kept. */
  location: string;
  warnings: string[];
  truncated: boolean;
}

/** The graph is rebuilt this long after the last index change. */
const GRAPH_WARM_DELAY_MS = 500;
/** The map ranked in the background after a change (its text is dropped: it warms the code that ranks). */
const WARM_MAP_TOKENS = 256;
/** A focused task's map is half the budget, but never smaller than this. */
const FOCUSED_MIN_TOKENS = 512;

export class CodeIndexCore {
  private store: IndexStore;
  private lookup: SymbolLookup;
  private graph?: ReferenceGraph;
  private readonly graphRows = new GraphRowsCache();
  private graphTimer?: ReturnType<typeof setTimeout>;
  private readonly unavailable = new Set<LanguageId>();
  private readonly warnings: string[] = [];
  private readonly limits: IndexLimits;
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();
  /** Index changes queued or running (see `exclusive`): a lookup does not wait behind them. */
  private changing = 0;
  private dirty = false;
  /** The storage's writes, one after another (a later one carries newer bytes). */
  private writing: Promise<void> = Promise.resolve();
  /** Saves asked for while an update's batch transaction was open: done when it ends. */
  private savesAfterBatch: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private truncated = false;
  /** The last background save failed (shown with the index's state until a save succeeds). */
  private saveWarning?: string;
  private closed = false;
  /** close() is waiting for the queue and the save: no background graph build any more. */
  private closing = false;
  /** The notes (key → time written) the file held when this index last read or wrote it. */
  private notesOnDisk = new Map<string, number>();
  /** Notes this window wrote to the file and then forgot (key → time written): the other window's copies are not taken back. */
  private readonly forgotten = new Map<string, number>();
  /** Project memory's notes, in the same database (the backend; `memory` applies the policy). */
  readonly notes: SqlNotes;
  readonly memory: WorkingMemory;

  protected constructor(private readonly ports: CodeIndexPorts, db: SqlDatabase, private readonly options: CodeIndexOptions) {
    this.store = new IndexStore(db);
    this.notesOnDisk = noteVersions(recoverNotes(db));
    this.lookup = new SymbolLookup(this.store);
    this.limits = { maxFileBytes: options.maxFileBytes ?? DEFAULT_INDEX_LIMITS.maxFileBytes, maxFiles: options.maxFiles ?? DEFAULT_INDEX_LIMITS.maxFiles };
    this.now = options.now ?? (() => Date.now());
    // A note is on disk before `put` resolves: it is what the user or the model chose to keep, unlike
    // the derived index. During an update (the first build can take minutes) that is at the end of the
    // current batch of files, which also saves what the build has done so far.
    this.notes = new SqlNotes(() => this.store.db, async () => {
      this.dirty = true;
      await this.flush().catch((error) => this.options.onWarning?.(`Project memory could not be saved: ${errorMessage(error)}`));
    });
    this.memory = new WorkingMemory(this.notes);
  }

  /** Loads the persisted database; a damaged or outdated one is replaced by an empty one (with a warning). */
  protected static async prepare(ports: CodeIndexPorts, options: CodeIndexOptions): Promise<{ db: SqlDatabase; warning?: string }> {
    const stored = await ports.storage.load().catch(() => undefined);
    if (stored && stored.bytes.length) {
      const db = ports.sql.open(stored.bytes);
      try {
        migrate(db, undefined, { intact: stored.intact });
        return { db };
      } catch (error) {
        // The index is derived from the files; project memory is not: whatever of it still reads goes
        // into the new database, and bytes it cannot be read from are kept for the user.
        const notes = recoverNotes(db);
        db.close();
        const fresh = ports.sql.open();
        migrate(fresh);
        if (notes?.length) restoreNotes(fresh, notes);
        const kept = notes ? undefined : await ports.storage.keepDamaged?.(stored.bytes).catch(() => undefined);
        const memory = notes === undefined
          ? ` Its project memory could not be read${kept ? `; the damaged file is kept at ${kept}` : ''}.`
          : notes.length ? ` ${notes.length === 1 ? 'One project memory note was' : `${notes.length} project memory notes were`} recovered from it.` : '';
        const warning = unreadableIndexWarning(ports.storage.location, errorMessage(error), memory);
        options.onWarning?.(warning);
        return { db: fresh, warning };
      }
    }
    const db = ports.sql.open();
    migrate(db);
    return { db };
  }

  /** After construction: remember the load's warning, then bring the index up to date (unless `update` is false). */
  protected async start(warning: string | undefined, update: UpdateOptions | false): Promise<void> {
    if (warning) this.warnings.push(warning);
    if (update !== false) await this.update(update);
  }

  /** Loads the persisted index (or builds it) and brings it up to date. */
  static async openWith(ports: CodeIndexPorts, options: CodeIndexOptions = {}, update: UpdateOptions = {}): Promise<CodeIndexCore> {
    const { db, warning } = await CodeIndexCore.prepare(ports, options);
    const index = new CodeIndexCore(ports, db, options);
    await index.start(warning, update);
    return index;
  }

  /** Runs index changes one at a time (a save during the first indexing waits for it). */
  protected exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.changing++;
    const run = this.queue.then(() => {
      this.assertOpen();
      return work();
    }).finally(() => { this.changing--; });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private context(): IndexerContext {
    return {
      store: this.store, source: this.ports.source, tagger: this.ports.tagger, limits: this.limits,
      unavailable: this.unavailable, now: this.now, betweenBatches: () => this.saveAskedForInBatch(),
      warn: (message) => {
        if (this.warnings.includes(message)) return;
        this.warnings.push(message);
        this.options.onWarning?.(message);
      },
    };
  }

  /**
   * Runs an index change; saves afterwards when `persist`. Only a walk of the whole workspace (`walk`)
   * knows whether files were left out; re-indexing some files can only find that one more was.
   */
  private changeIndex(work: () => Promise<UpdateSummary>, persist: boolean, walk: boolean): Promise<UpdateSummary> {
    return this.exclusive(async () => {
      const summary = await work();
      if (summary.parsed || summary.removed) this.dirty = true;
      if (!summary.cancelled) {
        this.truncated = walk ? summary.truncated : this.truncated || summary.truncated;
        this.store.setMeta(LAST_UPDATE, String(this.now()));
      }
      if (persist) this.saveInBackground();
      // Also after the first update of a re-opened index that found nothing changed: a window's first
      // task would otherwise build the whole graph (Go benchmark: 285-334 ms for its first map).
      if (summary.parsed || summary.removed || !this.graph) this.warmGraphSoon();
      return summary;
    });
  }

  /** Walks the workspace and re-indexes what changed (size, mtime, then content hash); the save that follows runs in the background (`flush` waits for it). */
  update(options: UpdateOptions = {}): Promise<UpdateSummary> {
    return this.changeIndex(() => updateIndex(this.context(), options), true, true);
  }

  /** Re-indexes these files (saved, created, changed or deleted); the caller decides when to `flush`. */
  updateFiles(paths: readonly string[], options: UpdateOptions = {}): Promise<UpdateSummary> {
    return this.changeIndex(() => updateFiles(this.context(), paths, options), false, false);
  }

  /** Drops the index (not project memory) and indexes everything again. */
  rebuild(options: UpdateOptions = {}): Promise<UpdateSummary> {
    return this.changeIndex(async () => {
      this.store.clear();
      this.unavailable.clear();
      this.dirty = true;
      return updateIndex(this.context(), options);
    }, true, true);
  }

  /**
   * After an update: the database is exported now and written while the index already answers (the
   * write and its fsync took 50-90 ms after a cold build here, and nothing waits for it but a re-open);
   * flush() and close() wait for it. A write that fails leaves the index working for this session and
   * is tried again at the next save.
   */
  private saveInBackground(): void {
    this.flush().catch(
      (error: unknown) => {
        this.saveWarning = `The code index could not be saved to ${this.ports.storage.location} (${errorMessage(error)}); it works in this session, and the next update or closing the index tries again.`;
        try {
          this.options.onWarning?.(this.saveWarning);
        } catch { /* the caller's handler: nothing to do about its failure here */ }
      },
    );
  }

  /**
   * Writes the database if it changed since the last save; resolves once it is on disk. Safe at any
   * moment: inside an update's batch transaction (which sql.js cannot export) it waits for the batch
   * to end — a fraction of a second — not for the update.
   */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.store.inTransaction) return new Promise((resolve, reject) => this.savesAfterBatch.push({ resolve, reject }));
    return this.save();
  }

  /** Exports now (no transaction is open) and queues the write; resolves when it and the ones before are done. */
  private save(): Promise<void> {
    if (!this.dirty) {
      // A write still under way may fail (and leave the database dirty): wait for it, then save what it
      // could not write — through flush, which waits for a batch under way — or for a write queued since.
      const pending = this.writing;
      return pending.then(() => (this.dirty || this.writing !== pending ? this.flush() : undefined));
    }
    this.dirty = false;
    let bytes: Uint8Array;
    try {
      bytes = this.store.exportBytes();
    } catch (error) {
      this.dirty = true;
      return Promise.reject(error);
    }
    const write = this.writing.then(async () => {
      await this.ports.storage.save(await this.withNotesSavedElsewhere(bytes));
      this.saveWarning = undefined;
      if (this.closed) return;
      const now = noteVersions(recoverNotes(this.store.db));
      for (const [key, updated] of this.notesOnDisk) if (now.get(key) !== updated) this.forgotten.set(key, updated);
      this.notesOnDisk = now;
    });
    this.writing = write.catch(() => undefined);
    return write.catch((error: unknown) => {
      this.dirty = true;
      throw error;
    });
  }

  /**
   * `bytes` with the project memory another window on the same folder saved in the file since this index
   * last read or wrote it: the whole file is replaced, and their notes would go with it. Taken into the
   * open database too, so this window's memory shows them. A note this window forgot is not brought back
   * (the other window, still holding it, keeps it: deletions are not carried over, so a save racing the
   * other's can never delete a note here).
   */
  private async withNotesSavedElsewhere(bytes: Uint8Array): Promise<Uint8Array> {
    const theirs = await this.ports.storage.savedElsewhere?.().catch(() => undefined);
    if (!theirs) return bytes;
    try {
      return this.mergedNotes(theirs, bytes);
    } catch {
      return bytes; // their file does not read (damaged since): nothing of it can be kept, and this save must not fail for it
    }
  }

  private mergedNotes(theirs: Uint8Array, bytes: Uint8Array): Uint8Array {
    const other = this.ports.sql.open(theirs);
    const notes = (() => {
      try {
        return recoverNotes(other);
      } finally {
        other.close();
      }
    })();
    // as the file held them when this window last read or wrote it, or as this window forgot them: not theirs to bring back
    const changed = notes?.filter((n) => this.notesOnDisk.get(n.key) !== n.updated && this.forgotten.get(n.key) !== n.updated);
    if (!changed?.length || this.closed) return bytes;
    // the open database may be inside an update's batch (no export then): the bytes get the notes on their own
    mergeNotes(this.store.db, changed);
    const copy = this.ports.sql.open(bytes);
    try {
      return mergeNotes(copy, changed) ? copy.export() : bytes;
    } finally {
      copy.close();
    }
  }

  /** Between two of an update's batch transactions: the saves asked for during the batch. */
  private saveAskedForInBatch(): void {
    if (!this.savesAfterBatch.length) return;
    const waiting = this.savesAfterBatch.splice(0);
    this.save().then(() => { for (const w of waiting) w.resolve(); }, (error: unknown) => { for (const w of waiting) w.reject(error); });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The code index is closed.');
  }

  /** The last update left files out (more than the file limit): see CodeIntel.partial. */
  partial(): boolean {
    return this.truncated;
  }

  findSymbol(name: string, options?: FindOptions): SymbolHit[] {
    this.assertOpen();
    return this.lookup.findSymbol(name, options);
  }

  references(name: string, options?: FindOptions): ReferenceHit[] {
    this.assertOpen();
    return this.lookup.references(name, options);
  }

  async explainSymbol(name: string, options?: ExplainOptions): Promise<string> {
    this.assertOpen();
    return explainSymbol(name, { store: this.store, lookup: this.lookup, source: this.ports.source, reindex: (paths) => this.reindexNow(paths) }, options);
  }

  /**
   * Files explain_symbol found changed since they were indexed (their file events are yet to come, or were
   * not handled yet), indexed again at once: a few files are quick. Not while other changes run or wait (a first
   * build takes minutes, and a lookup must answer): false, and explain says the file changed.
   */
  private async reindexNow(paths: string[]): Promise<boolean> {
    if (this.changing > 0) return false;
    try {
      await this.updateFiles(paths);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Rebuilds the reference graph a moment after the index changed (or first updated after opening), off the task's path, and ranks one
   * small focused map on it: the next task's map then only ranks, its code already compiled (measured
   * on the Go benchmark, a task's first map after a build: 50 ms without it, 24-36 with; later ones
   * 15). Saves come in bursts; the timer does not keep a process alive.
   */
  private warmGraphSoon(): void {
    clearTimeout(this.graphTimer);
    this.graphTimer = setTimeout(() => {
      if (this.closed || this.closing) return;
      try {
        // focused on a name, as a task's map is (a map without focus takes other paths through the ranking)
        const graph = this.currentGraph();
        const first = graph.definitions.find((defs) => defs.length)?.[0];
        if (first) this.repoMap({ tokens: WARM_MAP_TOKENS, focus: { identifiers: [graph.names[first.nameId]!] } });
      } catch { /* only a warm-up: the task's own map reports what fails */ }
    }, GRAPH_WARM_DELAY_MS);
    (this.graphTimer as { unref?: () => void }).unref?.();
  }

  private currentGraph(): ReferenceGraph {
    this.assertOpen();
    if (!this.graph || this.graph.version !== this.store.version) this.graph = buildGraph(this.store, this.graphRows);
    return this.graph;
  }

  /** The ranked map of the workspace within `tokens`, personalised toward the focus. */
  repoMap(options: RepoMapOptions = {}): string {
    const graph = this.currentGraph();
    const words = [...options.focus?.identifiers ?? [], ...options.focus?.words ?? []].map(prefixQuery).filter(Boolean);
    const paths = words.flatMap((w) => this.store.pathsMatching(w, 20));
    return buildRepoMap(graph, options, paths, (name) => this.usesInDefinitions(name));
  }

  /**
   * Per file defining `name`, the names its definitions there use: a stored line within one, or lines
   * past the index's cap that reach into it (the map has no text to check: at worst a lean too many).
   */
  private usesInDefinitions(name: string): Map<string, string[]> {
    const byFile = new Map<number, DefinitionRow[]>();
    for (const d of this.store.definitionsNamed(name)) {
      const inFile = byFile.get(d.fileId);
      if (inFile) inFile.push(d);
      else byFile.set(d.fileId, [d]);
    }
    const uses = new Map<string, string[]>();
    for (const [fileId, defs] of byFile) {
      const used = this.store.referencesIn(fileId).filter((r) => r.name !== name && defs.some((d) => storedLinesWithin(r, d).length > 0 || mayUsePastCap(r, d)));
      uses.set(defs[0]!.path, used.map((r) => r.name));
    }
    return uses;
  }

  /** The focus a task's text gives: the indexed files and defined identifiers it names. */
  focusFor(task: string, openFiles: string[] = []): RepoMapFocus {
    const graph = this.currentGraph();
    const known = new Set(graph.paths);
    const byName = new Map<string, string[]>();
    for (const p of graph.paths) {
      const name = p.slice(p.lastIndexOf('/') + 1);
      const list = byName.get(name);
      if (list) list.push(p);
      else byName.set(name, [p]);
    }
    const defined = (n: string) => { const id = graph.nameIds.get(n); return id !== undefined && graph.definers(id).length > 0; };
    const resolvePath = (p: string) => resolveTaskPath(p, { has: (x) => known.has(x), endingWith: (name) => byName.get(name) ?? [] });
    const focus = focusFromTask(task, { resolvePath, isName: defined });
    return { files: [...new Set([...openFiles.filter((p) => known.has(p)), ...(focus.files ?? [])])], identifiers: focus.identifiers ?? [], words: focus.words ?? [] };
  }

  /**
   * The repo map for a task (built once per task by the agent), within `tokens`. A task that names
   * files or identifiers the index knows gets half of that (at least 512): its focus is pinned at the
   * top and the rest matters less — as aider gives its map more room only when the chat has no files.
   */
  repoMapForTask(task: string, tokens: number, options: { openFiles?: string[]; counter?: TokenCounter } = {}): string {
    const focus = this.focusFor(task, options.openFiles);
    const budget = namesFocus(focus.files?.length ?? 0, focus.identifiers?.length ?? 0) ? Math.min(tokens, Math.max(FOCUSED_MIN_TOKENS, Math.floor(tokens / 2))) : tokens;
    return this.repoMap({ tokens: budget, focus, ...(options.counter ? { counter: options.counter } : {}) });
  }

  state(): IndexState {
    this.assertOpen();
    const counts = this.store.counts();
    const languages: Record<string, number> = {};
    for (const [id, n] of Object.entries(counts.byLanguage)) {
      const name = LANGUAGE_NAMES[id as LanguageId] ?? id;
      languages[name] = (languages[name] ?? 0) + n;
    }
    return {
      files: counts.files, definitions: counts.definitions, languages,
      lastUpdate: Number(this.store.meta(LAST_UPDATE) ?? 0), location: this.ports.storage.location,
      warnings: [...this.warnings, ...(this.saveWarning ? [this.saveWarning] : [])], truncated: this.truncated,
    };
  }

  /** Saves what changed and frees the database and the parsers. */
  async close(): Promise<void> {
    if (this.closed) return;
    // an update still queued would set the timer again, and its save can outlast the timer
    this.closing = true;
    clearTimeout(this.graphTimer);
    await this.queue;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.store.close();
      this.ports.tagger.dispose?.();
    }
  }
}

/** Each note's time written, by key (none: a database that does not read). */
function noteVersions(notes: readonly { key: string; updated: number }[] | undefined): Map<string, number> {
  return new Map((notes ?? []).map((n) => [n.key, n.updated]));
}
