// What the agent and its tools need from the code index. The index itself (CodeIndexCore) satisfies
// it in plain Node; the VS Code host satisfies it with a proxy to the index's worker thread.
import type { ExplainOptions } from './explain';
import type { FindOptions, SymbolHit } from './lookup';

/**
 * Callers wait for it through waitForIndex: `signal` aborts at its deadline or at the run's Stop, and an
 * index still starting stops waiting for itself then. One that answers at once ignores it.
 */
export interface CodeIntel {
  findSymbol(name: string, options?: FindOptions, signal?: AbortSignal): SymbolHit[] | Promise<SymbolHit[]>;
  explainSymbol(name: string, options?: ExplainOptions, signal?: AbortSignal): Promise<string>;
  /**
   * Whether the index covers only part of the workspace (more source files than its limit, a build
   * cancelled or still under way): a name it does not know may still be defined in a file it has not read.
   */
  partial?(signal?: AbortSignal): boolean | Promise<boolean>;
  /** The repo map for a task within `tokens` (personalised toward the files and identifiers it names). */
  repoMapForTask(task: string, tokens: number, options?: { openFiles?: string[] }, signal?: AbortSignal): string | Promise<string>;
}
