// Between the chat and the agent: a message the user sends becomes a run, and what the run does
// becomes entries in the host-owned transcript (and, through the panel, what the user sees). Each run
// is saved with the conversation (ConversationHistory); Retry, Edit and resend, and Continue ask again
// from a point of the conversation, and a saved conversation can be opened in its place.
import type { ChatTranscript } from '../chatTranscript';
import type { AgentEvent, AgentRunResult } from '../../core/agent';
import type { ChatEntry, PlanView } from '../../shared/chatProtocol';
import { Entry } from '../../shared/chatProtocol';
import type { ConversationHistory } from './conversationHistory';
import { AgentSession, NotReadyError } from './agentSession';
import type { RunLog } from './redactedLog';
import { RunPresenter, type ChatView } from './runPresenter';
import type { ConversationTraces } from './traces';
import { errorMessage } from '../../core/errorMessage';

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
}

/** What the model is asked after a reply cut at the length limit (the chat shows "Continue"). */
export const CONTINUE_TASK = 'Your last reply was cut off at the length limit. Continue it from exactly where it stopped, without repeating what you already wrote.';
const BUSY = 'SmallCode is still working on the previous message. Press Stop to end it first.';

/** A run and the conversation it belongs to; `shownEnded` once the panel shows it ended (its trace may still be writing). */
interface ActiveRun { conversation: number; done: Promise<void>; shownEnded: boolean }

export class ChatController {
  readonly lastRun: LastRun = {};

  /** Bumped by New chat, so a run that was still ending cannot write into the new conversation. */
  private conversation = 0;
  /** The run in progress and the conversation it belongs to. */
  private active: ActiveRun | undefined;

  constructor(
    private readonly transcript: ChatTranscript,
    private readonly agent: AgentSession,
    private readonly log: RunLog,
    /** The panel, for what is live only (streaming text, run state, plan, budget). */
    private readonly view: ChatView,
    /** Each run's trace: recorded from its events, written when it ends. */
    readonly traces: ConversationTraces,
    private readonly host: ChatControllerHost,
  ) {}

  get running(): boolean {
    return this.agent.running;
  }

  /** `context`: what @ mentions attached (file contents, the selection, problems), sent with the task. */
  async submit(text: string, context = ''): Promise<void> {
    if (this.busy()) return;
    const entry = this.transcript.add('user', text);
    await this.start(entry.id, context ? `${text}\n\n${context}` : text);
  }

  /** Retry on a reply or an error notice: the task that led to it is asked again from the same point. */
  async retry(id: string): Promise<void> {
    if (this.busy()) return;
    await this.idle();
    const entries = this.transcript.all();
    const user = entries.slice(0, entries.findIndex((e) => e.id === id) + 1).reverse().find((e) => e.role === 'user');
    const task = user && this.history.tasksFrom(user.id)[0];
    if (!user || !task) return this.cannot('Retry');
    await this.askAgain(user, user.text, task.task);
  }

  /** Edit and resend: the conversation after the user's message `id` is dropped, and the edited text is asked. */
  async edit(id: string, text: string): Promise<void> {
    if (this.busy() || !text.trim()) return;
    await this.idle();
    const user = this.transcript.all().find((e) => e.id === id && e.role === 'user');
    const later = user ? this.history.tasksFrom(user.id) : [];
    const task = later[0];
    if (!user || !task) return this.cannot('Edit and resend');
    const files = [...new Set(later.flatMap((t) => t.files))].sort();
    if (files.length) {
      const named = files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
      const ok = await this.host.confirm(`Since this message, SmallCode changed ${named}. Those changes stay in your files, but the conversation after this message is dropped. Edit and resend?`, 'Edit and resend');
      if (!ok || this.busy()) return;
    }
    // what @ mentions attached to the message goes with the edited text too
    const attached = task.task.startsWith(user.text) ? task.task.slice(user.text.length) : '';
    await this.askAgain(user, text.trim(), `${text.trim()}${attached}`);
  }

  /** Continue after a reply cut at the length limit: the model is asked for the rest. */
  async continueReply(): Promise<void> {
    if (this.busy()) return;
    await this.idle();
    const entry = this.transcript.add('user', 'Continue');
    await this.start(entry.id, CONTINUE_TASK);
  }

  /** Shows the saved conversation `id` in the chat, and the agent continues it from the next task on. */
  async open(id: string): Promise<void> {
    if (id === this.history.currentId && !this.running) return;
    // a run of the conversation on screen stops first: the agent takes the other one when it has ended
    const ending = this.active?.done;
    this.conversation++;
    this.agent.stop();
    await ending;
    const saved = await this.history.open(id);
    if (!saved) {
      this.transcript.add('notice', 'That conversation is no longer in the history.', { level: 'warning' });
      return;
    }
    this.agent.restore(saved.conversation);
    this.showFresh(saved.transcript.filter((e): e is ChatEntry => Entry.is({ type: 'entry', entry: e })), (saved.extra as { plan?: PlanView | null }).plan ?? null);
  }

  /** The conversation shown was deleted from the history: the chat starts afresh. */
  forgetCurrent(): void {
    this.conversation++;
    this.agent.reset();
    this.showFresh([], null);
  }

