// Between the chat and the agent: a message the user sends becomes a run, and what the run does
// becomes entries in the host-owned transcript (and, through the panel, what the user sees). Each run
// is saved with the conversation (ConversationHistory); Retry, Edit and resend, and Continue ask again
// from a point of the conversation, and a saved conversation can be opened in its place.
import type { ChatTranscript } from '../chatTranscript';
import { settledWithin } from '../../core/settledWithin';
import type { AgentConversation, AgentEvent, AgentRunResult } from '../../core/agent';
import type { ChatEntry, MentionRef, PlanView } from '../../shared/chatProtocol';
import { notAttachedNotice, type MentionAttachment } from '../mentionAttachments';
import { pickedIn } from '../../shared/mentionText';
import { attachedTo, chatEntries, lostSecret, savedPlan, type ConversationHistory, type TaskRecord } from './conversationHistory';
import type { AgentSession } from './agentSession';
import { NotReadyError, RunStoppedError } from './notReady';
import type { RunLog } from './redactedLog';
import { namedFiles, RunPresenter, type CardRedaction, type ChatView } from './runPresenter';
import type { ConversationTraces } from './traces';
import type { RunCheckpoints } from './runCheckpoints';
import { ProgressSaves } from './progressSaves';
import { errorMessage } from '../../core/errorMessage';
import { holdsRedaction } from '../../core/security/redactionMark';

/** What the last run left behind, for /plan, /budget and /tokens (its turns are in `traces`, for /trace). */
export interface LastRun {
  plan?: Extract<AgentEvent, { type: 'plan-updated' }>['plan'];
  budget?: Extract<AgentEvent, { type: 'budget-updated' }>['report'];
  usage?: AgentRunResult['usage'];
}

/** What the controller needs besides the run: the saved conversations, a confirmation, the model in use. */
export interface ChatControllerHost {
  history: ConversationHistory;
  /** Asks the user (a modal dialog); true when they chose `action`. */
  confirm(message: string, action: string): Promise<boolean>;
  connection(): { model: string; endpoint: string };
  /** How tool cards are redacted (they are kept on disk with the transcript). */
  redaction(): CardRedaction;
  /** What the `@` mentions of `text` attach now (attachMentions); `picked`: paths picked from the list. */
  attachMentions(text: string, picked: readonly MentionRef[]): Promise<MentionAttachment>;
  /** The clock runs are saved by while they go on (ms; default Date.now). */
  now?(): number;
}

/** A user entry's `mentions`: the paths picked from the list that `text` holds (none: no field). */
function withPicked(text: string, picked: readonly MentionRef[]): Pick<ChatEntry, 'mentions'> {
  const mentions = pickedIn(text, picked);
  return mentions.length ? { mentions } : {};
}

/** What the model is asked after a reply cut at the length limit (the chat shows "Continue"). */
export const CONTINUE_TASK = 'Your last reply was cut off at the length limit. Continue it from exactly where it stopped, without repeating what you already wrote.';
const BUSY = 'SmallCode is still working on the previous message. Press Stop to end it first.';

/** A run asked for (queued or going); `shownEnded` once the panel shows it ended (its trace may still be writing). */
interface ActiveRun { shownEnded: boolean; stopped?: boolean }

export class ChatController {
  readonly lastRun: LastRun = {};

  /**
   * Everything that changes the conversation — a message, Retry, Edit, Continue, opening another one,
   * New chat, deleting the open one — one after another: a run always belongs to the conversation it
   * started in (and is saved there), and the agent never takes another conversation while it runs.
   */
  private queue: Promise<void> = Promise.resolve();
  /** The chat shows that saving fails (until a save works again). */
  private saveFailureShown = false;
  /** The run asked for last, until it has ended. */
  private active: ActiveRun | undefined;
  /** Slash commands waiting for something (the code index): the chat's Stop ends them as it ends a run. */
  private readonly waits = new Set<AbortController>();

  constructor(
    private readonly transcript: ChatTranscript,
    private readonly agent: AgentSession,
    private readonly log: RunLog,
    /** The panel, for what is live only (streaming text, run state, plan, budget). */
    private readonly view: ChatView,
    /** Each run's trace: recorded from its events, written when it ends. */
    readonly traces: ConversationTraces,
    private readonly host: ChatControllerHost,
    /** Each run that changed files leaves its checkpoint here, and its "Undo this run" card. */
    private readonly checkpoints?: RunCheckpoints,
  ) {}

