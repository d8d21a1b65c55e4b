// Project memory behind memory_remember / memory_load: short key/value notes the model keeps for
// itself (across turns whose text has been evicted, and across sessions). The policy lives here —
// caps, key matching, redaction, the texts the model reads; where notes are kept is a NoteBackend:
// the Store port (a JSON document) or the code index's SQLite database with full-text search.
import { REDACTED, redactNamedValue, redactSecrets, scrubKnown } from '../security';
import type { Store } from '../ports';

/** A note is a fact or a decision, not a file: longer values are refused so the model shortens them. */
export const MAX_NOTE_CHARS = 500;
/** Loading everything must stay cheap: ~1k tokens at most. */
export const MAX_TOTAL_CHARS = 4000;
/** Memory's share of a conversation's prompt never goes below this (one or two notes). */
const MIN_PROMPT_CHARS = 600;
/** Notes kept in a Store document (each load reads them all). */
export const MAX_NOTES = 30;
const MAX_KEY_CHARS = 60;
export const MEMORY_STORE_KEY = 'memory';
/** Search results memory_load returns for words that are not a key. */
const SEARCH_RESULTS = 5;

export interface MemoryNote {
  key: string;
  value: string;
}

/** Where notes are kept. Keys match case-insensitively; `put` makes a note the newest. */
export interface NoteBackend {
  /** Oldest first (order of last update). `signal` (here and below): the caller stopped waiting (a run's Stop). */
  list(signal?: AbortSignal): Promise<MemoryNote[]>;
  put(note: MemoryNote, signal?: AbortSignal): Promise<void>;
  remove(keys: string[], signal?: AbortSignal): Promise<void>;
  /** Best matches for words, best first (backends with full-text search). */
  search?(query: string, limit: number, signal?: AbortSignal): Promise<MemoryNote[]>;
  /** How many notes the backend keeps before the oldest are forgotten. */
  readonly capacity: number;
}

interface Persisted {
  notes: MemoryNote[];
}

/** Notes as one JSON document in a Store (hosts without the code index's database). */
export class StoreNotes implements NoteBackend {
  readonly capacity = MAX_NOTES;

  constructor(private readonly store: Store, private readonly storeKey = MEMORY_STORE_KEY) {}

  async list(): Promise<MemoryNote[]> {
    const doc = await this.store.get<Persisted>(this.storeKey);
    return Array.isArray(doc?.notes) ? doc.notes.filter((n) => typeof n?.key === 'string' && typeof n.value === 'string') : [];
  }

  async put(note: MemoryNote): Promise<void> {
    const notes = (await this.list()).filter((n) => !same(n.key, note.key));
    notes.push(note);
    await this.store.set(this.storeKey, { notes } satisfies Persisted);
  }

  async remove(keys: string[]): Promise<void> {
    const notes = await this.list();
    const kept = notes.filter((n) => !keys.some((k) => same(n.key, k)));
    if (kept.length !== notes.length) await this.store.set(this.storeKey, { notes: kept } satisfies Persisted);
  }
}

const normaliseKey = (key: string) => key.trim().replace(/\s+/g, ' ').slice(0, MAX_KEY_CHARS);
/** A key as keys are compared: one owner for every backend (SQLite's NOCASE folds ASCII letters only). */
export const foldKey = (key: string) => key.normalize('NFC').toLowerCase();
/** Whether two keys name the same note: "Übersetzung" and "übersetzung" do. */
export const sameKey = (a: string, b: string) => foldKey(a) === foldKey(b);
const same = sameKey;
const size = (notes: MemoryNote[]) => notes.reduce((sum, n) => sum + n.key.length + n.value.length, 0);

/**
 * Characters of notes a conversation is told for a window: about a sixteenth of it (half the repo
 * map's share, ~4 characters a token), between MIN_PROMPT_CHARS and MAX_TOTAL_CHARS. It depends on the
 * window only, so the notes told do not change from turn to turn.
 */
export function memoryPromptChars(window: number): number {
  return Math.max(MIN_PROMPT_CHARS, Math.min(MAX_TOTAL_CHARS, Math.floor(window / 16) * 4));
}

/** The newest notes whose total fits `maxChars`, oldest first. */
function newestThatFit(notes: MemoryNote[], maxChars = MAX_TOTAL_CHARS): MemoryNote[] {
  const kept: MemoryNote[] = [];
  let total = 0;
  for (let i = notes.length - 1; i >= 0; i--) {
    total += notes[i]!.key.length + notes[i]!.value.length;
    if (total > maxChars) break;
    kept.unshift(notes[i]!);
  }
  return kept;
}

