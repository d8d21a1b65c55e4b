// The checkpoints of this session's runs: what each run changed (every file's content before and
// after it), held in memory only — they are the user's real file contents, so they are never
// redacted and never written to the transcript or to disk. The transcript gets a card per run that
// lists the files; the contents stay here, under the card's id. Bounded: the newest runs within
// MAX_HELD_RUNS and MAX_HELD_CHARS (an older card says its undo is no longer available); the ones whose
// cards left the chat for good (a Retry or Edit cut, the current conversation deleted) are dropped.
// Another conversation's stay within those bounds: opened again in this window, its undo still works.
// No `vscode` import.
import type { Checkpoint } from '../../core/agent';
import type { ChatEntry, CheckpointCardView } from '../../shared/chatProtocol';
import { withCheckpointsUnavailable, type ChatTranscript } from '../chatTranscript';

/** The card for a checkpoint: each file and how the run changed it. */
export function checkpointCard(checkpoint: Checkpoint): CheckpointCardView {
  return {
    files: checkpoint.files.map((f) => ({ path: f.path, change: f.before === null ? 'created' : f.after === null && !f.unreadableAfter ? 'deleted' : 'edited' })),
    state: 'available',
  };
}

/** The most runs whose contents are held: an undo reaches back this far at most. */
export const MAX_HELD_RUNS = 30;
/** The most characters of file contents held (before and after, all runs): about 64 MB of memory. */
export const MAX_HELD_CHARS = 32 * 1024 * 1024;

/** The characters of file contents a checkpoint holds. */
function charsOf(checkpoint: Checkpoint): number {
  return checkpoint.files.reduce((n, f) => n + (f.before?.length ?? 0) + (f.after?.length ?? 0), 0);
}

export class RunCheckpoints {
  /** Oldest first (insertion order), with each one's size. */
  private readonly held = new Map<string, { checkpoint: Checkpoint; chars: number }>();
  private heldChars = 0;

  constructor(
    private readonly transcript: ChatTranscript,
    private readonly limits: { runs: number; chars: number } = { runs: MAX_HELD_RUNS, chars: MAX_HELD_CHARS },
  ) {}

  /**
   * Keeps the run's checkpoint and puts its card in the conversation (after the run's last message);
   * the oldest held beyond the limits go (the newest one always stays), their cards marked unavailable.
   */
  add(checkpoint: Checkpoint): string {
    const id = `checkpoint-${this.transcript.newId()}`;
    const chars = charsOf(checkpoint);
    this.held.set(id, { checkpoint, chars });
    this.heldChars += chars;
    this.transcript.put({ id, role: 'checkpoint', text: '', checkpoint: checkpointCard(checkpoint) });
    for (const [old] of this.held) {
      if (old === id || (this.held.size <= this.limits.runs && this.heldChars <= this.limits.chars)) break;
      this.forget(old);
      if (this.entry(old)?.checkpoint?.state === 'available') this.update(old, { state: 'unavailable' });
    }
    return id;
  }

  /** How many runs' contents are held (for tests and diagnostics). */
  get size(): number {
    return this.held.size;
  }

  get(id: string): Checkpoint | undefined {
    return this.held.get(id)?.checkpoint;
  }

  /** Changes the card of checkpoint `id` (its state, what the undo did). */
  update(id: string, change: Pick<CheckpointCardView, 'state'> & { note?: string }): void {
    const entry = this.entry(id);
    if (!entry?.checkpoint) return;
    const { note: _old, ...card } = entry.checkpoint;
    this.transcript.put({ ...entry, checkpoint: { ...card, ...change } });
  }

  /**
   * The entries of a conversation about to be shown (an older one opened), with the cards whose contents
   * this session does not hold saying that the undo is no longer available. After a reload the
   * transcript marks them as it loads (the same function).
   */
  markUnavailable(entries: readonly ChatEntry[]): ChatEntry[] {
    return withCheckpointsUnavailable(entries, (id) => this.held.has(id));
  }

  /** The checkpoints of `entries`' cards go: they left the chat for good (cut by Retry or Edit, deleted), no undo can reach them. */
  drop(entries: readonly ChatEntry[]): void {
    for (const e of entries) this.forget(e.id);
  }

  private forget(id: string): void {
    this.heldChars -= this.held.get(id)?.chars ?? 0;
    this.held.delete(id);
  }

  private entry(id: string): ChatEntry | undefined {
    return this.transcript.all().find((e) => e.id === id);
  }
}