  get running(): boolean {
    return this.agent.running;
  }

  /**
   * A message: its @ mentions (file contents, the selection, problems) are attached as it starts, read
   * from the text; `picked`: the paths picked from the completion list (they spell paths with spaces).
   */
  submit(text: string, picked: readonly MentionRef[] = []): Promise<void> {
    if (this.busy()) return Promise.resolve();
    // shown at once; a conversation opened (or New chat) queued before it takes the message along
    const entry = this.transcript.add('user', text, withPicked(text, picked));
    return this.startRun('Sending the message', async (run) => {
      if (!this.transcript.all().some((e) => e.id === entry.id)) this.transcript.put(entry);
      const attached = this.attached(await this.host.attachMentions(text, picked));
      await this.runTask(entry.id, `${text}${attached}`, attached, run);
    });
  }

  /** What follows the typed text in the task; the mentions that could not be attached are said in the chat. */
  private attached(attachment: MentionAttachment): string {
    if (attachment.missing.length) this.transcript.add('notice', notAttachedNotice(attachment.missing), { level: 'warning' });
    return attachment.text ? `\n\n${attachment.text}` : '';
  }

  /** Retry on the last reply or error notice: the last task is asked again from the same point. */
  retry(id: string): Promise<void> {
    return this.startRun('Retry', async (run) => {
      const entries = this.transcript.all();
      const at = entries.findIndex((e) => e.id === id);
      const user = entries.slice(0, at + 1).reverse().find((e) => e.role === 'user');
      const later = user ? this.history.tasksFrom(user.id) : [];
      // only the last exchange: an earlier reply is asked again through Edit and resend
      if (at < 0 || !user || later.length !== 1 || entries.slice(at + 1).some((e) => e.role === 'user')) return this.cannot('Retry');
      if (lostSecret(later[0]!, later[0]!.task)) return this.secretLost('Retry', attachedTo(later[0]!, user.text));
      if (!(await this.confirmDropping(later, 'Retry'))) return;
      await this.askAgain(user, user.text, { task: later[0]!.task, attached: attachedTo(later[0]!, user.text) }, run);
    });
  }

  /**
   * Edit and resend: the conversation after the user's message `id` is dropped, and the edited text is
   * asked. Its @ mentions are attached as a new message's are, as they are now: the files as the
   * dropped runs left them, a mention added in the edit too, none that the edit took out.
   */
  edit(id: string, text: string): Promise<void> {
    if (!text.trim()) return Promise.resolve();
    return this.startRun('Edit and resend', async (run) => {
      const user = this.transcript.all().find((e) => e.id === id && e.role === 'user');
      const later = user ? this.history.tasksFrom(user.id) : [];
      const task = later[0];
      if (!user || !task) return this.cannot('Edit and resend');
      if (lostSecret(task, text)) return this.secretLost('Edit and resend', '');
      if (!(await this.confirmDropping(later, 'Edit and resend'))) return;
      const typed = text.trim();
      // the paths picked for the message spell its mentions with spaces in the edited text too
      const picked = user.mentions ?? [];
      const attachment = await this.host.attachMentions(typed, picked);
      const { mentions: _before, ...message } = user;
      await this.askAgain({ ...message, ...withPicked(typed, picked) }, typed, attachment, run);
    });
  }

  /** Continue on the notice `id` of a reply cut at the length limit: the model is asked for the rest. */
  continueReply(id: string): Promise<void> {
    return this.startRun('Continue', async (run) => {
      const entries = this.transcript.all();
      const at = entries.findIndex((e) => e.id === id);
      // the last reply, and cut: after another message the model would continue something else
      if (at < 0 || entries[at]!.action !== 'continue' || entries.slice(at + 1).some((e) => e.role === 'user')) return this.cannot('Continue');
      const entry = this.transcript.add('user', 'Continue');
      await this.runTask(entry.id, CONTINUE_TASK, '', run);
    });
  }

