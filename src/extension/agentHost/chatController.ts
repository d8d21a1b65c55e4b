// Between the chat and the agent: a message the user sends becomes a run, and what the run does
// becomes entries in the host-owned transcript (and, through the panel, what the user sees).
import type { ChatSession } from '../chatSession';
import type { AgentEvent, AgentRunResult } from '../../core/agent';
import { AgentSession, NotReadyError } from './agentSession';
import type { RunLog } from './redactedLog';
import { RunPresenter, type ChatView } from './runPresenter';

/** What the last run left behind, for /plan, /budget, /tokens and /trace. */
export interface LastRun {
  plan?: Extract<AgentEvent, { type: 'plan-updated' }>['plan'];
  budget?: Extract<AgentEvent, { type: 'budget-updated' }>['report'];
  usage?: AgentRunResult['usage'];
  turns: { turn: number; promptTokens: number; calls: string[]; startedAt: number; durationMs?: number }[];
}

export class ChatController {
  readonly lastRun: LastRun = { turns: [] };

  /** Bumped by New chat, so a run that was still ending cannot write into the new conversation. */
  private conversation = 0;
  /** The run in progress and the conversation it belongs to. */
  private active: { conversation: number; done: Promise<void> } | undefined;

  constructor(
    private readonly session: ChatSession,
    private readonly agent: AgentSession,
    private readonly log: RunLog,
    /** The panel, for what is live only (streaming text, run state, plan, budget). */
    private readonly view: ChatView,
  ) {}

  get running(): boolean {
    return this.agent.running;
  }

  /** `context`: what @ mentions attached (file contents, the selection, problems), sent with the task. */
  async submit(text: string, context = ''): Promise<void> {
    if (this.active?.conversation === this.conversation) {
      this.session.add('notice', 'SmallCode is still working on the previous message. Press Stop to end it first.');
      return;
    }
    this.session.add('user', text);
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
    this.lastRun.turns = [];
    // A run abandoned by New chat keeps running to its end but shows nothing in the new conversation.
    const presenter = new RunPresenter(this.session, { post: (message) => { if (current()) this.view.post(message); } });
    try {
      const result = await this.agent.run(text, (event) => {
        if (!current()) return;
        this.record(event);
        this.logEvent(event);
        presenter.handle(event);
      });
      if (current()) {
        presenter.finish(result);
        this.lastRun.usage = result.usage;
        const last = this.lastRun.turns.at(-1);
        if (last && last.durationMs === undefined) last.durationMs = Date.now() - last.startedAt;
      }
      this.log.info(`Run ended: ${result.stopReason} after ${result.turns} turns, ${result.toolCalls.length} tool calls, ${result.durationMs} ms; edited ${result.filesEdited.join(', ') || 'nothing'}, created ${result.filesCreated.join(', ') || 'nothing'}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof NotReadyError)) this.log.error(`Run failed: ${message}`);
      if (current()) presenter.fail(message);
    }
  }

  stop(): void {
    this.agent.stop();
  }

  newChat(): void {
    this.conversation++;
    this.agent.reset();
    this.session.clear();
  }

  private record(event: AgentEvent): void {
    const turns = this.lastRun.turns;
    if (event.type === 'turn-start') {
      const previous = turns.at(-1);
      if (previous && previous.durationMs === undefined) previous.durationMs = Date.now() - previous.startedAt;
      turns.push({ turn: event.turn, promptTokens: 0, calls: [], startedAt: Date.now() });
    } else if (event.type === 'budget-updated') {
      this.lastRun.budget = event.report;
      const current = turns.at(-1);
      if (current) current.promptTokens = event.report.used;
    } else if (event.type === 'plan-updated') this.lastRun.plan = event.plan;
    else if (event.type === 'tool-end') turns.at(-1)?.calls.push(`${event.name}${event.ok ? '' : ' (failed)'}`);
  }

  private logEvent(event: AgentEvent): void {
    if (event.type === 'warning') this.log.warn(`${event.source}: ${event.message}`);
    if (event.type === 'tool-end') this.log.info(`tool ${event.name} ${event.ok ? 'ok' : 'failed'}: ${event.summary.split('\n')[0]}`);
  }
}
