// Saved conversations, one JSON file each in a folder the host owns (the extension's storage, never
// the workspace): the model's side (the agent's messages), the transcript as the user saw it and what
// the host adds (plan, model, server, token use). Secrets are hidden before anything is written (the
// core's redaction); files are written atomically, each save's revision check and write holding the
// conversation's lock file (fileLock: two windows on one workspace); the newest MAX_CONVERSATIONS are kept within
// MAX_TOTAL_BYTES. A file that cannot be read as a conversation is skipped and named in `warnings`:
// one damaged file never hides the others.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkConversation, type AgentConversation } from '../core/agent';
import { errorMessage } from '../core/errorMessage';
import { isString } from '../core/isString';
import { KeyedTurns } from '../core/keyedTurns';
import { TEMP_SUFFIX, writeFileAtomic } from './atomicWrite';
import { LockBusyError, withFileLock, type FileLockOptions } from './fileLock';
import { HistoryRedaction } from './historyRedaction';
import { readRegularFile } from './readRegular';
import { SearchTexts } from './searchTexts';
import { holdsAll, queryWords } from './searchWords';
import { searchedText } from './historySearchText';

export const HISTORY_VERSION = 1;
export const MAX_CONVERSATIONS = 200;
/** One conversation file: the model's side fits a context window; a long transcript is cut from its start. */
export const MAX_CONVERSATION_BYTES = 4 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 100 * 1024 * 1024;

/** What the history list shows of a conversation. */
export interface ConversationSummary {
  id: string;
  title: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  model: string;
  endpoint: string;
  /** ISO time the user last named it (absent: its name is its first task's). The later name wins, see save. */
  renamedAt?: string;
}

export interface SavedConversation<Entry = unknown> extends ConversationSummary {
  version: typeof HISTORY_VERSION;
  /** The agent's messages as the model saw them. */
  conversation: AgentConversation;
  /** The conversation as the user saw it (the host's entries, each with a `text`). */
  transcript: Entry[];
  /** What else the host keeps with it (plan, token use, each task as sent…): plain data. */
  extra: Record<string, unknown>;
}

export interface HistoryListing {
  items: ConversationSummary[];
  /** Files skipped, and why. */
  warnings: string[];
}

export interface HistoryStoreOptions {
  maxConversations?: number;
  maxConversationBytes?: number;
  maxTotalBytes?: number;
  /** Files written this recently are pruned only beyond twice the limits (see prune). */
  keepRecentMs?: number;
  /** See SearchTexts. */
  maxSearchTextBytes?: number;
  searchTextIdleMs?: number;
  /** The bounds of waiting for another window's save of the same conversation (see fileLock). */
  lock?: FileLockOptions;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A rename read again after another writer's save this many times at most (each is a save landing in between). */
const RENAME_ATTEMPTS = 5;
/**
 * A conversation written this recently may be open in another window (its pinned ids are not known
 * here): pruning spares it while the folder stays within twice the limits.
 */
export const KEEP_RECENT_MS = 24 * 3_600_000;
/** Past this age a temporary file is a crash's leftover, not a write in progress. */
const STALE_TEMP_MS = 10 * 60_000;

export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryError';
  }
}

/** A file a newer SmallCode wrote: not damaged, only not readable by this one. */
class NewerVersionError extends HistoryError {
  constructor(readonly version: number) {
    super(`written by a newer SmallCode (history version ${version})`);
  }
}

export const MAX_TITLE_CHARS = 200;

/** A name the user gave, as it is kept; throws for an empty one. */
function titleFor(title: string): string {
  const name = title.trim().slice(0, MAX_TITLE_CHARS);
  if (!name) throw new HistoryError('A conversation needs a name.');
  return name;
}

/**
 * Thrown by `save` with `expected` when another writer (a second window on the workspace) saved the file
 * since (`changed`; or it cannot be read now), or deleted it (`deleted`: by the user, or pruned there).
 */
