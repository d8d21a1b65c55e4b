// The host side of the code index's worker thread: every call is a message, every answer a promise;
// progress and warnings are callbacks. Implements what the agent needs (CodeIntel) and project
// memory's NoteBackend, so the extension host uses the index without loading tree-sitter or sql.js.
import { Worker } from 'node:worker_threads';
import type { CodeIntel, ExplainOptions, FindOptions, IndexProgress, IndexState, SymbolHit, UpdateSummary } from '../../core/codeIndex';
import { MAX_DATABASE_NOTES } from '../../core/memory/sqlNotes';
import { settledWithin } from '../../core/settledWithin';
import type { MemoryNote, NoteBackend } from '../../core/memory';
import type { WorkerInit, WorkerMessage, WorkerMethod, WorkerMethods } from './workerProtocol';

export interface WorkerClientOptions extends WorkerInit {
  /** dist/codeIndexWorker.js */
  workerFile: string;
  onProgress?: (progress: IndexProgress) => void;
  onWarning?: (message: string) => void;
  /** The worker stopped unexpectedly (crash, out of memory): calls fail from now on. */
  onExit?: (reason: string) => void;
}

export class CodeIndexWorkerClient implements CodeIntel {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private exited?: string;

  constructor(private readonly options: WorkerClientOptions) {
    const { workerFile, onProgress: _p, onWarning: _w, onExit: _e, ...init } = options;
    this.worker = new Worker(workerFile, { workerData: init satisfies WorkerInit });
    this.worker.on('message', (message: WorkerMessage) => this.receive(message));
    this.worker.on('error', (error) => this.stop(`the code index worker failed: ${error.message}`));
    this.worker.on('exit', (code) => this.stop(code === 0 ? 'the code index was closed' : `the code index worker exited with code ${code}`));
  }

  private receive(message: WorkerMessage): void {
    if (message.kind === 'progress') return this.options.onProgress?.(message.progress);
    if (message.kind === 'warning') return this.options.onWarning?.(message.message);
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.kind === 'result') waiter.resolve(message.result);
    else waiter.reject(new Error(message.message));
  }

  private stop(reason: string, unexpected = !reason.endsWith('closed')): void {
    if (this.exited) return;
    this.exited = reason;
    for (const waiter of this.pending.values()) waiter.reject(new Error(`The code index is not available: ${reason}.`));
    this.pending.clear();
    if (unexpected) this.options.onExit?.(reason);
  }

  call<M extends WorkerMethod>(method: M, ...args: WorkerMethods[M]['args']): Promise<WorkerMethods[M]['result']> {
    if (this.exited) return Promise.reject(new Error(`The code index is not available: ${this.exited}.`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args });
    });
  }

  get available(): boolean { return !this.exited; }

  open(): Promise<IndexState> { return this.call('open'); }
  update(): Promise<UpdateSummary> { return this.call('update'); }
  updateFiles(paths: string[]): Promise<UpdateSummary> { return this.call('updateFiles', paths); }
  rebuild(): Promise<UpdateSummary> { return this.call('rebuild'); }
  cancel(): Promise<void> { return this.call('cancel'); }
  state(): Promise<IndexState> { return this.call('state'); }
  findSymbol(name: string, options?: FindOptions): Promise<SymbolHit[]> { return this.call('findSymbol', name, options); }
  explainSymbol(name: string, options?: ExplainOptions): Promise<string> { return this.call('explainSymbol', name, options); }
  repoMapForTask(task: string, tokens: number, options?: { openFiles?: string[] }): Promise<string> { return this.call('repoMapForTask', task, tokens, options); }

  /** Project memory's notes in the index's database, for a WorkingMemory on this side. */
  readonly notes: NoteBackend = {
    capacity: MAX_DATABASE_NOTES,
    list: () => this.call('notesList'),
    put: (note: MemoryNote) => this.call('notesPut', note),
    remove: (keys: string[]) => this.call('notesRemove', keys),
    search: (query: string, limit: number) => this.call('notesSearch', query, limit),
  };

  /** Saves and stops the worker (bounded: a worker that does not answer in time is terminated). */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.exited) return;
    await settledWithin(this.call('close'), timeoutMs);
    await this.terminate(timeoutMs);
  }

  /**
   * Stops the worker without its save: calls fail from now on. Resolves once its thread ended, or after
   * `timeoutMs` (a thread blocked in a read, say of a pipe, ends only when the read does).
   */
  async terminate(timeoutMs = 5000): Promise<void> {
    this.stop('the code index worker was stopped', false);
    await settledWithin(this.worker.terminate(), timeoutMs);
  }
}