  /** Shows the saved conversation `id` in the chat, and the agent continues it from the next task on. */
  open(id: string): Promise<void> {
    // read first: a conversation that cannot be read leaves the chat (and a run going on) as they are;
    // once it is read, a run of the conversation on screen stops (and is saved there) before the switch
    const reading = this.history.read(id);
    const before = this.active; // a run asked for after this is not stopped: it goes to the opened conversation
    reading.then((saved) => { if (saved && id !== this.history.currentId) this.stopRun(before); }, () => undefined);
    return this.serial('Opening the conversation', async () => {
      // decided now, not when asked: an open of another one asked before this may just have run
      if (id === this.history.currentId) return;
      // read again: a run of it still stopping when it was asked has saved it since
      const saved = (await reading) && (await this.history.read(id));
      if (!saved) {
        this.transcript.add('notice', 'That conversation is no longer in the history.', { level: 'warning' });
        return;
      }
      this.history.take(saved);
      this.agent.restore(saved.conversation);
      const entries = chatEntries(saved.transcript);
      // Its runs' checkpoints are held only if they ran in this window: the other cards are marked before they are shown.
      this.showFresh(this.checkpoints?.markUnavailable(entries) ?? entries, savedPlan(saved));
    });
  }

  /** A new conversation; the one before stays in the history (a run of it stops, and is saved there). */
  newChat(): Promise<void> {
    this.stop();
    return this.serial('New chat', async () => {
      this.history.startNew();
      this.startAfresh();
    });
  }

  /** Deletes a saved conversation and its trace files (the current one: after its run stops, then a new chat). */
  deleteConversation(id: string): Promise<void> {
    if (id !== this.history.currentId) return this.history.delete(id).then(() => this.traces.forget(id));
    this.stop();
    return this.serial('Deleting the conversation', async () => {
      // the chat starts afresh only if it still shows it: an open of another one asked before this may just have run
      if (await this.history.delete(id)) {
        this.checkpoints?.drop(this.transcript.all());
        this.startAfresh();
      }
      // after the stopped run's trace was written (it is written as the run ends, before the queue moves on)
      await this.traces.forget(id);
    });
  }

  /** `step` after everything asked before it; a failure is shown in the chat as well as logged. */
  private serial(what: string, step: () => Promise<void>): Promise<void> {
    const done = this.queue.then(async () => {
      try {
        await step();
      } catch (error) {
        const message = `${what} failed: ${errorMessage(error)}`;
        this.log.error(message);
        this.transcript.add('notice', message, { level: 'error' });
      }
    });
    this.queue = done;
    return done;
  }

  /** A step that runs a task: refused while another run is going; the chat's saved side is read back first. */
  private startRun(what: string, step: (run: ActiveRun) => Promise<void>): Promise<void> {
    if (this.busy()) return Promise.resolve();
    const run: ActiveRun = { shownEnded: false };
    this.active = run;
    return this.serial(what, async () => {
      try {
        await this.resume();
        await step(run);
      } finally {
        run.shownEnded = true;
        if (this.active === run) this.active = undefined;
      }
    });
  }

  private busy(): boolean {
    // a run the panel already shows ended is not in the way: the next one starts when it is done
    if (!this.active || this.active.shownEnded) return false;
    this.transcript.add('notice', BUSY);
    return true;
  }

  private get history(): ConversationHistory {
    return this.host.history;
  }

  /**
   * Retry and Edit drop the tasks from one on: when their runs changed files, the user confirms first
   * (the changes stay in the files; "Undo this run" is the way to take them back).
   */
  private async confirmDropping(dropped: readonly TaskRecord[], action: string): Promise<boolean> {
    const files = [...new Set(dropped.flatMap((t) => t.files))].sort();
    if (!files.length) return true;
    return this.host.confirm(`Since this message, SmallCode changed ${namedFiles(files)}. Those changes stay in your files, but the conversation after this message is dropped. ${action}?`, action);
  }

  private cannot(action: string): void {
    this.transcript.add('notice', `${action} is not possible here: SmallCode no longer has the conversation from that point. Type the message again instead.`, { level: 'warning' });
  }

  /**
   * A message read back from the history lost a secret there (the history keeps none, and shows
   * [REDACTED] in its place): sending it again would send the mark. `attached`: what @ mentions added.
   */
  private secretLost(action: string, attached: string): void {
    const how = holdsRedaction(attached)
      ? 'Type the message again, with its @ mentions.'
      : 'Use Edit and resend and type the secret where [REDACTED] stands, or type the message again.';
    this.transcript.add('notice', `${action} is not possible here: this message held a secret, and SmallCode does not keep secrets in its history, so what was sent is no longer known. ${how}`, { level: 'warning' });
  }