export class ConflictError extends HistoryError {
  constructor(message: string, readonly kind: 'changed' | 'deleted' = 'changed') {
    super(message);
    this.name = 'ConflictError';
  }
}

export interface SaveOptions {
  /**
   * The `updatedAt` of the file as this writer last read or wrote it (undefined: it wrote none yet): a
   * file saved since by someone else is not overwritten (ConflictError), and a name given it since (a
   * rename keeps `updatedAt`) is kept; a file gone since (deleted elsewhere) is not written again
   * (ConflictError). Absent: no check.
   */
  expected?: string | undefined;
  /**
   * What `extra` keeps when the transcript is cut to `transcript` to fit the file (records that follow
   * its entries go with them). Absent: `extra` as it is.
   */
  extraFor?: (transcript: readonly unknown[], extra: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Values the host knows are secret in this conversation (the chat's cards, the trace): hidden wherever
   * they occur, though nothing in the record shows them secret any more.
   */
  known?: ReadonlySet<string>;
}

/** What a save wrote. */
export interface SaveResult {
  /** How many of the transcript's oldest entries were left out of the file to fit it (0: none). */
  leftOut: number;
  /** How many old conversations pruning removed after it (see prune): the user is told. */
  removed: number;
}

/** `bytes` for a message: `4.2 MB`, `800 KB`. */
function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A new conversation id: sortable by time, unique enough for one workspace. */
export function newConversationId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

/** Checks a file's content; throws with what is wrong. */
function checkSaved(value: unknown, id: string): SavedConversation {
  if (typeof value !== 'object' || value === null) throw new HistoryError('not a JSON object');
  const v = value as Record<string, unknown>;
  if (typeof v.version === 'number' && v.version > HISTORY_VERSION) throw new NewerVersionError(v.version);
  if (v.version !== HISTORY_VERSION) throw new HistoryError(`unknown version ${JSON.stringify(v.version)}`);
  for (const key of ['id', 'title', 'createdAt', 'updatedAt', 'model', 'endpoint'] as const) {
    if (!isString(v[key])) throw new HistoryError(`"${key}" is missing`);
  }
  if (v.renamedAt !== undefined && !isString(v.renamedAt)) throw new HistoryError('"renamedAt" is not text');
  if (v.id !== id) throw new HistoryError('its id does not match its file name');
  if (!Array.isArray(v.transcript)) throw new HistoryError('"transcript" is not a list');
  if (typeof v.extra !== 'object' || v.extra === null || Array.isArray(v.extra)) throw new HistoryError('"extra" is not an object');
  return { ...(v as unknown as SavedConversation), conversation: checkConversation(v.conversation) };
}

/**
 * What tells one version of a file from another without reading it: an atomic write makes a new inode
 * with its own size and modification time (to the nanosecond where the file system keeps it), so another
 * writer's save does not leave all three as they were.
 */
function stampOf(info: Stats): string {
  return `${info.size}:${info.mtimeMs}:${info.ino}`;
}

function summaryOf(c: ConversationSummary): ConversationSummary {
  return { id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt, model: c.model, endpoint: c.endpoint, ...nameOf(c) };
}

/** The name of a conversation and when the user gave it (see renamedAt). */
function nameOf(c: ConversationSummary): Pick<ConversationSummary, 'title' | 'renamedAt'> {
  return { title: c.title, ...(c.renamedAt !== undefined ? { renamedAt: c.renamedAt } : {}) };
}

/**
 * The name a save writes: the file's when the user gave it there later than `record`'s was given (a
 * rename in another window after this one read the file, which this window's title would undo).
 */
function laterName(record: ConversationSummary, onDisk: ConversationSummary | undefined): Pick<ConversationSummary, 'title' | 'renamedAt'> {
  const renamedThere = onDisk?.renamedAt !== undefined && (record.renamedAt === undefined || onDisk.renamedAt > record.renamedAt);
  return nameOf(renamedThere ? onDisk : record);
}

/** A conversation file as pruning weighs it. */
interface PruneFile {
  id: string;
  /** When it was written (ms). */
  time: number;
  size: number;
}

/** The conversation ids among a folder's names. */
function idsIn(names: readonly string[]): string[] {
  return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((id) => ID.test(id));
}

export class HistoryStore {
  private readonly maxConversations: number;
  private readonly maxConversationBytes: number;
  private readonly maxTotalBytes: number;
  private readonly keepRecentMs: number;
  private readonly lockOptions: FileLockOptions | undefined;
  /** This store's saves of each conversation, in turn: they wait for one another here, not by polling its lock file. */
  private readonly turns = new KeyedTurns();
  /**
   * What was read or written before of each file, valid while its stamp is the same: listing reads only
   * what changed, and a save checks its revision without reading a file nobody else wrote since.
   */
  private readonly known = new Map<string, { stamp: string; summary: ConversationSummary }>();
  /** The folded texts searches looked in, for the searches that follow (bounded, see SearchTexts). */
  private readonly searchTexts: SearchTexts;

  /** Each redacted transcript entry's serialized size: the redaction hands back the same object for an unchanged entry. */
  private readonly entrySizes = new WeakMap<object, number>();

  /** The last save's redaction, unit by unit: the next save redacts only what changed. */
  private readonly redaction = new HistoryRedaction();
  /**
   * The values each conversation saved here was found to hold secret, by id: hidden in its later saves
   * too, when what revealed them (a .env read) is gone from it (compaction evicts old tool results).
   */
  private readonly secrets = new Map<string, Set<string>>();

  /** Ids never pruned besides the one just saved (the host's open conversation). */
  pinned: (() => readonly string[]) | undefined;
  /** Told what pruning could not delete (the save itself stands: see prune). */
  warn: ((message: string) => void) | undefined;

  /** `dir`: a folder of the host's own (created on the first save). */
  constructor(readonly dir: string, options: HistoryStoreOptions = {}) {
    this.maxConversations = options.maxConversations ?? MAX_CONVERSATIONS;
    this.maxConversationBytes = options.maxConversationBytes ?? MAX_CONVERSATION_BYTES;
    this.maxTotalBytes = options.maxTotalBytes ?? MAX_TOTAL_BYTES;
    this.keepRecentMs = options.keepRecentMs ?? KEEP_RECENT_MS;
    this.lockOptions = options.lock;
    this.searchTexts = new SearchTexts(options.maxSearchTextBytes, options.searchTextIdleMs);
  }

  /**
   * Writes the conversation (secrets hidden, atomically), then prunes the oldest beyond the limits.
   * A transcript too long for one file loses its oldest entries (and what `extraFor` keeps of `extra`
   * with them); a model side too large is refused. The revision check and the write hold the
   * conversation's lock: another window's save cannot land between them and be lost.
   */
  async save<Entry>(record: SavedConversation<Entry>, options: SaveOptions = {}): Promise<SaveResult> {
    const file = this.file(record.id);
    const { leftOut } = await this.locked(record.id, () => this.checkAndWrite(file, record, options), 'the next save tries again');
    // saved: a prune that fails (a file an antivirus holds on Windows) must not report the save as failed
    const removed = await this.prune(record.id).catch((error: unknown) => {
      this.warn?.(`The history could not remove old conversations: ${errorMessage(error)}`);
      return 0;
    });
    return { leftOut, removed };
  }

  /**
   * Runs `fn` holding conversation `id`'s lock file, after this store's earlier calls for it settled;
   * a lock another window keeps too long is a HistoryError that says `retry`.
   */
  private async locked<T>(id: string, fn: () => Promise<T>, retry: string): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    return this.turns.run(id, () => withFileLock(join(this.dir, `.${id}.lock`), fn, this.lockOptions)).catch((error: unknown) => {
      if (error instanceof LockBusyError) throw new HistoryError(`another SmallCode window has been saving conversation ${id} for too long (${error.message}); ${retry}.`);
      throw error;
    });
  }

  /** The part of a save that holds the lock: the revision check, then the write it allows. */
  private async checkAndWrite<Entry>(file: string, record: SavedConversation<Entry>, options: SaveOptions): Promise<{ leftOut: number }> {
    const onDisk = 'expected' in options ? await this.checkRevision(record.id, options.expected) : undefined;
    // secrets hidden, the units unchanged since the last save as they were then (byte for byte the same)
    const secrets = this.secrets.get(record.id) ?? new Set<string>();
    for (const value of options.known ?? []) secrets.add(value);
    this.secrets.set(record.id, secrets);
    const { conversation, ...texts } = this.redaction.redact(record, secrets);
    const name = laterName({ ...record, title: texts.title }, onDisk);
    const safe: SavedConversation = { version: HISTORY_VERSION, id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt, ...texts, ...name, conversation };
    const { text, leftOut } = this.fitted(safe, options.extraFor);
    const written = await writeFileAtomic(file, `${text}\n`);
    this.known.set(record.id, { stamp: stampOf(written), summary: summaryOf(safe) });
    return { leftOut };
  }

  /**
   * `safe` as the file's text, its transcript's oldest entries left out — exactly as many as the limit
   * needs (with what `extraFor` keeps of `extra` for the rest) — and how many; throws when even none fits.
   * Each entry is serialized once (and not again while it is unchanged): the sizes add up to the whole
   * (JSON joins array items with commas), so a transcript far longer than the file is not serialized whole.
   */
  private fitted(safe: SavedConversation, extraFor: SaveOptions['extraFor'], cached = true): { text: string; leftOut: number } {
    const entries = safe.transcript;
    // tail[i]: the bytes of entries i.. and the commas between them
    const tail = new Array<number>(entries.length + 1).fill(0);
    for (let i = entries.length - 1; i >= 0; i--) tail[i] = tail[i + 1]! + this.sizeOf(entries[i], cached) + (i < entries.length - 1 ? 1 : 0);
    // the rest of the record: its transcript's and its extra's places empty ("[]" and "{}")
    const frame = Buffer.byteLength(JSON.stringify({ ...safe, transcript: [], extra: {} })) - 2;
    const extraFrom = (start: number) => (start === 0 ? safe.extra : extraFor?.(entries.slice(start), safe.extra) ?? safe.extra);
    const fits = (start: number) => frame + tail[start]! + Buffer.byteLength(JSON.stringify(extraFrom(start))) <= this.maxConversationBytes;
    // a size kept for an entry changed in place since (none should be) is caught here: measured afresh
    const checked = (text: string, leftOut: number): { text: string; leftOut: number } => {
      if (Buffer.byteLength(text) <= this.maxConversationBytes) return { text, leftOut };
      if (cached) return this.fitted(safe, extraFor, false);
      throw new HistoryError(`Conversation ${safe.id} could not be cut to fit one file (${size(Buffer.byteLength(text))}).`); // the sizes add up exactly: never
    };
    if (fits(0)) return checked(JSON.stringify(safe), 0);
    // the fewest entries left out: cutting more never grows the file (extraFor keeps fewer records)
    let [low, high] = [1, entries.length];
    if (!entries.length || !fits(high)) throw this.tooLarge({ ...safe, transcript: [], extra: extraFrom(high) });
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (fits(mid)) high = mid;
      else low = mid + 1;
    }
    return checked(JSON.stringify({ ...safe, transcript: entries.slice(low), extra: extraFrom(low) }), low);
  }

