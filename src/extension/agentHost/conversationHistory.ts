// This workspace's conversations: which one the chat is on (kept in workspace state, so a window reload
// comes back to it), each task of it (the user's entry that asked it, the task as sent, the files its
// run changed), and the saved ones on disk (src/node/historyStore under the extension's storage folder:
// redacted, atomic, bounded). No `vscode` import: unit tests drive it as is.
import type { AgentConversation, AgentRunResult } from '../../core/agent';
import { Entry, type ChatEntry, type HistoryView, type PlanView } from '../../shared/chatProtocol';
import type { HistoryStore, SavedConversation, SaveResult } from '../../node/historyStore';
import { errorMessage } from '../../core/errorMessage';
import { holdsRedaction } from '../../core/security/redactionMark';
import type { TranscriptStorage } from '../chatTranscript';

const CURRENT_KEY = 'smallcode.conversation';
const TITLE_CHARS = 80;

/** One task of the conversation. */
export interface TaskRecord {
  /** The user's entry in the transcript that asked it. */
  entry: string;
  /** The task as sent to the model (with what @ mentions attached), for Retry. */
  task: string;
  /**
   * What @ mentions attached, as it followed the typed text in `task` ('' for none), for Edit and resend.
   * Records saved before it was kept have none: see attachedTo.
   */
  attached?: string;
  /**
   * Its index in the agent's conversation (see Agent.rewind), as the run reported it; -1 when the run added
   * none. While it runs: the index its run-start save gave it (a window that dies mid-run leaves that).
   */
  index: number;
  /** Files its run created or edited. */
  files: string[];
  /**
   * Read back from the history with a secret taken out of its text (the history keeps none): what was
   * sent is not known any more where the mark stands (see lostSecret).
   */
  redacted?: true;
}

/**
 * A task record as the history saves it: the task is the user's entry's text followed by what was
 * attached, so it is written only when it is not (Continue's); each attachment is written once.
 */
interface SavedTask {
  entry: string;
  /** The task as sent, when it is not the entry's text followed by `attached`. */
  task?: string;
  attached?: string;
  index: number;
  files: string[];
}

/** What is saved besides the transcript and the model's side. */
interface Extra {
  tasks: SavedTask[];
  plan: PlanView | null;
  usage: AgentRunResult['usage'];
}

export interface Snapshot {
  /** The conversation the snapshot is of (the one current when its run started). */
  id: string;
  transcript: ChatEntry[];
  conversation: AgentConversation | undefined;
  model: string;
  endpoint: string;
  plan: PlanView | null;
  /** Values the conversation found secret (the chat's cards, the trace): hidden in the file wherever they recur. */
  known?: ReadonlySet<string>;
}

export interface ConversationHistoryDeps {
  /** The folder saved conversations go to (under the extension's storage); undefined: nothing is saved. */
  dir: string | undefined;
  /** Workspace state, where the current conversation's id is kept. */
  state: TranscriptStorage;
  /** The store on `dir` (from dist/core.js, loaded on first use). */
  openStore(dir: string): HistoryStore;
  newId(): string;
  now?: () => number;
  /** What went wrong besides a save (the store could not prune an old file). */
  warn?(message: string): void;
}

function isSavedTask(value: unknown): value is SavedTask {
  const t = value as Partial<SavedTask> | null;
  return !!t && typeof t.entry === 'string' && (t.task === undefined || typeof t.task === 'string') && (t.attached === undefined || typeof t.attached === 'string') && Number.isInteger(t.index) && Array.isArray(t.files) && t.files.every((f) => typeof f === 'string');
}

/** `task` as saved, `typed` being its entry's text: the task text only when it is not `typed` + what was attached. */
function savedTask(task: TaskRecord, typed: string | undefined): SavedTask {
  const attached = typed === undefined ? task.attached : attachedTo(task, typed);
  const derived = typed !== undefined && attached !== undefined && task.task === typed + attached;
  return { entry: task.entry, ...(derived ? {} : { task: task.task }), ...(attached !== undefined ? { attached } : {}), index: task.index, files: task.files };
}

