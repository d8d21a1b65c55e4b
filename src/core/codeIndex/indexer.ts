// Bringing the index up to date with the files: a walk compares size and mtime with what is stored,
// reads only what differs, re-parses only what changed (content hash), and drops what is gone.
// Bounded (file count, file size), cancellable between files, with progress.
import { CappedFiles } from './fileCap';
import { isIgnoreFile } from './ignoreFiles';
import { languageOf, type LanguageId } from './languages';
import { GrammarUnavailableError, type IndexFileSource, type SourceFileInfo, type SyntaxTagger } from './ports';
import type { IndexStore, StoredFile } from './store';
import type { FileSymbols } from './symbols';
import { contentHash } from './words';

export interface IndexLimits {
  /** Larger files are skipped (generated tables, bundles, data). */
  maxFileBytes: number;
  /** Source files indexed at most; the rest are skipped with a warning. */
  maxFiles: number;
}

export const DEFAULT_INDEX_LIMITS: IndexLimits = { maxFileBytes: 512 * 1024, maxFiles: 10_000 };

export interface IndexProgress {
  /** Files parsed so far in this update, of `total` that needed it. */
  done: number;
  total: number;
  path?: string;
}

export interface UpdateOptions {
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
}

export interface UpdateSummary {
  /** Files parsed again (new or changed). */
  parsed: number;
  removed: number;
  /** Files skipped: over the size limit, past the file limit, binary, or of a language whose grammar did not load. */
  skipped: number;
  cancelled: boolean;
  /** The file limit was reached: the index covers part of the workspace. */
  truncated: boolean;
  durationMs: number;
}

export interface IndexerContext {
  store: IndexStore;
  source: IndexFileSource;
  tagger: SyntaxTagger;
  limits: IndexLimits;
  /** Languages whose grammar failed to load in this session (warned once). */
  unavailable: Set<LanguageId>;
  warn(message: string): void;
  now(): number;
  /**
   * Called between two batch transactions (none is open): the moment a save asked for during a long
   * update can export the database (sql.js cannot export inside a write transaction).
   */
  betweenBatches?(): void;
}

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
function isBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const BATCH = 64;
/** A batch this large into an empty index (the first build) fills the tables first and indexes them after. */
const BULK_FILES = 200;

type FileOutcome = 'parsed' | 'unchanged' | 'skipped';

/** Reads, parses and stores one file that may have changed. */
async function indexFile(ctx: IndexerContext, info: SourceFileInfo, language: LanguageId, old: StoredFile | undefined): Promise<FileOutcome> {
  if (ctx.unavailable.has(language)) return 'skipped';
  let bytes: Uint8Array;
  try {
    bytes = await ctx.source.read(info.path);
  } catch {
    return 'skipped'; // gone or unreadable since the walk: the next update sees it again
  }
  const base = { path: info.path, language, size: info.size, mtime: info.mtimeMs };
  if (isBinary(bytes)) {
    ctx.store.putFile({ ...base, hash: '', status: 'binary' }, { definitions: [], references: [] });
    return 'skipped';
  }
  const text = decoder.decode(bytes);
  const hash = contentHash(text);
  if (old && old.hash === hash) {
    ctx.store.touchFile(old.id, info.size, info.mtimeMs);
    return 'unchanged';
  }
  let symbols: FileSymbols;
  let status: StoredFile['status'] = 'ok';
  try {
    symbols = await ctx.tagger.extract(language, text);
  } catch (error) {
    if (error instanceof GrammarUnavailableError) {
      if (!ctx.unavailable.has(language)) ctx.warn(error.message);
      ctx.unavailable.add(language);
      return 'skipped';
    }
    // A file the tagger cannot handle is recorded without symbols, so it is not retried until it changes.
    symbols = { definitions: [], references: [] };
    status = 'error';
  }
  ctx.store.putFile({ ...base, hash, status }, symbols);
  return 'parsed';
}

/**
 * Parses `work` with as many extractions in flight as the tagger allows, storing each file as it
 * completes (one transaction per BATCH files), with progress and cancellation between files.
 */
async function indexAll(ctx: IndexerContext, work: { info: SourceFileInfo; language: LanguageId }[], options: UpdateOptions, summary: UpdateSummary): Promise<void> {
  const lanes = Math.max(1, ctx.tagger.lanes?.(work.length) ?? 1);
  let next = 0;
  let done = 0;
  let inTransaction = 0;
  const bulk = work.length >= BULK_FILES && ctx.store.isEmpty();
  if (bulk) ctx.store.dropLookupIndexes();
  ctx.store.begin();
  const lane = async () => {
    while (next < work.length) {
      if (options.signal?.aborted) { summary.cancelled = true; return; }
      const item = work[next++]!;
      const outcome = await indexFile(ctx, item.info, item.language, ctx.store.file(item.info.path));
      if (outcome === 'parsed') summary.parsed++;
      else if (outcome === 'skipped') summary.skipped++;
      options.onProgress?.({ done: ++done, total: work.length, path: item.info.path });
      if (++inTransaction >= BATCH) {
        ctx.store.commit();
        ctx.betweenBatches?.();
        ctx.store.begin();
        inTransaction = 0;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(lanes, work.length) }, lane));
  } finally {
    ctx.store.commit();
    if (bulk) ctx.store.restoreLookupIndexes();
    ctx.betweenBatches?.();
  }
}

/** Runs an update; whatever the tagger took for it (threads) is released after, however it ended. */
async function releasing(ctx: IndexerContext, update: () => Promise<UpdateSummary>): Promise<UpdateSummary> {
  try {
    return await update();
  } finally {
    await ctx.tagger.release?.();
  }
}