  /** The bytes of a transcript entry serialized. */
  private sizeOf(entry: unknown, useKept: boolean): number {
    const cached = useKept && typeof entry === 'object' && entry !== null ? this.entrySizes.get(entry) : undefined;
    if (cached !== undefined) return cached;
    const size = Buffer.byteLength(JSON.stringify(entry) ?? 'null');
    if (typeof entry === 'object' && entry !== null) this.entrySizes.set(entry, size);
    return size;
  }

  /** Why `record`, its transcript cut to nothing already, does not fit one file: which part is too large. */
  private tooLarge(record: SavedConversation): HistoryError {
    const parts: [string, unknown][] = [['what the model was shown of it', record.conversation], ['what SmallCode keeps with it (plan, task records)', record.extra]];
    const [what, bytes] = parts.map(([name, value]) => [name, Buffer.byteLength(JSON.stringify(value))] as const).sort((a, b) => b[1] - a[1])[0]!;
    return new HistoryError(`${what} takes ${size(bytes)}, more than the ${size(this.maxConversationBytes)} one saved conversation may hold, even without the messages shown in the chat. Start a New chat to have the history save again.`);
  }

  /**
   * The file as it is (undefined: there is none); throws ConflictError when it is not at `expected` (its
   * `updatedAt`; undefined: no file).
   */
  private async checkRevision(id: string, expected: string | undefined): Promise<ConversationSummary | undefined> {
    // only a file that is not there is missing: a stat refused (an antivirus holding it on Windows, EIO)
    // fails this save, and the next one tries again, rather than forking a conversation still on disk
    const stamp = await lstat(this.file(id)).then(stampOf, (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw new HistoryError(`Conversation ${id} could not be checked before saving (${errorMessage(error)}); the next save tries again.`);
    });
    if (stamp === undefined) {
      // this writer read or wrote it before: it was deleted elsewhere (another window, a prune) since,
      // and writing it again would bring back what the user deleted
      if (expected !== undefined) throw new ConflictError(`Conversation ${id} was deleted elsewhere (another window) since it was read.`, 'deleted');
      return undefined; // never written: nothing to conflict with
    }
    const known = this.known.get(id);
    let found: ConversationSummary | undefined;
    if (known?.stamp === stamp) found = known.summary; // as this store last read or wrote it
    else {
      try {
        const saved = await this.load(id);
        found = saved && summaryOf(saved);
      } catch (error) {
        // damaged, written by a newer SmallCode, or unreadable for a moment: left as it is, never overwritten
        throw new ConflictError(`${errorMessage(error)} It is left as it is.`);
      }
    }
    if (found !== undefined && found.updatedAt !== expected) throw new ConflictError(`Conversation ${id} was saved elsewhere (another window) since it was read.`);
    return found;
  }

