// The code index as a run's tools see it in plain Node (the programmatic API): a lookup waits for the
// re-indexes the run itself started — the files its edits wrote, the workspace after a command — so
// find_symbol in the same reply as the patch that adds a definition finds it. (In VS Code the host's
// ReindexWaits does this for saves and file events.) Re-indexes run one after another in the index,
// so waiting for the latest waits for all; the tools bound the wait (waitForIndex).
import type { CodeIndexCore } from './codeIndex';
import type { CodeIntel } from './codeIntel';
import type { ExplainOptions } from './explain';
import type { FindOptions, SymbolHit } from './lookup';

export class FreshCodeIntel implements CodeIntel {
  private latest: Promise<unknown> = Promise.resolve();

  constructor(private readonly index: CodeIndexCore) {}

  /** The run wrote these files. */
  edited(paths: readonly string[]): void {
    this.after(this.index.updateFiles(paths));
  }

  /** A command ran: it may have created, changed or deleted any file (a walk compares sizes and times). */
  commandRan(): void {
    this.after(this.index.update());
  }

  private after(reindex: Promise<unknown>): void {
    // a failed re-index leaves the index as it was: the lookup answers from that
    this.latest = reindex.catch(() => undefined);
  }

  async findSymbol(name: string, options?: FindOptions): Promise<SymbolHit[]> {
    await this.latest;
    return this.index.findSymbol(name, options);
  }

  async partial(): Promise<boolean> {
    await this.latest;
    return this.index.partial();
  }

  async explainSymbol(name: string, options?: ExplainOptions): Promise<string> {
    await this.latest;
    return this.index.explainSymbol(name, options);
  }

  async repoMapForTask(task: string, tokens: number, options?: { openFiles?: string[] }): Promise<string> {
    await this.latest;
    return this.index.repoMapForTask(task, tokens, options);
  }
}
