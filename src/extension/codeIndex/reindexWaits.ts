// Which re-index of changed files a lookup waits for before it answers: the agent's patch saves and its
// next call may be explain_symbol, well within the file events' quiet time. The worker runs re-indexes in
// order, so waiting for the latest waits for all; once a wait ran out (the re-index is queued behind a
// build or an update of minutes), the lookups do not wait again until that re-index ends: every lookup
// after every edit would otherwise cost the whole wait. No VS Code here: tests drive it with plain promises.
import { isIndexTimeout } from '../../core/codeIndex/unansweredIndex';

export class ReindexWaits {
  private latest: Promise<void> = Promise.resolve();
  /** The re-index a lookup waited for in vain, until it ends (those after it are queued behind it). */
  private stuck?: Promise<void>;

  /** A re-index began (it never rejects: it reports its own failure). */
  started(reindex: Promise<void>): void {
    this.latest = reindex;
  }

  /** A new worker: the old one's re-indexes, which may never end, no longer count. */
  reset(): void {
    this.latest = Promise.resolve();
    this.stuck = undefined;
  }

  /** Waits for the latest re-index through `wait` (bounded: it throws an index timeout), unless one is stuck. */
  async untilLatest(wait: (reindex: Promise<void>) => Promise<unknown>): Promise<void> {
    if (this.stuck) return;
    const latest = this.latest;
    try {
      await wait(latest);
    } catch (error) {
      if (!isIndexTimeout(error)) return; // stopped: the caller says so
      this.stuck = latest;
      void latest.finally(() => { if (this.stuck === latest) this.stuck = undefined; });
    }
  }
}
