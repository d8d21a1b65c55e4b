// When a run's conversation is saved while the run goes on: a window that crashes (extension host
// killed, power lost) then loses at most the last few seconds of the run, not what the model did and
// which files it changed (saved otherwise only as the run starts and ends). Cheap by design: one save
// at a time, no timer (nothing is saved after the run's end asked for its own save), saves further apart
// as they cost more (a long conversation), and each save redacts only what changed (HistoryRedaction).

/** A change is saved at most this often, an accepted edit aside. */
export const PROGRESS_SAVE_MS = 10_000;
/**
 * And at most once per this many times what the last save took: a long conversation's save (redacting
 * and writing megabytes) costs a few hundred ms of the extension host, which stays a small share of the run.
 */
export const SAVE_COST_MULTIPLE = 30;
/**
 * And at least this often, however long the last save took: its time includes waiting for the other
 * window's lock (up to 10 s), which says nothing of what the next save costs.
 */
export const MAX_PROGRESS_SAVE_MS = 60_000;

export class ProgressSaves {
  private last: number;
  /** How long the last save took (ms). */
  private cost = 0;
  private writing = false;
  /** An accepted edit not saved yet (it came while a save was being written). */
  private owed = false;
  private ended = false;

  constructor(
    /** Saves the run's conversation as it is now; never rejects. */
    private readonly save: () => Promise<unknown>,
    private readonly now: () => number,
  ) {
    this.last = now(); // the run's start was just saved
  }

  /** Something of the run changed; `edit`: an accepted edit, saved at once (a file on disk changed). */
  changed(edit: boolean): void {
    if (this.ended) return;
    this.owed ||= edit;
    const interval = Math.min(MAX_PROGRESS_SAVE_MS, Math.max(PROGRESS_SAVE_MS, SAVE_COST_MULTIPLE * this.cost));
    if (this.writing || (!this.owed && this.now() - this.last < interval)) return;
    this.owed = false;
    this.writing = true;
    const started = this.now();
    this.last = started;
    void this.save().finally(() => {
      this.writing = false;
      this.cost = this.now() - started;
    });
  }

  /** The run ended: its final save follows, and nothing taken before it may be asked after it. */
  end(): void {
    this.ended = true;
  }
}
