// Messages between a host (the VS Code extension host) and the code index's worker thread.
import type { IndexProgress, IndexState, UpdateSummary } from '../../core/codeIndex';
import type { ExplainOptions, FindOptions, ReferenceHit, RepoMapOptions, SymbolHit } from '../../core/codeIndex';
import type { MemoryNote } from '../../core/memory';

/** What the worker is started with (workerData). */
export interface WorkerInit {
  root: string;
  storageDir: string;
  maxFileBytes?: number;
  maxFiles?: number;
  /** VS Code's `files.exclude` globs: not indexed. */
  exclude?: string[];
}

/** Each method: its arguments and its result. */
export interface WorkerMethods {
  /** Loads the persisted index (or an empty one): lookups and memory work at once; `update` builds. */
  open: { args: []; result: IndexState };
  /** Brings the index up to date (the first time: builds it), with progress events; `cancel` stops it. */
  update: { args: []; result: UpdateSummary };
  updateFiles: { args: [paths: string[]]; result: UpdateSummary };
  rebuild: { args: []; result: UpdateSummary };
  /** Aborts the running open/update/rebuild (it ends with `cancelled`). */
  cancel: { args: []; result: void };
  flush: { args: []; result: void };
  state: { args: []; result: IndexState };
  findSymbol: { args: [name: string, options?: FindOptions]; result: SymbolHit[] };
  references: { args: [name: string, options?: FindOptions]; result: ReferenceHit[] };
  explainSymbol: { args: [name: string, options?: ExplainOptions]; result: string };
  repoMap: { args: [options: Omit<RepoMapOptions, 'counter'>]; result: string };
  repoMapForTask: { args: [task: string, tokens: number, options?: { openFiles?: string[] }]; result: string };
  /** Project memory's backend (the policy, WorkingMemory, runs on the host). */
  notesList: { args: []; result: MemoryNote[] };
  notesPut: { args: [note: MemoryNote]; result: void };
  notesRemove: { args: [keys: string[]]; result: void };
  notesSearch: { args: [query: string, limit: number]; result: MemoryNote[] };
  close: { args: []; result: void };
}

export type WorkerMethod = keyof WorkerMethods;

export interface WorkerRequest<M extends WorkerMethod = WorkerMethod> {
  id: number;
  method: M;
  args: WorkerMethods[M]['args'];
}

export type WorkerMessage =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'progress'; progress: IndexProgress }
  | { kind: 'warning'; message: string };