/**
 * A note as remember() saves it: the key normalised, secrets in either part redacted — the value as kept
 * under its key (`db password`: `hunter2!x9` is hidden though neither part alone says so), and the values
 * the conversation found secret (`known`: a .env file's values), which a later conversation that never
 * read that file would not know to hide.
 */
export function normaliseNote(key: string, value: string, known: ReadonlySet<string> = new Set()): MemoryNote {
  const k = normaliseKey(scrubKnown(redactSecrets(key), known));
  return { key: k, value: scrubKnown(redactNamedValue(k, value.trim()), known) };
}

/** A note as the model reads it (memory_load, and the memory messages of a conversation). */
export function noteLine(note: MemoryNote): string {
  return `- ${note.key}: ${note.value}`;
}

export class WorkingMemory {
  private readonly backend: NoteBackend;

  constructor(store: Store | NoteBackend, storeKey = MEMORY_STORE_KEY) {
    this.backend = 'list' in store ? store : new StoreNotes(store, storeKey);
  }

  /** The notes for the prompt: the newest that fit `maxChars` (memoryPromptChars of the window), oldest first. */
  async notes(maxChars = MAX_TOTAL_CHARS): Promise<MemoryNote[]> {
    return newestThatFit(await this.backend.list(), maxChars);
  }

  /** The notes a conversation in this window is told, and how many older ones it is not. */
  async forPrompt(window: number, signal?: AbortSignal): Promise<{ notes: MemoryNote[]; older: number }> {
    const all = await this.backend.list(signal);
    const notes = newestThatFit(all, memoryPromptChars(window));
    return { notes, older: all.length - notes.length };
  }

  /** Every note kept, oldest first (for /memory). */
  async all(): Promise<MemoryNote[]> {
    return this.backend.list();
  }

  /** Saves or replaces a note; forgets the oldest past the caps. Returns the tool result text. `signal`: the run's Stop. */
  async remember(key: string, value: string, signal?: AbortSignal): Promise<string> {
    const { key: k, value: v } = normaliseNote(key, value);
    if (k === '') return 'Not saved: the key is empty.';
    if (v === '') return 'Not saved: the value is empty.';
    if (v === REDACTED) return `Not saved: the value of "${k}" is a secret, and secrets are never saved. Save where it is kept instead (e.g. "in .env as DB_PASSWORD").`;
    if (v.length > MAX_NOTE_CHARS) {
      return `Not saved: the note is ${v.length} characters, over the ${MAX_NOTE_CHARS} limit. Save a shorter summary.`;
    }
    await this.backend.put({ key: k, value: v }, signal);
    const notes = await this.backend.list(signal);
    const forgotten: string[] = [];
    // A Store document is read whole on every load, so it is capped in size too; a database is searched.
    const capSize = !this.backend.search;
    while (notes.length > this.backend.capacity || (capSize && size(notes) > MAX_TOTAL_CHARS)) forgotten.push(notes.shift()!.key);
    if (forgotten.length) await this.backend.remove(forgotten, signal);
    const redacted = v !== value.trim() ? ' Secrets in it were replaced with [REDACTED]: never save secrets.' : '';
    return `Saved "${k}".${redacted}${forgotten.length ? ` Forgot the oldest notes to make room: ${forgotten.join(', ')}.` : ''}`;
  }

  /** One note by key, the best matches for words, or all of them: the tool result text. `signal`: the run's Stop. */
  async load(key?: string, signal?: AbortSignal): Promise<string> {
    const notes = await this.backend.list(signal);
    if (notes.length === 0) return 'No notes saved yet.';
    if (key !== undefined && key.trim() !== '') {
      const k = normaliseKey(key);
      const note = notes.findLast((n) => same(n.key, k));
      if (note) return `${note.key}: ${note.value}`;
      const found = this.backend.search ? await this.backend.search(k, SEARCH_RESULTS, signal) : [];
      if (found.length) return [`No note named "${k}"; the best matches:`, ...found.map(noteLine)].join('\n');
      return `No note named "${k}". Saved notes: ${notes.slice(-MAX_NOTES).map((n) => n.key).join(', ')}.`;
    }
    const shown = newestThatFit(notes);
    const more = notes.length - shown.length;
    return [...shown.map(noteLine), ...(more ? [`(${more} older notes not shown: memory_load with words finds them.)`] : [])].join('\n');
  }

  async forget(key: string): Promise<boolean> {
    const k = normaliseKey(key);
    if (!(await this.backend.list()).some((n) => same(n.key, k))) return false;
    await this.backend.remove([k]);
    return true;
  }
}