  /**
   * The agent and the chat go back to just before the task `user` asked, then `text` is asked in its
   * place: the task as sent before (Retry), or `text` with what its mentions attach now (Edit).
   */
  private async askAgain(user: ChatEntry, text: string, ask: { task: string; attached: string } | MentionAttachment, run: ActiveRun): Promise<void> {
    // the first of these tasks the agent's conversation holds (one whose run failed added nothing)
    const at = this.history.tasksFrom(user.id).find((t) => t.index >= 0)?.index;
    if (at !== undefined) this.agent.rewind(at);
    this.history.dropFrom(user.id);
    const entries = this.transcript.all();
    const cut = entries.findIndex((e) => e.id === user.id);
    this.transcript.replace([...entries.slice(0, cut), { ...user, text }]);
    // the cards cut off can never be clicked again: their contents need not be held
    this.checkpoints?.drop(entries.slice(cut));
    // said after the message it belongs to
    const attached = 'task' in ask ? ask.attached : this.attached(ask);
    await this.runTask(user.id, 'task' in ask ? ask.task : `${text}${attached}`, attached, run);
  }

  /**
   * After a reload, the saved conversation the chat shows is read back (once) as soon as the panel is
   * there, so its plan shows at once: it would be before the first task anyway.
   */
  resumeSaved(): Promise<void> {
    return this.serial('Reading the conversation back', () => this.resume());
  }

  /** The saved conversation this chat shows, read back for the agent (and the plan panel) before its first task after a reload. */
  private async resume(): Promise<void> {
    const { conversation, transcript, plan, warning } = await this.history.resume(this.transcript.all());
    if (conversation) this.agent.restore(conversation);
    if (transcript) this.transcript.restoreHead(transcript);
    if (plan) {
      this.lastRun.plan = plan;
      this.view.post({ type: 'plan', plan });
    }
    if (warning) this.transcript.add('notice', warning, { level: 'warning' });
  }

  /** `text`: the task as sent; `attached`: what @ mentions added to it ('' for none), kept for Edit and resend. */
  private async runTask(entry: string, text: string, attached: string, run: ActiveRun): Promise<void> {
    // the conversation the run belongs to: its result is saved there, whatever the chat shows by then
    const conversation = this.history.currentId;
    let ran: AgentRunResult | undefined;
    // files the run changed, as it changes them: a run that throws after writing still counts for Edit's question
    const files = new Set<string>();
    const presenter = new RunPresenter(this.transcript, this.view, this.host.redaction());
    const trace = this.traces.start(text, conversation);
    // the task as the history records it: at its start, while it goes on, and at its end
    const taskRecord = (index: number) => ({ entry, task: text, attached, index, files: [...files] });
    let progress: ProgressSaves | undefined;
    try {
      // stopped before it reached the agent (New chat right after sending): it ends as a stopped run does
      if (run.stopped) return presenter.stopped();
      // Saved as it starts too: a window closed, reloaded or killed mid-run keeps the message in the
      // history (a run can take minutes on a laptop), and the model's side has the task, as a run stopped
      // before its first reply leaves it: "Go on" after a crash reaches a model that knows what to go on
      // with. One write per run start, not per token; the run's end replaces it (and saves while it goes on).
      const asked = this.agent.exportAsking(text);
      const index = asked.tasks.length - 1;
      this.history.recordTask(taskRecord(index));
      void this.save(conversation, asked);
      // and as it goes on, with what the model did and the files changed so far (see ProgressSaves)
      progress = new ProgressSaves(() => {
        this.history.recordTask(taskRecord(index));
        return this.save(conversation);
      }, () => this.host.now?.() ?? Date.now());
      const result = await this.agent.run(text, (event) => {
        this.traces.handle(trace, event);
        if (event.type === 'edit-accepted') files.add(event.path);
        this.record(event);
        this.logEvent(event);
        presenter.handle(event);
        progress?.changed(event.type === 'edit-accepted');
      });
      ran = result;
      presenter.finish(result);
      if (result.checkpoint) this.checkpoints?.add(result.checkpoint);
      this.lastRun.usage = result.usage;
      run.shownEnded = true;
      this.log.info(`Run ended: ${result.stopReason} after ${result.turns} turns, ${result.toolCalls.length} tool calls, ${result.durationMs} ms; edited ${result.filesEdited.join(', ') || 'nothing'}, created ${result.filesCreated.join(', ') || 'nothing'}`);
    } catch (error) {
      const message = errorMessage(error);
      if (!(error instanceof NotReadyError)) this.log.error(`Run failed: ${message}`);
      if (error instanceof RunStoppedError) presenter.stopped();
      else presenter.fail(message);
      run.shownEnded = true;
    } finally {
      progress?.end();
      this.history.recordTask(taskRecord(ran?.task ?? -1), ran?.usage);
      // the snapshot is taken now (the panel already shows the run idle); the trace is tagged with the id
      // the conversation was saved under in the end (another window's save may have moved it to a new one)
      const saved = this.save(conversation);
      await this.traces.finish(trace, await saved);
    }
  }

