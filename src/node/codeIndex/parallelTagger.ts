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
  /** Grammar files already posted to this thread. */
  grammars: Set<string>;
}

export class ParallelTagger implements SyntaxTagger {
  private readonly pool: Lane[] = [];
  private readonly waiting = new Map<number, { lane: Lane; resolve: (s: FileSymbols) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private readonly local = new TreeSitterTagger();
  /** Set for a large batch: extractions go to the workers. */
  private engaged = false;
  private readonly languages = new Set<LanguageId>();
  /** Languages the threads were readied for during this batch's walk. */
  private readonly expected = new Set<LanguageId>();

  /** `threads`: worker threads besides this one. */
  constructor(readonly threads = defaultParallelism()) {}

  /**
   * A large batch is coming (the walk is still going): the threads start now and load the grammar,
   * so that their start-up (runtime, grammar, query, the parser's first compilation: about 0.2 s
   * each) overlaps the walk instead of following it.
   */
  expect(language: LanguageId, files: number): void {
    if (files < MIN_PARALLEL_FILES || this.threads < 1 || this.expected.has(language)) return;
    this.engaged = true;
    this.expected.add(language);
    this.languages.add(language);
    this.modules(language).then(({ runtime, grammar }) => {
      if (!this.engaged) return; // the batch ended (or was cancelled) first
      while (this.pool.length < this.threads) this.startLane(runtime);
      for (const lane of this.pool) this.postGrammar(lane, language, grammar, true);
    }, () => undefined); // the batch's first file of this language reports the failure
  }

  /** Parsing threads running now (started for a batch, ended with it). */
  threadsRunning(): number {
    return this.pool.length;
  }

  lanes(files: number): number {
    if (files < MIN_PARALLEL_FILES || this.threads < 1) return 1;
    this.engaged = true;
    return this.threads * IN_FLIGHT_PER_THREAD;
  }

  /**
   * Ends the batch's threads, then starts loading the batch's grammars here for the saves that follow
   * (not awaited: the index is ready without them; a save that comes first waits for its grammar).
   */
  async release(): Promise<void> {
    await this.stopWorkers();
    for (const language of this.languages) void this.local.extract(language, '').catch(() => undefined);
  }

  private lane(runtime: WasmModule): Lane {
    const free = this.pool.find((l) => l.busy === 0);
    if (free || this.pool.length >= this.threads) return free ?? this.pool.reduce((a, b) => (b.busy < a.busy ? b : a));
    return this.startLane(runtime);
  }

  /** A grammar goes to a thread once, before the first file that needs it; `warm`: load it now. */
  private postGrammar(lane: Lane, language: LanguageId, grammar: WasmModule, warm = false): void {
    const file = grammarWasm(language);
    if (lane.grammars.has(file)) return;
    lane.grammars.add(file);
    lane.worker.postMessage({ wasm: { file, module: grammar }, ...(warm ? { warm: language } : {}) } satisfies TagRequest);
  }

  private startLane(runtime: WasmModule): Lane {
    const lane: Lane = { worker: startWorker(runtime), busy: 0, grammars: new Set() };
    lane.worker.on('message', (response: TagResponse) => this.answer(response));
    lane.worker.on('error', (error) => this.fail(lane, error));
    lane.worker.on('exit', () => this.fail(lane, new Error('the parsing thread stopped')));
    this.pool.push(lane);
    return lane;
  }

  private answer(response: TagResponse): void {
    const waiter = this.waiting.get(response.id);
    if (!waiter) return;
    this.waiting.delete(response.id);
    waiter.lane.busy--;
    if ('symbols' in response) waiter.resolve(response.symbols);
    else if ('grammarError' in response) waiter.reject(new GrammarUnavailableError(response.grammarError.language, response.grammarError.reason));
    else waiter.reject(new Error(response.error));
  }

  /** A crashed worker fails its pending files (they are recorded as unparsed) and is replaced on demand. */
  private fail(lane: Lane, error: Error): void {
    const at = this.pool.indexOf(lane);
    if (at < 0) return;
    this.pool.splice(at, 1);
    for (const [id, waiter] of this.waiting) {
      if (waiter.lane !== lane) continue;
      this.waiting.delete(id);
      waiter.reject(error);
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
    if (!this.engaged) return this.local.extract(language, source);
    this.languages.add(language);
    const { runtime, grammar } = await this.modules(language);
    // From here to the post, synchronous: a thread gets a grammar before the first file that needs it.
    const lane = this.lane(runtime);
    this.postGrammar(lane, language, grammar);
    const id = this.nextId++;
    lane.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { lane, resolve, reject });
      lane.worker.postMessage({ id, language, source } satisfies TagRequest);
    });
  }

  private async stopWorkers(): Promise<void> {
    this.engaged = false;
    this.expected.clear();
    await Promise.all(this.pool.splice(0).map((lane) => lane.worker.terminate()));
  }

  dispose(): void {
    this.local.dispose();
    for (const [id, waiter] of this.waiting) { this.waiting.delete(id); waiter.reject(new Error('The code index was closed.')); }
    void this.stopWorkers();
  }
}