/** A saved task record read back, `typed` being its entry's text (undefined: no such entry): undefined when its task is not known. */
function readTask(saved: SavedTask, typed: string | undefined): TaskRecord | undefined {
  const task = saved.task ?? (typed === undefined ? undefined : typed + (saved.attached ?? ''));
  if (task === undefined) return undefined;
  const record: TaskRecord = { entry: saved.entry, task, ...(saved.attached !== undefined ? { attached: saved.attached } : {}), index: saved.index, files: saved.files };
  return holdsRedaction(task) ? { ...record, redacted: true } : record;
}

/**
 * Whether `text` — the task of `task`, what it attached, or the text an Edit would send in its place —
 * stands where the history took a secret out: sending it would send the mark instead of the secret.
 */
export function lostSecret(task: TaskRecord, text: string): boolean {
  return task.redacted === true && holdsRedaction(text);
}

/** The texts of a transcript's entries, by id. */
function textsOf(transcript: readonly unknown[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const e of transcript) {
    const entry = e as Partial<ChatEntry> | null;
    if (entry && typeof entry.id === 'string' && typeof entry.text === 'string') texts.set(entry.id, entry.text);
  }
  return texts;
}

/**
 * `extra` as saved with `transcript` cut to fit its file: the records of tasks whose entries were cut
 * go with them (oldest first, as the entries go); the rest of `extra` stays.
 */
export function extraForTranscript(transcript: readonly unknown[], extra: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(extra.tasks)) return extra;
  const kept = textsOf(transcript);
  return { ...extra, tasks: extra.tasks.filter((t) => kept.has((t as Partial<SavedTask> | null)?.entry ?? '')) };
}

/**
 * What @ mentions attached to `task`, which the user typed as `typed`: as recorded; for a record saved
 * before attachments were kept, what follows the typed text in the task as sent.
 */
export function attachedTo(task: TaskRecord, typed: string): string {
  if (task.attached !== undefined) return task.attached;
  return task.task.startsWith(typed) ? task.task.slice(typed.length) : '';
}

/** The entries of a saved transcript (anything else in it is left out). */
export function chatEntries(transcript: readonly unknown[]): ChatEntry[] {
  return transcript.filter((e): e is ChatEntry => Entry.is({ type: 'entry', entry: e }));
}

/** The plan a saved conversation was left with (null: none). */
export function savedPlan(saved: SavedConversation): PlanView | null {
  const plan = (saved.extra as Partial<Extra>).plan;
  return plan && Array.isArray(plan.steps) ? plan : null;
}

/** The history list's title for a conversation: its first task's first line. */
export function titleFrom(entries: readonly ChatEntry[]): string {
  const first = entries.find((e) => e.role === 'user')?.text.trim().split('\n')[0]?.trim() ?? '';
  return first.length > TITLE_CHARS ? `${first.slice(0, TITLE_CHARS - 1)}…` : first || 'Untitled conversation';
}

export class ConversationHistory {
  /** Made on first use: activation loads nothing (ids come from dist/core.js). */
  private id: string | undefined;
  private createdAt: string;
  /** The name the user gave it, else its first task's (set at its first save, and kept). */
  private title: string | undefined;
  /** When the user gave that name (ISO; undefined: it is its first task's): a later one given elsewhere is kept by the store. */
  private renamedAt: string | undefined;
  private tasks: TaskRecord[] = [];
  private usage: AgentRunResult['usage'] = { promptTokens: 0, completionTokens: 0, requests: 0 };
  /** The saved conversation the workspace was on is read back once, before the first task after a reload. */
  private resumed = false;
  /** The chat was on a conversation before this window (re)started: one the workspace state named. */
  private readonly reloaded: boolean;
  private store: HistoryStore | undefined;
  /** Saves one after another, so an older snapshot never lands after a newer one. */
  private saving: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  /**
   * Each conversation's file as this window last read or wrote it (its `updatedAt`; none: not yet), by
   * id: a save still queued when the chat moved on to another conversation checks against its own.
   */
  private readonly revisions = new Map<string, string>();
  /**
   * Where a conversation went on when another window had saved its file since (its id → the new one): a
   * save of it taken before (a run's end, queued under the old id) lands in the new file, not a third one.
   */
  private readonly forkedTo = new Map<string, string>();
  /** The conversations whose saves left old entries out and said so (once each: see save). */
  private readonly cutSaid = new Set<string>();
  /** Pruning removed old conversations after a save, and the user was told (once a window). */
  private prunedSaid = false;
  /** The current conversation as it was last saved: a rename saves it again under the new name. */
  private lastSnapshot: Snapshot | undefined;

