// Bringing the index up to date with the files: a walk compares size and mtime with what is stored,
// reads only what differs, re-parses only what changed (content hash), and drops what is gone.
// Bounded (file count, file size), cancellable between files, with progress.
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
  ctx.store.db.run('BEGIN');
  const lane = async () => {
    while (next < work.length) {
      if (options.signal?.aborted) { summary.cancelled = true; return; }
      const item = work[next++]!;
      const outcome = await indexFile(ctx, item.info, item.language, ctx.store.file(item.info.path));
      if (outcome === 'parsed') summary.parsed++;
      else if (outcome === 'skipped') summary.skipped++;
      options.onProgress?.({ done: ++done, total: work.length, path: item.info.path });
      if (++inTransaction >= BATCH) {
        ctx.store.db.run('COMMIT');
        ctx.store.db.run('BEGIN');
        inTransaction = 0;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(lanes, work.length) }, lane));
  } finally {
    ctx.store.db.run('COMMIT');
    if (bulk) ctx.store.restoreLookupIndexes();
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

async function walkAndIndex(ctx: IndexerContext, options: UpdateOptions): Promise<UpdateSummary> {
  const started = ctx.now();
  const summary = emptySummary();
  const stored = new Map(ctx.store.files().map((f) => [f.path, f]));
  const seen = new Set<string>();
  const work: { info: SourceFileInfo; language: LanguageId }[] = [];
  for await (const info of ctx.source.list(options.signal)) {
    const language = languageOf(info.path);
    if (!language) continue;
    if (info.size > ctx.limits.maxFileBytes) { summary.skipped++; continue; }
    if (seen.size >= ctx.limits.maxFiles) { summary.truncated = true; summary.skipped++; continue; }
    seen.add(info.path);
    const old = stored.get(info.path);
    if (old && old.size === info.size && old.mtime === info.mtimeMs) continue;
    work.push({ info, language });
  }
  if (options.signal?.aborted) return { ...summary, cancelled: true, durationMs: ctx.now() - started };
  if (summary.truncated) ctx.warn(`The workspace has more than ${ctx.limits.maxFiles.toLocaleString('en-US')} source files; only the first ${ctx.limits.maxFiles.toLocaleString('en-US')} are indexed (setting smallcode.index.maxFiles).`);
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

async function indexPaths(ctx: IndexerContext, paths: readonly string[], options: UpdateOptions): Promise<UpdateSummary> {
  const started = ctx.now();
  const summary = emptySummary();
  const work: { info: SourceFileInfo; language: LanguageId }[] = [];
  for (const path of new Set(paths)) {
    const language = languageOf(path);
    if (!language) continue;
    const info = await ctx.source.stat(path);
    const old = ctx.store.file(path);
    if (!info || info.size > ctx.limits.maxFileBytes) {
      if (old) { ctx.store.removeFile(old.id); summary.removed++; }
      continue;
    }
    if (!old && ctx.store.counts().files >= ctx.limits.maxFiles) { summary.truncated = true; summary.skipped++; continue; }
    work.push({ info, language });
  }
  await indexAll(ctx, work, options, summary);
  summary.durationMs = ctx.now() - started;
  return summary;
}
