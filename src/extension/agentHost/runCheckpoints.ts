// The checkpoints of this session's runs: what each run changed (every file's content before and
// after it), held in memory only — they are the user's real file contents, so they are never
// redacted and never written to the transcript or to disk. The transcript gets a card per run that
// lists the files; the contents stay here, under the card's id. No `vscode` import.
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

export class RunCheckpoints {
  private readonly held = new Map<string, Checkpoint>();

  constructor(private readonly transcript: ChatTranscript) {}

  /** Keeps the run's checkpoint and puts its card in the conversation (after the run's last message). */
  add(checkpoint: Checkpoint): string {
    const id = `checkpoint-${this.transcript.newId()}`;
    this.held.set(id, checkpoint);
    this.transcript.put({ id, role: 'checkpoint', text: '', checkpoint: checkpointCard(checkpoint) });
    return id;
  }

  get(id: string): Checkpoint | undefined {
    return this.held.get(id);
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

  private entry(id: string): ChatEntry | undefined {
    return this.transcript.all().find((e) => e.id === id);
  }
}