  constructor(private readonly deps: ConversationHistoryDeps) {
    this.now = deps.now ?? Date.now;
    const current = deps.state.get<string | undefined>(CURRENT_KEY, undefined);
    this.id = typeof current === 'string' && current ? current : undefined;
    this.reloaded = this.id !== undefined;
    this.createdAt = new Date(this.now()).toISOString();
  }

  get currentId(): string {
    this.id ??= this.fresh();
    return this.id;
  }

  /** The id the conversation `id` is saved under now: another one once a conflict moved it (see forkedTo). */
  savedAs(id: string): string {
    let at = id;
    for (let next = this.forkedTo.get(at); next !== undefined; next = this.forkedTo.get(at)) at = next;
    return at;
  }

  get saves(): boolean {
    return this.deps.dir !== undefined;
  }

  /**
   * The model's side of the conversation the chat shows (`shown`), when it was saved (after a window
   * reload): read once. One that cannot be read (damaged, written by a newer SmallCode, or unreadable
   * for a moment) is left as it is, the chat going on as a new conversation, with a warning; so does a
   * missing one while the chat shows messages (deleted or pruned by another window, or never saved):
   * the model would otherwise start from nothing without a word.
   */
  async resume(shown: readonly ChatEntry[] = []): Promise<{ conversation?: AgentConversation; transcript?: ChatEntry[]; plan?: PlanView | null; warning?: string }> {
    if (this.resumed) return {};
    this.resumed = true;
    const store = this.openStore();
    if (!store) return {};
    try {
      const saved = await store.load(this.currentId);
      if (!saved) {
        // a first message in a new window is no conversation that went missing
        if (!this.reloaded || !shown.some((e) => e.role === 'user')) return {};
        this.startNew();
        return { warning: 'The model\'s side of this conversation is no longer in the history (deleted or removed as old in another window, or never saved): the chat goes on as a new conversation, and your next message starts afresh for the model.' };
      }
      this.adopt(saved);
      return { conversation: saved.conversation, transcript: chatEntries(saved.transcript), plan: savedPlan(saved) };
    } catch (error) {
      this.startNew();
      return { warning: `The model's side of this conversation could not be read back: ${errorMessage(error)} The file is left as it is; the chat goes on as a new conversation, and your next message starts afresh for the model.` };
    }
  }

  /** A task starts, ran or was tried: remembered for Retry and Edit (a later record of its entry replaces the earlier). */
  recordTask(task: TaskRecord, usage?: AgentRunResult['usage']): void {
    const at = this.tasks.findIndex((t) => t.entry === task.entry);
    if (at >= 0) this.tasks[at] = task;
    else this.tasks.push(task);
    if (usage) {
      this.usage = {
        promptTokens: this.usage.promptTokens + usage.promptTokens,
        completionTokens: this.usage.completionTokens + usage.completionTokens,
        requests: this.usage.requests + usage.requests,
      };
    }
  }

  /** The task the user entry `entry` asked, and the tasks after it. */
  tasksFrom(entry: string): TaskRecord[] {
    const at = this.tasks.findIndex((t) => t.entry === entry);
    return at < 0 ? [] : this.tasks.slice(at);
  }

  /** Forgets the task `entry` asked and those after it (Retry, Edit). */
  dropFrom(entry: string): void {
    const at = this.tasks.findIndex((t) => t.entry === entry);
    if (at >= 0) this.tasks = this.tasks.slice(0, at);
  }

