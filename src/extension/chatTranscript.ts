// The conversation as the host owns it: the one transcript, streamed replies included, all of it (the
// history saves it). The webview keeps only a copy of the newest entries to paint with (both apply the
// protocol's applyToTranscript), so a hidden, reloaded or re-opened panel always shows the same
// conversation. Those newest entries are kept in workspace state, so a window reload shows them again;
// the beginning comes back from the saved conversation (restoreHead). No `vscode` import: unit tests
// use it as is.
import {
  applyToTranscript, paintedTail, type ChatEntry, type ChatRole, type TranscriptMessage,
} from '../shared/chatProtocol';

const STORAGE_KEY = 'smallcode.transcript';

/** Where the transcript is persisted (VS Code's workspace Memento). */
export interface TranscriptStorage {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): PromiseLike<void>;
}

type Listener = (change: TranscriptMessage | undefined) => void;

/**
 * `entries` with each run's checkpoint card that can no longer undo marked so: a checkpoint's contents
 * live only in the memory of the window its run ran in (`held`: the ones this window has).
 */
export function withCheckpointsUnavailable(entries: readonly ChatEntry[], held: (id: string) => boolean = () => false): ChatEntry[] {
  return entries.map((entry) => (entry.checkpoint?.state === 'available' && !held(entry.id) ? { ...entry, checkpoint: { ...entry.checkpoint, state: 'unavailable' } } : entry));
}

/** What a tool card that was still running says once its run is known to be over. */
export const TOOL_INTERRUPTED = 'Did not finish: SmallCode stopped while it ran (the window closed, reloaded or its extension host restarted).';

/**
 * `entries` as a transcript that is not running: a reply that was streaming is over (it keeps what it
 * had), a command's approval card still waiting is withdrawn — nothing waits for its answer any more
 * (the window that asked closed, or the conversation is shown anew), so it must not offer Run — and a
 * tool card still running says it did not finish instead of spinning for ever.
 */
function settled(entries: readonly ChatEntry[]): ChatEntry[] {
  return entries.map(({ streaming: _streaming, ...entry }) => {
    if (entry.approval?.state === 'pending') return { ...entry, approval: { ...entry.approval, state: 'cancelled' as const } };
    if (entry.tool?.state === 'running') return { ...entry, tool: { ...entry.tool, state: 'failed' as const, result: TOOL_INTERRUPTED } };
    return { ...entry };
  });
}

export class ChatTranscript {
  private entries: ChatEntry[];
  private nextId: number;
  private readonly listeners = new Set<Listener>();
  /**
   * Values found secret in this conversation (a .env file's values, found by the tool cards' redaction
   * and by redactForDisk): hidden from every entry saved, so a reply that repeats them is saved without.
   */
  readonly knownSecrets = new Set<string>();
  /**
   * Each entry as redacted for disk, by id, with how many values were known then: a change redacts only
   * the entry it touched (streamed text and tool results change entries in place, so the cache is dropped
   * for the entry each change names), and a value newly found secret redacts them all again.
   */
  private redacted = new Map<string, { entry: ChatEntry; known: number }>();

  /**
   * @param redactForDisk hides secrets in what is saved (workspace state is a file on disk), the `known`
   *   values among them (it may add the values it finds); the panel and the running conversation keep
   *   the text as it was.
   */
  constructor(private readonly storage: TranscriptStorage, private readonly redactForDisk: (entry: ChatEntry, known: Set<string>) => ChatEntry = (e) => e) {
    // The run of the window that closed is over (see settled). Its checkpoint lived in that window's
    // memory only, so its card can no longer undo.
    this.entries = withCheckpointsUnavailable(settled(storage.get<ChatEntry[]>(STORAGE_KEY, [])));
    this.nextId = this.entries.length + 1;
  }

  /** Called with each change as a transcript message, or undefined when the transcript was replaced (cleared). */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  all(): ChatEntry[] {
    return [...this.entries];
  }

  /** A fresh entry id (e.g. for a reply that starts streaming before it is complete). */
  newId(): string {
    return `${Date.now().toString(36)}-${this.nextId++}`;
  }

  add(role: ChatRole, text: string, extra: Pick<ChatEntry, 'level' | 'action' | 'markdown' | 'mentions'> = {}): ChatEntry {
    return this.put({ id: this.newId(), role, text, ...extra });
  }

  /** Adds the entry, or replaces the one with the same id (a finished reply, a tool card's result). */
  put(entry: ChatEntry): ChatEntry {
    this.apply({ type: 'entry', entry });
    return entry;
  }

  /** Applies a change; saved at once, except streamed text, which is saved with the entry it ends in. */
  apply(message: TranscriptMessage): void {
    const touched = applyToTranscript(this.entries, message);
    if (touched) this.redacted.delete(touched.id);
    if (message.type !== 'assistantDelta') void this.save();
    this.fire(message);
  }

  /**
   * Another conversation shown (one opened, or a new one: `entries` empty): nothing the one before found
   * secret carries over, so its values are not hidden from this one's saved copy.
   */
  show(entries: readonly ChatEntry[]): void {
    this.knownSecrets.clear();
    this.replace(entries);
  }

  /**
   * After a window reload workspace state gave back only the newest entries: the saved conversation's
   * entries before them come back in front (its runs ended with the window that closed).
   */
  restoreHead(saved: readonly ChatEntry[]): void {
    const kept = new Set(this.entries.map((e) => e.id));
    const overlap = saved.findIndex((e) => kept.has(e.id));
    const head = overlap < 0 ? saved : saved.slice(0, overlap);
    if (!head.length) return;
    this.entries = [...withCheckpointsUnavailable(settled(head)), ...this.entries];
    this.nextId = Math.max(this.nextId, this.entries.length + 1);
    this.fire(undefined);
  }

  /** The same conversation's entries replaced (cut back for Retry and Edit); another conversation is `show`n. */
  replace(entries: readonly ChatEntry[]): void {
    this.entries = settled(entries);
    this.redacted.clear();
    this.nextId = Math.max(this.nextId, this.entries.length + 1);
    void this.save();
    this.fire(undefined);
  }

  dispose(): void {
    this.listeners.clear();
  }

  private save(): PromiseLike<void> {
    // What the panel shows after a reload, no more: the whole conversation goes to the history, and a
    // bounded copy keeps each save (every tool card) cheap.
    const shown = paintedTail(this.entries);
    // Rebuilt from the entries each time, so it holds exactly the live ones; again while redacting them
    // finds new secret values (known values only grow, so this ends).
    for (let known = -1; known !== this.knownSecrets.size;) {
      known = this.knownSecrets.size;
      this.redacted = new Map(shown.map((entry) => {
        const kept = this.redacted.get(entry.id);
        return [entry.id, kept?.known === known ? kept : { entry: this.redactForDisk(entry, this.knownSecrets), known }];
      }));
    }
    return this.storage.update(STORAGE_KEY, [...this.redacted.values()].map((r) => r.entry));
  }

  private fire(change: TranscriptMessage | undefined): void {
    for (const listener of this.listeners) listener(change);
  }
}