function emptySummary(): UpdateSummary {
  return { parsed: 0, removed: 0, skipped: 0, cancelled: false, truncated: false, durationMs: 0 };
}

/** Walks the workspace and re-indexes what changed. */
export function updateIndex(ctx: IndexerContext, options: UpdateOptions = {}): Promise<UpdateSummary> {
  return releasing(ctx, () => walkAndIndex(ctx, options));
}

type Work = { info: SourceFileInfo; language: LanguageId }[];

async function walkAndIndex(ctx: IndexerContext, options: UpdateOptions): Promise<UpdateSummary> {
  const started = ctx.now();
  const summary = emptySummary();
  const stored = new Map(ctx.store.files().map((f) => [f.path, f]));
  const listed = new CappedFiles<Work[number]>(ctx.limits.maxFiles, (w) => w.info.path);
  for await (const info of ctx.source.list(options.signal)) {
    const language = languageOf(info.path);
    if (!language) continue;
    if (info.size > ctx.limits.maxFileBytes) { summary.skipped++; continue; }
    listed.add({ info, language });
  }
  if (options.signal?.aborted) return { ...summary, cancelled: true, durationMs: ctx.now() - started };
  const kept = listed.kept();
  const seen = new Set(kept.map((w) => w.info.path));
  const work = kept.filter(({ info }) => {
    const old = stored.get(info.path);
    return !(old && old.size === info.size && old.mtime === info.mtimeMs);
  });
  summary.truncated = listed.truncated;
  summary.skipped += listed.dropped;
  if (summary.truncated) {
    // Formatted only when needed: a thread's first toLocaleString loads ICU's locale data (~20 ms of a small repository's build).
    const cap = ctx.limits.maxFiles.toLocaleString('en-US');
    ctx.warn(`The workspace has more than ${cap} source files; only ${cap} are indexed, code before tests, examples and vendored files (setting smallcode.index.maxFiles).`);
  }
  const gone = [...stored.values()].filter((f) => !seen.has(f.path));
  if (gone.length) ctx.store.transaction(() => { for (const f of gone) ctx.store.removeFile(f.id); });
  summary.removed = gone.length;
  await indexAll(ctx, work, options, summary);
  summary.durationMs = ctx.now() - started;
  return summary;
}

/** Re-indexes the given files (an editor's save or a file event): changed, created or deleted. */
export function updateFiles(ctx: IndexerContext, paths: readonly string[], options: UpdateOptions = {}): Promise<UpdateSummary> {
  return releasing(ctx, () => indexPaths(ctx, paths, options));
}

/**
 * Re-indexes single paths. A path that is not a file now may be a folder (created, deleted, renamed
 * or moved: one event for all its files), whatever its name ends with: the stored files under it go
 * unless the folder's walk still lists them. A changed ignore file can hide or reveal files anywhere below it: that is a full walk.
 */
async function indexPaths(ctx: IndexerContext, paths: readonly string[], options: UpdateOptions): Promise<UpdateSummary> {
  if (paths.some(isIgnoreFile)) return walkAndIndex(ctx, options);
  const started = ctx.now();
  const summary = emptySummary();
  const work: Work = [];
  const queued = new Set<string>();
  let stored = -1; // the stored file count, read once when a new file needs the cap checked
  const consider = (info: SourceFileInfo | undefined, path: string, language: LanguageId) => {
    if (queued.has(path)) return;
    const old = ctx.store.file(path);
    if (!info || info.size > ctx.limits.maxFileBytes) {
      if (old) { ctx.store.removeFile(old.id); summary.removed++; }
      return;
    }
    if (!old) {
      if (stored < 0) stored = ctx.store.fileCount();
      if (stored >= ctx.limits.maxFiles) { summary.truncated = true; summary.skipped++; return; }
      stored++;
    }
    queued.add(path);
    work.push({ info, language });
  };
  for (const path of new Set(paths)) {
    if (options.signal?.aborted) { summary.cancelled = true; break; }
    const language = languageOf(path);
    const info = language ? await ctx.source.stat(path) : undefined;
    if (language) consider(info, path, language);
    // No file there: it may be a folder all the same, named like one (`vendor/chart.js`, `lib.rs/`).
    if (!info && path !== '') await folderChanged(ctx, path.replace(/\/+$/, ''), options, summary, consider);
  }
  await indexAll(ctx, work, options, summary);
  summary.durationMs = ctx.now() - started;
  return summary;
}

/** A folder's files as the walk lists them now, against those stored under it. */
async function folderChanged(
  ctx: IndexerContext, folder: string, options: UpdateOptions, summary: UpdateSummary,
  consider: (info: SourceFileInfo | undefined, path: string, language: LanguageId) => void,
): Promise<void> {
  const stored = new Map(ctx.store.filesUnder(folder).map((f) => [f.path, f]));
  const listed = new Set<string>();
  for await (const info of ctx.source.list(options.signal, folder)) {
    const language = languageOf(info.path);
    if (!language) continue;
    listed.add(info.path);
    const old = stored.get(info.path);
    if (old && old.size === info.size && old.mtime === info.mtimeMs) continue;
    consider(info, info.path, language);
  }
  if (options.signal?.aborted) { summary.cancelled = true; return; }
  const gone = [...stored.values()].filter((f) => !listed.has(f.path));
  if (gone.length) ctx.store.transaction(() => { for (const f of gone) ctx.store.removeFile(f.id); });
  summary.removed += gone.length;
}
