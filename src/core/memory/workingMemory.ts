// The working-memory scratchpad behind memory_remember / memory_load: short key/value notes the
// model keeps for itself (across turns whose text has been evicted, and across sessions), persisted
// through the Store port. Capped, because every note loaded is context spent.
import type { Store } from '../ports';

/** A note is a fact or a decision, not a file: longer values are refused so the model shortens them. */
export const MAX_NOTE_CHARS = 500;
/** Loading everything must stay cheap: ~1k tokens at most. */
export const MAX_TOTAL_CHARS = 4000;
export const MAX_NOTES = 30;
const MAX_KEY_CHARS = 60;
export const MEMORY_STORE_KEY = 'memory';

export interface MemoryNote {
  key: string;
  value: string;
}

interface Persisted {
  notes: MemoryNote[];
}

const normaliseKey = (key: string) => key.trim().replace(/\s+/g, ' ').slice(0, MAX_KEY_CHARS);
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A note as remember() saves it. */
export function normaliseNote(key: string, value: string): MemoryNote {
  return { key: normaliseKey(key), value: value.trim() };
}

/** A note as the model reads it (memory_load, and the memory messages of a conversation). */
export function noteLine(note: MemoryNote): string {
  return `- ${note.key}: ${note.value}`;
}

export class WorkingMemory {
  constructor(
    private readonly store: Store,
    private readonly storeKey = MEMORY_STORE_KEY,
  ) {}

  /** Notes, oldest first (the order of last update). */
  async notes(): Promise<MemoryNote[]> {
    const doc = await this.store.get<Persisted>(this.storeKey);
    return Array.isArray(doc?.notes) ? doc.notes.filter((n) => typeof n?.key === 'string' && typeof n.value === 'string') : [];
  }

  /** Saves or replaces a note; evicts the oldest notes past the caps. Returns the tool result text. */
  async remember(key: string, value: string): Promise<string> {
    const { key: k, value: v } = normaliseNote(key, value);
    if (k === '') return 'Not saved: the key is empty.';
    if (v === '') return 'Not saved: the value is empty.';
    if (v.length > MAX_NOTE_CHARS) {
      return `Not saved: the note is ${v.length} characters, over the ${MAX_NOTE_CHARS} limit. Save a shorter summary.`;
    }
    const notes = (await this.notes()).filter((n) => !same(n.key, k));
    notes.push({ key: k, value: v });
    const forgotten: string[] = [];
    const size = () => notes.reduce((sum, n) => sum + n.key.length + n.value.length, 0);
    while (notes.length > MAX_NOTES || size() > MAX_TOTAL_CHARS) forgotten.push(notes.shift()!.key);
    await this.store.set(this.storeKey, { notes } satisfies Persisted);
    return `Saved "${k}".${forgotten.length ? ` Forgot the oldest notes to make room: ${forgotten.join(', ')}.` : ''}`;
  }

  /** One note by key, or all of them: the tool result text. */
  async load(key?: string): Promise<string> {
    const notes = await this.notes();
    if (notes.length === 0) return 'No notes saved yet.';
    if (key !== undefined && key.trim() !== '') {
      const k = normaliseKey(key);
      const note = notes.find((n) => same(n.key, k));
      if (note) return `${note.key}: ${note.value}`;
      return `No note named "${k}". Saved notes: ${notes.map((n) => n.key).join(', ')}.`;
    }
    return notes.map(noteLine).join('\n');
  }

  async forget(key: string): Promise<boolean> {
    const notes = await this.notes();
    const kept = notes.filter((n) => !same(n.key, normaliseKey(key)));
    if (kept.length === notes.length) return false;
    await this.store.set(this.storeKey, { notes: kept } satisfies Persisted);
    return true;
  }
}
