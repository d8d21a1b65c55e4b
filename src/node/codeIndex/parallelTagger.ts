// Parsing on other threads: the first build of a large workspace is tree-sitter's work (WASM, about
// 1-2 MB of source per second per core), so a batch of many files is spread over worker threads
// (dist/tagWorker.js) while this thread reads the files and writes the database. The workers exist
// only for such a batch and end with it: a WASM heap never shrinks, and parsing thousands of files
// grows it, so only a thread that ends gives that memory back. A few files (an editor's save) are
// parsed in this thread, whose grammars are loaded when the batch ends.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { GrammarUnavailableError, type FileSymbols, type LanguageId, type SyntaxTagger } from '../../core/codeIndex';
import type { TagRequest, TagResponse, TagWorkerData } from './tagWorker';
import { TreeSitterTagger } from './treeSitterTagger';
import { grammarWasm, RUNTIME_WASM } from './wasmFiles';
import { wasmModule } from './wasmModules';
import type { WasmModule } from './wasmApi';
import { errorMessage } from '../../core/errorMessage';

/** Smaller batches are parsed in this thread: starting a worker (runtime and grammar) costs more. */
const MIN_PARALLEL_FILES = 24;

/**
 * Parsing threads for a large batch: one per core, at most 4 (each holds its own WASM heaps). This
 * thread only reads files and writes the database (about a sixth of the work, measured on the Go
 * standard library), so leaving it a core of its own left that core mostly idle.
 */
export function defaultParallelism(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** Files in flight per thread: the next is already waiting in a thread's queue when it finishes one. */
const IN_FLIGHT_PER_THREAD = 2;

/**
 * A parsing thread: the bundle beside this one (dist/tagWorker.js), or — running from source under tsx
 * (tests, benchmarks) — the TypeScript file loaded through tsx's require hook, which a worker's entry
 * module does not get from the parent's --import. The bundle is plain CommonJS: it starts without the
 * parent's flags, whose module hooks (a host's `--import`, e.g. tsx's) would run Node's ESM loader
 * over it (measured: about 0.1 s per thread on start-up).
 */
function startWorker(runtime: WasmModule): Worker {
  const workerData = { runtime } satisfies TagWorkerData;
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'tagWorker.js'), { workerData, execArgv: [] });
  const source = join(__dirname, 'tagWorker.ts');
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, { eval: true, workerData });
}

interface Lane {
  worker: Worker;
  busy: number;
  /** Files this thread answered: none means it never worked (see `fail`). */
  answered: number;
  /** Grammar files already posted to this thread. */
  grammars: Set<string>;
}

interface Waiter {
  lane: Lane;
  language: LanguageId;
  source: string;
  resolve: (s: FileSymbols) => void;
  reject: (e: Error) => void;
}

export class ParallelTagger implements SyntaxTagger {
  private readonly pool: Lane[] = [];
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private readonly local = new TreeSitterTagger();
  /** Set for a large batch: extractions go to the workers. */
  private engaged = false;
  /** Counts batches: an extraction that waited across the end of its batch is parsed here instead. */
  private batch = 0;
  /** A thread failed before answering anything (a broken install, say): every file is parsed here from then on. */
  private threadsUnusable = false;
  private readonly languages = new Set<LanguageId>();
  private disposed = false;

  /**
   * `threads`: worker threads besides this one; `startThread`: how one is started (tests give one
   * that cannot start).
   */
  constructor(readonly threads = defaultParallelism(), private readonly startThread: (runtime: WasmModule) => Worker = startWorker) {}

  /** Parsing threads running now (started for a batch, ended with it). */
  threadsRunning(): number {
    return this.pool.length;
  }

  lanes(files: number): number {
    if (files < MIN_PARALLEL_FILES || this.threads < 1 || this.threadsUnusable) return 1;
    this.engaged = true;
    this.batch++;
    return this.threads * IN_FLIGHT_PER_THREAD;
  }

  /**
   * Ends the batch's threads, then starts loading the batch's grammars here for the saves that follow
   * (not awaited: the index is ready without them; a save that comes first waits for its grammar).
   */
  async release(): Promise<void> {
    await this.stopWorkers(new Error('The batch ended before this file was parsed.'));
    // A turn of the event loop later: the build answers first (a grammar's runtime, module and tag
    // query cost 20-100 ms of this thread, and nothing waits for them yet).
    const languages = [...this.languages];
    setImmediate(() => {
      if (this.disposed) return;
      for (const language of languages) void this.local.extract(language, '').catch(() => undefined);
    });
  }