  /**
   * Writes the conversation as it is now; a conversation nobody spoke in is not saved. Throws when it
   * cannot. Resolves with the notices for the user, each said once: a save of this conversation had to
   * leave its oldest entries out of the file (too long for one); it was deleted in another window and
   * goes on under a new id; pruning removed old conversations (once a window).
   */
  save(snapshot: Snapshot): Promise<string[]> {
    const store = this.openStore();
    if (!store || !snapshot.transcript.some((e) => e.role === 'user')) return Promise.resolve([]);
    // its title, tasks and dates are the current conversation's: another one's snapshot must not land in its file
    if (this.savedAs(snapshot.id) !== this.currentId) return Promise.reject(new Error(`it is no longer the current conversation (${snapshot.id})`));
    this.lastSnapshot = snapshot;
    // named once, by its first task: a long conversation's oldest entries may later be cut from the file
    this.title ??= titleFrom(snapshot.transcript);
    const texts = textsOf(snapshot.transcript);
    // only tasks whose entries the chat still has: Retry and Edit start from an entry
    const tasks = this.tasks.filter((t) => texts.has(t.entry)).map((t) => savedTask(t, texts.get(t.entry)));
    const record: SavedConversation<ChatEntry> = {
      // the literals are checked against HISTORY_VERSION and CONVERSATION_VERSION by their types (a value
      // import would bundle src/node into extension.js, which loads the core lazily)
      version: 1, id: this.currentId, title: this.title, ...(this.renamedAt !== undefined ? { renamedAt: this.renamedAt } : {}), createdAt: this.createdAt, updatedAt: new Date(this.now()).toISOString(),
      model: snapshot.model, endpoint: snapshot.endpoint, transcript: snapshot.transcript,
      conversation: snapshot.conversation ?? { version: 1, messages: [], summary: '', tasks: [] },
      extra: { tasks, plan: snapshot.plan, usage: this.usage } satisfies Extra as unknown as Record<string, unknown>,
    };
    const done = this.saving.then(() => this.write(store, record, snapshot.known));
    this.saving = done.catch(() => undefined);
    return done.then(({ leftOut, removed, deletedElsewhere }) => {
      const notices: string[] = [];
      if (deletedElsewhere) notices.push('This conversation was deleted from the history in another window (or removed there as old). It is kept as a new conversation from here on; delete it again from the history if you no longer want it.');
      if (leftOut && !this.cutSaid.has(record.id)) {
        this.cutSaid.add(record.id);
        const kept = record.transcript.length - leftOut;
        notices.push(`This conversation is too long for one history file: the saved history keeps its newest ${kept} of ${record.transcript.length} chat entries, and leaves the older ones out (they stay in this chat while it is open).`);
      }
      if (removed && !this.prunedSaid) {
        this.prunedSaid = true;
        notices.push(`${removed} old conversation${removed === 1 ? ' was' : 's were'} removed from the history: it keeps ${store.limits()}, whichever is reached first (renamed ones are removed last).`);
      }
      return notices;
    });
  }

  /**
   * Writes `record` unless another window saved its file since this one read or wrote it (or deleted
   * it: `deletedElsewhere`): then this window's conversation goes on under a new id (both are kept; the
   * last writer no longer wins).
   */
  private async write(store: HistoryStore, record: SavedConversation<ChatEntry>, known: ReadonlySet<string> | undefined): Promise<SaveResult & { deletedElsewhere: boolean }> {
    // a save queued before an earlier one of this conversation forked it goes where that one went
    record = { ...record, id: this.savedAs(record.id) };
    const options = { extraFor: extraForTranscript, ...(known ? { known } : {}) };
    let result: SaveResult;
    let deletedElsewhere = false;
    try {
      result = await store.save(record, { ...options, expected: this.revisions.get(record.id) });
    } catch (error) {
      if ((error as Error).name !== 'ConflictError') throw error;
      // (the store's ConflictError, known by name: a value import would bundle src/node, see save)
      deletedElsewhere = (error as { kind?: string }).kind === 'deleted';
      const id = this.deps.newId();
      this.forkedTo.set(record.id, id);
      if (this.id === record.id) {
        this.id = id;
        void this.deps.state.update(CURRENT_KEY, id);
      }
      record = { ...record, id };
      result = await store.save(record, { ...options, expected: undefined });
    }
    this.revisions.set(record.id, record.updatedAt);
    return { ...result, deletedElsewhere };
  }

