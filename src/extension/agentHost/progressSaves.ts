// When a run's conversation is saved while the run goes on: a window that crashes (extension host
// killed, power lost) then loses at most the last few seconds of the run, not what the model did and
// which files it changed (saved otherwise only as the run starts and ends). Cheap by design: one save
// at a time, no timer (nothing is saved after the run's end asked for its own save), and each save
// redacts only what changed (HistoryRedaction).

/** A change is saved at most this often, an accepted edit aside. */
export const PROGRESS_SAVE_MS = 10_000;

export class ProgressSaves {
  private last: number;
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
    if (this.writing || (!this.owed && this.now() - this.last < PROGRESS_SAVE_MS)) return;
    this.owed = false;
    this.writing = true;
    this.last = this.now();
    void this.save().finally(() => { this.writing = false; });
  }

  /** The run ended: its final save follows, and nothing taken before it may be asked after it. */
  end(): void {
    this.ended = true;
  }
}
