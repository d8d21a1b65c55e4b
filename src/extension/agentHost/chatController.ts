// Between the chat and the agent: a message the user sends becomes a run, and what the run does
// becomes entries in the host-owned transcript (and, through the panel, what the user sees).
import type { ChatTranscript } from '../chatTranscript';
import type { AgentEvent, AgentRunResult } from '../../core/agent';
import { AgentSession, NotReadyError } from './agentSession';
import type { RunLog } from './redactedLog';
import { RunPresenter, type ChatView } from './runPresenter';
import type { ConversationTraces } from './traces';
import type { RunCheckpoints } from './runCheckpoints';
import { errorMessage } from '../../core/errorMessage';

/** What the last run left behind, for /plan, /budget and /tokens (its turns are in `traces`, for /trace). */
export interface LastRun {
  plan?: Extract<AgentEvent, { type: 'plan-updated' }>['plan'];
  budget?: Extract<AgentEvent, { type: 'budget-updated' }>['report'];
  usage?: AgentRunResult['usage'];
}

export class ChatController {
  readonly lastRun: LastRun = {};

  /** Bumped by New chat, so a run that was still ending cannot write into the new conversation. */
  private conversation = 0;
  /** The run in progress and the conversation it belongs to. */
  private active: { conversation: number; done: Promise<void> } | undefined;

  constructor(
    private readonly transcript: ChatTranscript,
    private readonly agent: AgentSession,
    private readonly log: RunLog,
    /** The panel, for what is live only (streaming text, run state, plan, budget). */
    private readonly view: ChatView,
    /** Each run's trace: recorded from its events, written when it ends. */
    readonly traces: ConversationTraces,
    /** Each run that changed files leaves its checkpoint here, and its "Undo this run" card. */
    private readonly checkpoints?: RunCheckpoints,
  ) {}

  get running(): boolean {
    return this.agent.running;
  }

  /** `context`: what @ mentions attached (file contents, the selection, problems), sent with the task. */
  async submit(text: string, context = ''): Promise<void> {
    if (this.active?.conversation === this.conversation) {
      this.transcript.add('notice', 'SmallCode is still working on the previous message. Press Stop to end it first.');
      return;
    }
    this.transcript.add('user', text);
    // A run left behind by New chat is already stopping: this one starts when it has ended.
    const previous = this.active?.done;
    const conversation = this.conversation;
    const task = context ? `${text}\n\n${context}` : text;
    const done = (async () => { await previous; await this.runTask(task, conversation); })();
    this.active = { conversation, done };
    await done;
    if (this.active?.done === done) this.active = undefined;
  }

  private async runTask(text: string, conversation: number): Promise<void> {
    const current = () => conversation === this.conversation;
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
      if (current()) {
        presenter.finish(result);
        if (result.checkpoint) this.checkpoints?.add(result.checkpoint);
        this.lastRun.usage = result.usage;
      }
      this.log.info(`Run ended: ${result.stopReason} after ${result.turns} turns, ${result.toolCalls.length} tool calls, ${result.durationMs} ms; edited ${result.filesEdited.join(', ') || 'nothing'}, created ${result.filesCreated.join(', ') || 'nothing'}`);
    } catch (error) {
      const message = errorMessage(error);
      if (!(error instanceof NotReadyError)) this.log.error(`Run failed: ${message}`);
      if (current()) presenter.fail(message);
    } finally {
      await this.traces.finish(trace);
    }
  }

  stop(): void {
    this.agent.stop();
  }

  newChat(): void {
    this.conversation++;
    this.agent.reset();
    this.traces.clear();
    this.transcript.clear();
    // The old conversation's plan and context are not the new one's (nor for /plan, /budget, /tokens).
    delete this.lastRun.plan;
    delete this.lastRun.budget;
    delete this.lastRun.usage;
    this.view.post({ type: 'plan', plan: null });
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