  private lane(runtime: WasmModule): Lane {
    const free = this.pool.find((l) => l.busy === 0);
    if (free || this.pool.length >= this.threads) return free ?? this.pool.reduce((a, b) => (b.busy < a.busy ? b : a));
    const lane: Lane = { worker: this.startThread(runtime), busy: 0, answered: 0, grammars: new Set() };
    lane.worker.on('message', (response: TagResponse) => this.answer(lane, response));
    lane.worker.on('error', (error) => this.fail(lane, error));
    lane.worker.on('exit', () => this.fail(lane, new Error('the parsing thread stopped')));
    this.pool.push(lane);
    return lane;
  }

  /** A grammar goes to a thread once, before the first file that needs it. */
  private postGrammar(lane: Lane, language: LanguageId, grammar: WasmModule): void {
    const file = grammarWasm(language);
    if (lane.grammars.has(file)) return;
    lane.grammars.add(file);
    lane.worker.postMessage({ wasm: { file, module: grammar } } satisfies TagRequest);
  }

  private answer(lane: Lane, response: TagResponse): void {
    lane.answered++;
    const waiter = this.waiting.get(response.id);
    if (!waiter) return;
    this.waiting.delete(response.id);
    waiter.lane.busy--;
    if ('symbols' in response) waiter.resolve(response.symbols);
    else if ('grammarError' in response) waiter.reject(new GrammarUnavailableError(response.grammarError.language, response.grammarError.reason));
    else waiter.reject(new Error(response.error));
  }

  /**
   * A thread that crashed after it had worked fails its pending files (they are recorded as unparsed:
   * one of them may be what crashed it) and is replaced on demand. A thread that never answered could
   * not start at all: its files, and every file after them, are parsed in this thread instead — a
   * silently empty index would be worse than a slower one.
   */
  private fail(lane: Lane, error: Error): void {
    const at = this.pool.indexOf(lane);
    if (at < 0) return;
    this.pool.splice(at, 1);
    const neverWorked = lane.answered === 0;
    if (neverWorked && !this.threadsUnusable) {
      this.threadsUnusable = true;
      console.warn(`SmallCode: the code index's parsing threads could not start (${errorMessage(error)}); parsing in one thread instead.`);
    }
    for (const [id, waiter] of this.waiting) {
      if (waiter.lane !== lane) continue;
      this.waiting.delete(id);
      if (neverWorked) this.local.extract(waiter.language, waiter.source).then(waiter.resolve, waiter.reject);
      else waiter.reject(error);
    }
  }

  /** The runtime's and a grammar's compiled modules (this thread's, shared with the workers). */
  private async modules(language: LanguageId): Promise<{ runtime: WasmModule; grammar: WasmModule }> {
    try {
      const [runtime, grammar] = await Promise.all([wasmModule(RUNTIME_WASM), wasmModule(grammarWasm(language))]);
      return { runtime, grammar };
    } catch (error) {
      throw new GrammarUnavailableError(language, errorMessage(error));
    }
  }

  async extract(language: LanguageId, source: string): Promise<FileSymbols> {
    if (!this.engaged || this.threadsUnusable) return this.local.extract(language, source);
    this.languages.add(language);
    const batch = this.batch;
    const { runtime, grammar } = await this.modules(language);
    // The batch may have ended (or the threads failed) while the modules loaded: no new thread for it.
    if (!this.engaged || this.threadsUnusable || batch !== this.batch) return this.local.extract(language, source);
    // From here to the post, synchronous: a thread gets a grammar before the first file that needs it.
    const lane = this.lane(runtime);
    this.postGrammar(lane, language, grammar);
    const id = this.nextId++;
    lane.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { lane, language, source, resolve, reject });
      lane.worker.postMessage({ id, language, source } satisfies TagRequest);
    });
  }

  /** Ends the threads; files still waiting on them are answered with `reason` (never left hanging). */
  private async stopWorkers(reason: Error): Promise<void> {
    this.engaged = false;
    const lanes = this.pool.splice(0);
    for (const [id, waiter] of this.waiting) {
      if (!lanes.includes(waiter.lane)) continue;
      this.waiting.delete(id);
      waiter.reject(reason);
    }
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
  }

  dispose(): void {
    this.disposed = true;
    this.local.dispose();
    // every waiting file is on a running thread (fail() answers those of a thread that stopped)
    void this.stopWorkers(new Error('The code index was closed.'));
  }
}