  /** Resolves once the saves asked for so far are done (written or failed). */
  async saved(): Promise<void> {
    await this.saving;
  }

  /** A new conversation (the one before stays saved). */
  startNew(): void {
    this.become(this.fresh(), new Date(this.now()).toISOString());
  }

  /** The saved conversation `id` (undefined: there is none), after the saves asked so far; throws for a damaged one. */
  async read(id: string): Promise<SavedConversation | undefined> {
    await this.saving;
    return this.openStore()?.load(id);
  }

  /** Makes a conversation `read` gave the current one. */
  take(saved: SavedConversation): void {
    this.adopt(saved);
  }

  /** The saved conversations `query` finds; `signal` stops the search (see HistoryStore.list). */
  async list(query: string, signal?: AbortSignal): Promise<HistoryView> {
    const listing = (await this.openStore()?.list(query, signal)) ?? { items: [], warnings: [] };
    return {
      items: listing.items.map((i) => ({ id: i.id, title: i.title, updatedAt: i.updatedAt, model: i.model })),
      query, current: this.currentId, warnings: listing.warnings,
    };
  }

  /**
   * Names a saved conversation, in turn with the saves: the current one's last snapshot is saved again
   * under the name (the file on disk may be older than a save still queued); another one is renamed in
   * its file.
   */
  rename(id: string, title: string): Promise<void> {
    const store = this.openStore();
    if (!store) return Promise.resolve();
    const at = new Date(this.now()).toISOString();
    if (id === this.currentId && this.lastSnapshot) {
      try {
        this.title = store.nameFor(title);
      } catch (error) {
        return Promise.reject(error);
      }
      this.renamedAt = at;
      return this.save(this.lastSnapshot).then(() => undefined);
    }
    const done = this.saving.then(async () => {
      const name = await store.rename(id, title, at);
      if (id === this.currentId) {
        this.title = name;
        this.renamedAt = at;
      }
    });
    this.saving = done.catch(() => undefined);
    return done;
  }

  /**
   * Deletes a saved conversation; deleting the current one starts a new one (the chat is cleared by the
   * caller). True when it was the current one.
   */
  async delete(id: string): Promise<boolean> {
    await this.saving;
    await this.openStore()?.delete(id);
    if (id !== this.currentId) return false;
    this.startNew();
    return true;
  }

  private adopt(saved: SavedConversation): void {
    this.become(saved.id, saved.createdAt);
    this.revisions.set(saved.id, saved.updatedAt);
    this.title = saved.title;
    this.renamedAt = saved.renamedAt;
    const extra = saved.extra as Partial<Extra>;
    const texts = textsOf(saved.transcript);
    this.tasks = (Array.isArray(extra.tasks) ? extra.tasks : []).filter(isSavedTask).map((t) => readTask(t, texts.get(t.entry))).filter((t) => t !== undefined);
    const u = extra.usage;
    if (u && [u.promptTokens, u.completionTokens, u.requests].every((n) => typeof n === 'number')) this.usage = { promptTokens: u.promptTokens, completionTokens: u.completionTokens, requests: u.requests };
  }

  private become(id: string, createdAt: string): void {
    // Made current again on purpose (opened from the history): what is saved of it now goes into its
    // own file, not into the one it once forked to. No snapshot from before is still queued: opening
    // waits for the saves.
    this.forkedTo.delete(id);
    this.id = id;
    this.createdAt = createdAt;
    this.title = undefined;
    this.renamedAt = undefined;
    this.lastSnapshot = undefined;
    this.tasks = [];
    this.usage = { promptTokens: 0, completionTokens: 0, requests: 0 };
    this.resumed = true; // what the chat shows now is what the agent has
    void this.deps.state.update(CURRENT_KEY, id);
  }

  private fresh(): string {
    const id = this.deps.newId();
    void this.deps.state.update(CURRENT_KEY, id);
    return id;
  }

  private openStore(): HistoryStore | undefined {
    if (!this.deps.dir) return undefined;
    if (!this.store) {
      this.store = this.deps.openStore(this.deps.dir);
      this.store.pinned = () => (this.id ? [this.id] : []);
      this.store.warn = (message) => this.deps.warn?.(message);
    }
    return this.store;
  }
}