  /**
   * Saves the conversation `conversation` as the chat shows it, `modelSide` as the model's (by default
   * the agent's as it is); resolves with the id it is saved under.
   */
  private async save(conversation: string, modelSide?: AgentConversation): Promise<string> {
    try {
      const notices = await this.history.save({ id: conversation, transcript: this.transcript.all(), conversation: modelSide ?? this.agent.exportConversation(), ...this.host.connection(), plan: this.lastRun.plan ?? null, known: this.knownSecrets() });
      this.saveFailureShown = false;
      for (const notice of notices) this.transcript.add('notice', notice, { level: 'warning' });
    } catch (error) {
      const message = `The conversation was not saved to the history: ${errorMessage(error)}`;
      this.log.warn(message);
      // a run saves as it starts and as it ends: a failure is shown once until a save works again (its
      // text may differ each time: the atomic writer's temp file has a random name)
      if (!this.saveFailureShown) this.transcript.add('notice', message, { level: 'warning' });
      this.saveFailureShown = true;
    }
    return this.history.savedAs(conversation);
  }

  /**
   * What this conversation found secret so far (the chat's cards, the runs' traces): the history file
   * hides them though compaction may have evicted the read that showed them from the model's side.
   */
  private knownSecrets(): ReadonlySet<string> {
    return new Set([...this.transcript.knownSecrets, ...this.traces.knownSecrets()]);
  }

  /**
   * The window closes or reloads: the run going on stops, and its conversation is saved with what it
   * did so far (the model's side too, for "go on" after the reload). Waits at most `ms`: VS Code gives
   * deactivation a few seconds.
   */
  async close(ms: number): Promise<void> {
    this.stop();
    await settledWithin(this.queue.then(() => this.history.saved()), ms);
  }

  /** Stops the run going on, or the one asked for that has not reached the agent yet, and what slash commands wait for. */
  stop(): void {
    this.stopRun(this.active);
    for (const wait of this.waits) wait.abort(new Error('stopped'));
  }

  /**
   * A slash command's wait (`/index`, `/memory` on an index that may not answer): the panel shows Stop
   * while it lasts, as during a run, and Stop (or Escape) ends it through `signal`.
   */
  async stoppable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const wait = new AbortController();
    this.waits.add(wait);
    const shown = !this.runShown(); // a run going on shows Stop already, and says when it ends
    if (shown) this.view.post({ type: 'runState', run: 'running' });
    try {
      return await work(wait.signal);
    } finally {
      this.waits.delete(wait);
      if (shown && !this.runShown() && this.waits.size === 0) this.view.post({ type: 'runState', run: 'idle' });
    }
  }

  /** A run the panel shows as going on. */
  private runShown(): boolean {
    return !!this.active && !this.active.shownEnded;
  }

  private stopRun(run: ActiveRun | undefined): void {
    if (run) run.stopped = true;
    this.agent.stop();
  }

  /** The agent and the chat start a conversation with nothing in it. */
  private startAfresh(): void {
    this.agent.reset();
    this.showFresh([], null);
  }

  /** The chat shows `entries` of another conversation: nothing of the one before carries over. */
  private showFresh(entries: ChatEntry[], plan: PlanView | null): void {
    this.traces.clear();
    this.transcript.show(entries);
    // The old conversation's plan and context are not the new one's (nor for /plan, /budget, /tokens).
    delete this.lastRun.budget;
    delete this.lastRun.usage;
    if (plan) this.lastRun.plan = plan; else delete this.lastRun.plan;
    this.view.post({ type: 'plan', plan });
    this.view.post({ type: 'budget', budget: null });
    this.view.post({ type: 'runState', run: 'idle' });
  }

  private record(event: AgentEvent): void {
    if (event.type === 'budget-updated') this.lastRun.budget = event.report;
    else if (event.type === 'plan-updated') this.lastRun.plan = event.plan;
  }

  private logEvent(event: AgentEvent): void {
    if (event.type === 'warning') this.log.warn(`${event.source}: ${event.message}`);
    if (event.type === 'tool-end') this.log.info(`tool ${event.name} ${event.ok ? 'ok' : 'failed'}: ${event.summary.split('\n')[0]}`);
  }
}
