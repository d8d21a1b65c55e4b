// Parsing on several threads: the first build of a large workspace is tree-sitter's work (WASM, about
// 1-2 MB of source per second per core), so a batch of many files is spread over worker threads
// (dist/tagWorker.js) and this thread, which also reads the files and writes the database. The
// workers exist only for such a batch and end with it, giving their memory back; a few files (an
// editor's save) are parsed in this thread alone, whose grammars the batch has already loaded.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { GrammarUnavailableError, type FileSymbols, type LanguageId, type SyntaxTagger } from '../../core/codeIndex';
import type { TagRequest, TagResponse } from './tagWorker';
import { TreeSitterTagger } from './treeSitterTagger';

/** Smaller batches are parsed in this thread: starting a worker (runtime and grammar) costs more. */
const MIN_PARALLEL_FILES = 24;

/** Worker threads worth adding to this one: the cores but one, at most 3 (each holds its own WASM heaps). */
export function defaultParallelism(): number {
  return Math.max(1, Math.min(3, availableParallelism() - 1));
}

/**
 * A parsing thread: the bundle beside this one (dist/tagWorker.js), or — running from source under tsx
 * (tests, benchmarks) — the TypeScript file loaded through tsx's require hook, which a worker's entry
 * module does not get from the parent's --import.
 */
function startWorker(): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'tagWorker.js'));
  const source = join(__dirname, 'tagWorker.ts');
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, { eval: true });
}

interface Lane {
  worker: Worker;
  busy: number;
}

export class ParallelTagger implements SyntaxTagger {
  private readonly pool: Lane[] = [];
  private readonly waiting = new Map<number, { lane: Lane; resolve: (s: FileSymbols) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private readonly local = new TreeSitterTagger();
  private localBusy = false;
  /** Set for a large batch: extractions go to the workers when this thread's lane is busy. */
  private engaged = false;

  /** `threads`: worker threads besides this one. */
  constructor(readonly threads = defaultParallelism()) {}

  lanes(files: number): number {
    if (files < MIN_PARALLEL_FILES || this.threads < 1) return 1;
    this.engaged = true;
    return this.threads + 1;
  }

  release(): void {
    this.stopWorkers();
  }

  private lane(): Lane {
    const free = this.pool.find((l) => l.busy === 0);
    if (free || this.pool.length >= this.threads) return free ?? this.pool.reduce((a, b) => (b.busy < a.busy ? b : a));
    const lane: Lane = { worker: startWorker(), busy: 0 };
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

  async extract(language: LanguageId, source: string): Promise<FileSymbols> {
    if (!this.engaged || !this.localBusy) {
      this.localBusy = true;
      try {
        return await this.local.extract(language, source);
      } finally {
        this.localBusy = false;
      }
    }
    const lane = this.lane();
    const id = this.nextId++;
    lane.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { lane, resolve, reject });
      lane.worker.postMessage({ id, language, source } satisfies TagRequest);
    });
  }

  private stopWorkers(): void {
    this.engaged = false;
    for (const lane of this.pool.splice(0)) void lane.worker.terminate();
  }

  dispose(): void {
    this.local.dispose();
    for (const [id, waiter] of this.waiting) { this.waiting.delete(id); waiter.reject(new Error('The code index was closed.')); }
    this.stopWorkers();
  }
}