  /**
   * Waits for a run New chat left behind to end (the agent takes another conversation only when idle),
   * then reads back the saved conversation the chat shows, if that is still to do.
   */
  private async idle(): Promise<void> {
    await this.active?.done;
    await this.resume();
  }

  private busy(): boolean {
    // a run the panel already shows ended is not in the way: the next one starts when it is done
    if (this.active?.conversation !== this.conversation || this.active.shownEnded) return false;
    this.transcript.add('notice', BUSY);
    return true;
  }

  private get history(): ConversationHistory {
    return this.host.history;
  }

  private cannot(action: string): void {
    this.transcript.add('notice', `${action} is not possible here: SmallCode no longer has the conversation from that point. Type the message again instead.`, { level: 'warning' });
  }

  /** The agent and the chat go back to just before `task`, then `text` is asked in its place. */
  private async askAgain(user: ChatEntry, text: string, sent: string): Promise<void> {
    // the first of these tasks the agent's conversation holds (one whose run failed added nothing)
    const at = this.history.tasksFrom(user.id).find((t) => t.index >= 0)?.index;
    if (at !== undefined) this.agent.rewind(at);
    this.history.dropFrom(user.id);
    const entries = this.transcript.all();
    this.transcript.replace([...entries.slice(0, entries.findIndex((e) => e.id === user.id)), { ...user, text }]);
    await this.start(user.id, sent);
  }

  /** The saved conversation this chat shows, read back for the agent before its first task after a reload. */
  private async resume(): Promise<void> {
    const { conversation, warning } = await this.history.resume();
    if (conversation) this.agent.restore(conversation);
    if (warning) this.transcript.add('notice', warning, { level: 'warning' });
  }

  private async start(entry: string, task: string): Promise<void> {
    // A run left behind by New chat is already stopping: this one starts when it has ended.
    const previous = this.active?.done;
    const conversation = this.conversation;
    const run: ActiveRun = { conversation, done: Promise.resolve(), shownEnded: false };
    run.done = (async () => { await previous; await this.runTask(entry, task, run); })();
    this.active = run;
    await run.done;
    if (this.active === run) this.active = undefined;
  }

  private async runTask(entry: string, text: string, run: ActiveRun): Promise<void> {
    const current = () => run.conversation === this.conversation;
    await this.resume();
    let ran: AgentRunResult | undefined;
    // A run abandoned by New chat keeps running to its end but shows nothing in the new conversation
    // (its trace is still written: it did touch the workspace).
    const presenter = new RunPresenter(this.transcript, { post: (message) => { if (current()) this.view.post(message); } });
    const trace = this.traces.start(text);
    try {
      const result = await this.agent.run(text, (event) => {
        this.traces.handle(trace, event);
        if (!current()) return;
        this.record(event);
        this.logEvent(event);
        presenter.handle(event);
      });
      ran = result;
      if (current()) {
        presenter.finish(result);
        this.lastRun.usage = result.usage;
      }
      run.shownEnded = true;
      this.log.info(`Run ended: ${result.stopReason} after ${result.turns} turns, ${result.toolCalls.length} tool calls, ${result.durationMs} ms; edited ${result.filesEdited.join(', ') || 'nothing'}, created ${result.filesCreated.join(', ') || 'nothing'}`);
    } catch (error) {
      const message = errorMessage(error);
      if (!(error instanceof NotReadyError)) this.log.error(`Run failed: ${message}`);
      if (current()) presenter.fail(message);
      run.shownEnded = true;
    } finally {
      await this.traces.finish(trace);
      if (current()) {
        this.history.recordTask({ entry, task: text, index: ran?.task ?? -1, files: ran ? [...ran.filesCreated, ...ran.filesEdited] : [] }, ran?.usage);
        // the snapshot is taken now; the write is not part of the run (the panel already shows it idle)
        void this.save();
      }
    }
  }

  private async save(): Promise<void> {
    try {
      await this.history.save({ transcript: this.transcript.all(), conversation: this.agent.exportConversation(), ...this.host.connection(), plan: this.lastRun.plan ?? null });
    } catch (error) {
      this.log.warn(`The conversation was not saved to the history: ${errorMessage(error)}`);
    }
  }

  stop(): void {
    this.agent.stop();
  }

  /** A new conversation; the one before stays in the history. */
  newChat(): void {
    this.forgetCurrent();
    this.history.startNew();
  }

  /** The chat shows `entries` of another conversation: nothing of the one before carries over. */
  private showFresh(entries: ChatEntry[], plan: PlanView | null): void {
    this.traces.clear();
    this.transcript.replace(entries);
    // The old conversation's plan and context are not the new one's (nor for /plan, /budget, /tokens).
    delete this.lastRun.budget;
    delete this.lastRun.usage;
    if (plan) this.lastRun.plan = plan; else delete this.lastRun.plan;
    this.view.post({ type: 'plan', plan });
    this.view.post({ type: 'budget', budget: null });
    // A run of the old conversation is stopping and shows nothing here: the new one starts idle.
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