  /** The conversation, or undefined when there is none by that id. Throws HistoryError for a damaged file. */
  async load(id: string): Promise<SavedConversation | undefined> {
    const file = this.file(id);
    // taken before the read: a write in between makes the stamp stale (one more read later), never wrong
    const stamp = await this.stamp(id);
    let raw: string;
    try {
      raw = Buffer.from(await readRegularFile(file, this.maxConversationBytes + 1024)).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new HistoryError(`Conversation ${id} could not be read (${errorMessage(error)}).`);
    }
    let saved: SavedConversation;
    try {
      saved = checkSaved(JSON.parse(raw), id);
    } catch (error) {
      if (error instanceof NewerVersionError) throw new HistoryError(`Conversation ${id} was ${error.message}: update SmallCode to open it.`);
      throw new HistoryError(`Conversation ${id} is damaged (${errorMessage(error)}).`);
    }
    if (stamp !== undefined) this.known.set(id, { stamp, summary: summaryOf(saved) });
    return saved;
  }

  /**
   * Every readable conversation, newest first; `query` keeps those whose text (see searchable) holds each of its words (see searchWords).
   * A search holds one file at a time besides the texts it may keep for the next (see SearchTexts);
   * `signal` stops it between two files (a search the user has typed past).
   */
  async list(query = '', signal?: AbortSignal): Promise<HistoryListing> {
    const words = queryWords(query);
    const needle = words.length > 0;
    const items: ConversationSummary[] = [];
    const warnings: string[] = [];
    for (const id of idsIn(await this.names())) {
      signal?.throwIfAborted();
      const stamp = (await this.stamp(id)) ?? '';
      const known = this.known.get(id);
      let summary = known?.stamp === stamp ? known.summary : undefined;
      let text = needle && summary ? this.searchTexts.get(id, stamp) : undefined;
      if (!summary || (needle && text === undefined)) {
        try {
          const saved = await this.load(id);
          if (!saved) continue;
          summary = summaryOf(saved); // (load keeps it in `known`)
          if (needle) {
            text = searchedText(saved);
            this.searchTexts.keep(id, stamp, text);
          }
        } catch (error) {
          warnings.push(errorMessage(error));
          continue;
        }
      }
      if (!needle || holdsAll(text!, words)) items.push(summary);
    }
    return { items: items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)), warnings };
  }

  /** What the history keeps, for the user: "the newest 200 conversations or 100 MB of them". */
  limits(): string {
    return `the newest ${this.maxConversations} conversations or ${Math.round(this.maxTotalBytes / (1024 * 1024))} MB of them`;
  }

  /** `title` as a conversation's name is kept (trimmed, at most MAX_TITLE_CHARS); throws HistoryError for an empty one. */
  nameFor(title: string): string {
    return titleFor(title);
  }

  /**
   * Gives the conversation a name (trimmed, at most MAX_TITLE_CHARS) at `at` (ISO: its renamedAt);
   * returns the name saved. Its `updatedAt` stays: a rename is no conflict for a window writing it.
   * Written with a save's revision check: a save from another window that lands after the read is not
   * overwritten with what was read; the file is read again and the name given to it (RENAME_ATTEMPTS
   * times at most, then the ConflictError).
   */
  async rename(id: string, title: string, at = new Date().toISOString()): Promise<string> {
    const name = titleFor(title);
    for (let attempt = 1; ; attempt++) {
      const saved = await this.load(id);
      if (!saved) throw new HistoryError(`There is no conversation ${id}.`);
      try {
        await this.save({ ...saved, title: name, renamedAt: at }, { expected: saved.updatedAt });
        return name;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= RENAME_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Deletes the conversation, holding its lock as a save does: another window's save that checked the
   * file before the delete cannot write it back after.
   */
  async delete(id: string): Promise<void> {
    const file = this.file(id);
    await this.locked(id, () => rm(file, { force: true }), 'delete it again');
    this.forget(id);
  }

  /** A conversation whose file is gone (deleted, pruned): what this store kept of it goes too. */
  private forget(id: string): void {
    this.known.delete(id);
    this.secrets.delete(id);
    this.searchTexts.forget(id);
  }

  /** Temporary files of writes that never reached their rename (a crash): older than any write in progress. */
  private async pruneStaleTemps(names: readonly string[]): Promise<void> {
    const old = Date.now() - STALE_TEMP_MS;
    for (const name of names.filter((n) => n.endsWith(TEMP_SUFFIX))) {
      const info = await lstat(join(this.dir, name)).catch(() => undefined);
      if (info?.isFile() && info.mtimeMs < old) await this.remove(name);
    }
  }

  private file(id: string): string {
    if (!ID.test(id)) throw new HistoryError(`"${id}" is not a conversation id.`);
    return join(this.dir, `${id}.json`);
  }

  /** The file's stamp (see stampOf); undefined when it cannot be looked at (there is none). */
  private async stamp(id: string): Promise<string | undefined> {
    const info = await lstat(this.file(id)).catch(() => undefined);
    return info ? stampOf(info) : undefined;
  }

  /** The names in the folder (none before the first save). */
  private async names(): Promise<string[]> {
    return readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
  }

  /**
   * Deletes the oldest conversation files (by when they were written) beyond the count and the total
   * size — never `keep` nor the ones `pinned` names (the conversation open in the chat), renamed ones
   * only once they alone are beyond the limits (the user named them to find them again), and one
   * written in the last keepRecentMs only beyond twice the limits (another window may have it open) —
   * and temporary files a crash left between write and rename. Returns how many it deleted.
   */
  private async prune(keep: string): Promise<number> {
    const names = await this.names();
    await this.pruneStaleTemps(names);
    const kept = new Set([keep, ...(this.pinned?.() ?? [])]);
    const files = (await Promise.all(idsIn(names).map(async (id) => {
      const info = await lstat(this.file(id)).catch(() => undefined);
      return info?.isFile() ? { id, time: info.mtimeMs, size: info.size, stamp: stampOf(info) } : undefined;
    }))).filter((f) => f !== undefined);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (files.length <= this.maxConversations && total <= this.maxTotalBytes) return 0; // (most saves)
    // Only the files about to go are read to learn whether the user named them (usually the oldest one),
    // not the whole history: one found renamed moves ahead of the others and may push another out.
    const checked = new Set<string>();
    const renamed = new Set<string>();
    for (let unchecked = files; unchecked.length;) {
      unchecked = (await this.beyondLimits(files, kept, renamed, async () => true)).filter((f) => !checked.has(f.id));
      for (const f of unchecked) {
        checked.add(f.id);
        if (await this.renamed(f.id, f.stamp)) renamed.add(f.id);
      }
    }
    // one that cannot be deleted still counts, so the next oldest goes in its place: read now, spared if renamed
    const removed = await this.beyondLimits(files, kept, renamed, async (f) => {
      if (!checked.has(f.id) && (await this.renamed(f.id, f.stamp))) return false;
      if (!(await this.remove(`${f.id}.json`))) return false;
      this.forget(f.id);
      return true;
    });
    return removed.length;
  }

  /**
   * Walks the files in the order pruning keeps them — the kept ones first, so the limits still hold with
   * them; then the renamed ones; each newest first — and hands `remove` each one beyond the limits (one
   * written in the last keepRecentMs only beyond twice the limits). `remove` says whether it went: one
   * that did not still counts, and the next goes in its place. Returns the ones that went.
   */
  private async beyondLimits<F extends PruneFile>(files: readonly F[], kept: ReadonlySet<string>, renamed: ReadonlySet<string>, remove: (f: F) => Promise<boolean>): Promise<F[]> {
    const rank = (id: string) => (kept.has(id) ? 2 : renamed.has(id) ? 1 : 0);
    const ordered = [...files].sort((a, b) => rank(b.id) - rank(a.id) || b.time - a.time || b.id.localeCompare(a.id));
    const recent = Date.now() - this.keepRecentMs;
    const gone: F[] = [];
    let size = 0;
    let count = 0;
    for (const f of ordered) {
      size += f.size;
      count++;
      const bound = f.time >= recent ? 2 : 1;
      if (!kept.has(f.id) && (count > bound * this.maxConversations || size > bound * this.maxTotalBytes) && (await remove(f))) {
        size -= f.size;
        count--;
        gone.push(f);
      }
    }
    return gone;
  }

  /** Whether the user named conversation `id` (its file at `stamp`); one that cannot be read is not. */
  private async renamed(id: string, stamp: string): Promise<boolean> {
    const known = this.known.get(id);
    if (known?.stamp === stamp) return known.summary.renamedAt !== undefined;
    const saved = await this.load(id).catch(() => undefined); // (load keeps it in `known`)
    return saved?.renamedAt !== undefined;
  }

  /** Deletes the folder's file `name` for pruning; false (and a warning) when it cannot. */
  private async remove(name: string): Promise<boolean> {
    try {
      await rm(join(this.dir, name), { force: true });
      return true;
    } catch (error) {
      this.warn?.(`The history could not remove ${name} (it is kept for now; a later save tries again): ${errorMessage(error)}`);
      return false;
    }
  }
}

