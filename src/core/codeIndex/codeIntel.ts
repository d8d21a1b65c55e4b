// What the agent and its tools need from the code index. The index itself (CodeIndexCore) satisfies
// it in plain Node; the VS Code host satisfies it with a proxy to the index's worker thread.
import type { ExplainOptions } from './explain';
import type { FindOptions, SymbolHit } from './lookup';

export interface CodeIntel {
  findSymbol(name: string, options?: FindOptions): SymbolHit[] | Promise<SymbolHit[]>;
  explainSymbol(name: string, options?: ExplainOptions): Promise<string>;
  /** The repo map for a task within `tokens` (personalised toward the files and identifiers it names). */
  repoMapForTask(task: string, tokens: number, options?: { openFiles?: string[] }): string | Promise<string>;
}
