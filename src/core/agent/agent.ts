// The agent loop: request → parse → validate → execute through the ports → feed results back,
// within the context budget, watched by the governor, until the model answers without a call.
import { buildRequest, counterForModel, learnFromUsage, summarizeMessages, type TokenCounter } from '../budget';
import { checkTurn, stopReason, type TurnRecord } from '../governor';
import { isLlmError, matchProfile, type ChatMessage, type MatchedProfile, type Sampling, type ToolSchema } from '../llm';
import { planSnapshot, renderPlanForPrompt } from '../plan';
import type { Approval, Clock, EditReview, Store, Workspace } from '../ports';
import { openAITools, TOOLS, validateToolCall, type ToolDefinition } from '../tools';
import { boundedArguments, boundedText, MAX_ARGUMENT_CHARS } from '../tools/argumentSize';
import { ToolExecutor, type ExecutorLimits } from '../tools/executor';
import { AgentEmitter, type AgentRunResult, type StopReason } from './events';
import { interventionText } from './interventions';
import { assistantMessage, forTextProtocol, newCallId, noteMessage, toolMessage, type CallWithId } from './messages';
import { requestReply, type ChatLike, type ModelReply } from './modelReply';
import { repeatsPreviousReply, REPEATED_REPLY } from './repeatedReply';
import { RunState } from './runState';
import { systemPrompt } from './systemPrompt';
import { verifyEdits } from './verify';
import { InMemoryStore, WorkingMemory } from '../memory';

export interface AgentOptions {
  client: ChatLike;
  workspace: Workspace;
  editReview: EditReview;
  approval: Approval;
  store?: Store;
  clock?: Clock;
  /** The context window the model is loaded with (tokens). */
  window: number;
  /** Reserved for each reply (default 2048, at most a quarter of the window). */
  replyTokens?: number;
  /** 'ask' (default): every edit waits for EditReview; 'auto': edits are applied as proposed. */
  editApproval?: 'ask' | 'auto';
  /** Default: native `tools` when the model's profile says they work, the text protocol otherwise. */
  toolMode?: 'native' | 'text';
  profile?: MatchedProfile;
  counter?: TokenCounter;
  /** Run after edits; its errors go back to the model (e.g. `npx tsc --noEmit`). */
  checkCommand?: string;
  checkTimeoutMs?: number;
  /** Model requests per run before giving up (default 40). */
  maxTurns?: number;
  limits?: Partial<ExecutorLimits>;
  sampling?: Sampling;
}

export interface AgentRunOptions {
  signal?: AbortSignal;
}

/** More calls than this in one reply are dropped: a small model listing ten calls has lost the thread. */
const MAX_CALLS_PER_TURN = 6;
/** Shrinking the window after the server said the prompt did not fit, at most this often per run. */
const MAX_WINDOW_SHRINKS = 2;
const SUMMARY_CHARS = 2000;

const UNREADABLE_CALL = 'Your tool call could not be read. Write it again, exactly like:\n<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts"}}</tool_call>';
const CUT_CALL = 'Your reply was cut off at the length limit in the middle of a tool call. Make smaller calls: change a file with several short patches, create a long file in parts.';
const NOT_RUN_CUT = 'Not run: your reply was cut off at the length limit, so this call may be incomplete.';

/**
 * A reply cut at the length limit may end in a call that reads as whole but is not (a file's last lines,
 * a command's tail): calls that change files or run commands wait for a reply that ended on its own.
 */
function heldWhenCut(reply: ModelReply, tool: ToolDefinition): boolean {
  return reply.finishReason === 'length' && (tool.category === 'write' || tool.category === 'run');
}

export class Agent extends AgentEmitter {
  private readonly profile: MatchedProfile;
  private readonly counter: TokenCounter;
  private readonly counterReady: Promise<void>;
  private readonly memory: WorkingMemory;
  private readonly clock: Clock;
  private mode: 'native' | 'text';
  private window: number;
  /** Earlier tasks of this conversation and their messages (the budget drops the oldest first). */
  private history: ChatMessage[] = [];
  /** The model's own summary of history the budget had to drop, sent in its place. */
  private summary = '';
  private running = false;

  constructor(private readonly options: AgentOptions) {
    super();
    this.profile = options.profile ?? matchProfile(options.client.model);
    if (options.counter) {
      this.counter = options.counter;
      this.counterReady = Promise.resolve();
    } else {
      const c = counterForModel(this.profile);
      this.counter = c.counter;
      this.counterReady = c.ready;
    }
    this.mode = options.toolMode ?? (this.profile.nativeTools ? 'native' : 'text');
    this.window = options.window;
    this.memory = new WorkingMemory(options.store ?? new InMemoryStore());
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  get toolMode(): 'native' | 'text' { return this.mode; }

  /** Forget earlier tasks (a new chat). */
  reset(): void { this.history = []; this.summary = ''; }

  async run(task: string, { signal }: AgentRunOptions = {}): Promise<AgentRunResult> {
    if (this.running) throw new Error('The agent is already running a task.');
    this.running = true;
    const state = new RunState(task, undefined, this.clock.now());
    state.onChange = (plan) => this.emit('plan-updated', { plan: planSnapshot(plan) });
    try {
      const result = await this.loop(state, signal);
      this.history.push({ role: 'user', content: task }, ...state.turn);
      this.emit('done', { result });
      return result;
    } finally {
      this.running = false;
    }
  }

  private finish(state: RunState, reason: StopReason, response: string, error?: string): AgentRunResult {
    if (error !== undefined && reason !== 'cancelled') this.emit('error', { message: error, kind: reason });
    return state.result(reason, response, this.clock.now(), error);
  }

  private executor(state: RunState): ToolExecutor {
    return new ToolExecutor({
      workspace: this.options.workspace,
      review: this.options.editReview,
      approval: this.options.approval,
      editApproval: this.options.editApproval ?? 'ask',
      plan: state,
      memory: this.memory,
      limits: this.options.limits ?? {},
      hooks: {
        editProposed: (e) => this.emit('edit-proposed', e),
        editAccepted: (e) => this.emit('edit-accepted', e),
        editRejected: (e) => this.emit('edit-rejected', e),
      },
    });
  }

  private async loop(state: RunState, signal?: AbortSignal): Promise<AgentRunResult> {
    await this.counterReady;
    const executor = this.executor(state);
    const maxTurns = this.options.maxTurns ?? 40;
    let shrinks = 0;
    while (state.turns < maxTurns) {
      if (signal?.aborted) return this.finish(state, 'cancelled', 'Cancelled.', 'Cancelled.');
      let reply: ModelReply;
      try {
        reply = await this.ask(state, signal);
      } catch (error) {
        if (signal?.aborted || isLlmError(error, 'aborted')) return this.finish(state, 'cancelled', 'Cancelled.', 'Cancelled.');
        if (isLlmError(error, 'tools-unsupported') && this.mode === 'native') {
          this.mode = 'text';
          this.emit('warning', { message: error.message, source: 'tools' });
          continue;
        }
        if (isLlmError(error, 'context-exceeded') && shrinks++ < MAX_WINDOW_SHRINKS) {
          this.window = Math.floor(this.window * 0.85);
          this.emit('warning', { message: `The server refused a prompt as too long; budgeting for ${this.window} tokens from now on.`, source: 'budget' });
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        return this.finish(state, 'error', message, message);
      }
      const outcome = await this.act(state, reply, executor, signal);
      if (outcome) return outcome;
    }
    return this.finish(state, 'max-turns', `Stopped after ${maxTurns} model requests without finishing.`, `Stopped after ${maxTurns} model requests without finishing.`);
  }

  /**
   * History no longer fits: the model summarises what is dropped, so the gist (requests, files, decisions)
   * stays in context for the next request. A failed summary keeps the previous one; the turn goes on.
   */
  private async summarizeDropped(count: number, signal?: AbortSignal): Promise<void> {
    const dropped = this.history.slice(0, count);
    this.history = this.history.slice(count);
    const client = this.options.client;
    try {
      this.summary = await summarizeMessages({ complete: (request) => client.stream(request) }, dropped, {
        counter: this.counter, window: this.window, ...(this.summary ? { previousSummary: this.summary } : {}), ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      this.emit('warning', { message: `Could not summarise earlier messages (${error instanceof Error ? error.message : String(error)}); they were dropped.`, source: 'budget' });
    }
  }

  /** One model request within the budget. */
  private async ask(state: RunState, signal?: AbortSignal): Promise<ModelReply> {
    state.turns++;
    this.emit('turn-start', { turn: state.turns });
    const tools = this.mode === 'native' ? (openAITools(TOOLS) as ToolSchema[]) : undefined;
    const replyTokens = Math.min(this.options.replyTokens ?? 2048, Math.floor(this.window / 4));
    const build = async () => buildRequest(
      {
        system: systemPrompt(this.mode, TOOLS),
        memory: (await this.memory.notes()).map((n) => `- ${n.key}: ${n.value}`).join('\n'),
        plan: renderPlanForPrompt(state.plan),
        ...(tools ? { tools } : {}),
        history: this.history,
        ...(this.summary ? { summary: this.summary } : {}),
        task: state.task,
        turn: state.turn,
      },
      { window: this.window, replyTokens, counter: this.counter },
    );
    let built = await build();
    if (built.droppedHistory > 0) {
      await this.summarizeDropped(built.droppedHistory, signal);
      built = await build(); // now with the summary in place of what was dropped
    }
    this.emit('budget-updated', { report: built.report });
    const messages = this.mode === 'text' ? forTextProtocol(built.messages) : built.messages;
    const turn = state.turns;
    this.emit('request', { turn, messages, ...(tools ? { tools: tools.length } : {}), maxTokens: built.maxTokens, promptTokens: built.promptTokens, mode: this.mode });
    const sentAt = this.clock.now();
    const reply = await requestReply(
      this.options.client,
      {
        messages,
        ...(tools ? { tools } : {}),
        maxTokens: built.maxTokens,
        sampling: this.options.sampling ?? this.profile.sampling,
        ...(this.profile.stop.length ? { stop: this.profile.stop } : {}),
        signal,
      },
      {
        onText: (delta) => this.emit('text', { delta }),
        onReasoning: (delta) => this.emit('reasoning', { delta }),
        onRetry: (attempt, message) => this.emit('retry', { attempt, message }),
      },
    );
    this.emit('reply', {
      turn, text: reply.text, ...(reply.reasoning ? { reasoning: reply.reasoning } : {}), finishReason: reply.finishReason,
      ...(reply.usage ? { usage: reply.usage } : {}), durationMs: Math.max(0, this.clock.now() - sentAt),
      calls: reply.calls.map((c) => ({ name: c.name, args: c.arguments })), repairs: reply.repairs.map((r) => r.detail),
    });
    learnFromUsage(this.counter, built, reply.usage?.promptTokens);
    state.usage.requests++;
    state.usage.promptTokens += reply.usage?.promptTokens ?? 0;
    state.usage.completionTokens += reply.usage?.completionTokens ?? 0;
    return reply;
  }

  /** Runs the reply's calls and decides what comes next; a result ends the run. */
  private async act(state: RunState, reply: ModelReply, executor: ToolExecutor, signal?: AbortSignal): Promise<AgentRunResult | undefined> {
    const calls: CallWithId[] = reply.calls.slice(0, MAX_CALLS_PER_TURN).map((c) => ({ id: newCallId(), name: c.name, arguments: c.arguments }));
    // the conversation keeps a runaway reply cut to size: it is sent, and counted, with every request after
    const max = this.options.limits?.argumentChars ?? MAX_ARGUMENT_CHARS;
    state.turn.push(assistantMessage(boundedText(reply.content, max), calls.map((c) => ({ ...c, arguments: boundedArguments(c.arguments, max) }))));
    if (reply.calls.length > calls.length) this.emit('warning', { message: `The model made ${reply.calls.length} calls at once; only the first ${MAX_CALLS_PER_TURN} ran.`, source: 'calls' });
    const record: TurnRecord = { text: reply.text, ...(reply.reasoning ? { reasoning: reply.reasoning } : {}), calls: [] };
    const edited: string[] = [];
    let held = 0;
    for (const call of calls) {
      this.emit('tool-start', { id: call.id, name: call.name, args: call.arguments, repairs: reply.callRepairs });
      const valid = validateToolCall(call);
      const hold = valid.ok && heldWhenCut(reply, valid.tool);
      if (hold) held++;
      const outcome = !valid.ok ? { ok: false, content: valid.error } : hold ? { ok: false, content: NOT_RUN_CUT } : await executor.execute(valid.tool.name, valid.arguments, signal);
      if ('cancelled' in outcome && outcome.cancelled) {
        // Every call keeps a result, so the conversation stays valid for the next task.
        for (const rest of calls.slice(calls.indexOf(call))) state.turn.push(toolMessage(rest, 'Cancelled.'));
        return this.finish(state, 'cancelled', 'Cancelled.', 'Cancelled.');
      }
      if ('wrote' in outcome && outcome.wrote) {
        state.wrote(outcome.wrote.path, outcome.wrote.created);
        edited.push(outcome.wrote.path);
      }
      const args = valid.ok ? valid.arguments : call.arguments;
      record.calls.push({ name: call.name, args, ok: outcome.ok });
      state.turn.push(toolMessage(call, outcome.content));
      const summary = outcome.content.length > SUMMARY_CHARS ? `${outcome.content.slice(0, SUMMARY_CHARS)}…` : outcome.content;
      state.toolCalls.push({ id: call.id, name: call.name, args, ok: outcome.ok, summary });
      this.emit('tool-end', { id: call.id, name: call.name, ok: outcome.ok, summary });
    }
    if (edited.length) await this.verify(state, edited, signal);
    if (signal?.aborted) return this.finish(state, 'cancelled', 'Cancelled.', 'Cancelled.');
    state.records.push(record);
    if (calls.length === 0 && !reply.unreadableCall && reply.content) state.lastAnswer = reply.content;

    const found = checkTurn({ history: state.records, task: state.task });
    const stop = stopReason(found);
    if (stop) return this.finish(state, 'governor', stop.message, stop.message);
    const notes: string[] = [];
    if (found.length) {
      for (const i of found) this.emit('warning', { message: i.message, source: i.detector });
      notes.push(await interventionText(found, this.options.workspace));
    }
    const again = reply.unreadableCall || held > 0;
    if (again) notes.push(reply.finishReason === 'length' ? CUT_CALL : UNREADABLE_CALL);
    if (calls.length === 0 && found.length === 0 && !again) {
      if (!state.remindedPlan && state.plan.steps.some((s) => s.state !== 'done')) {
        state.remindedPlan = true;
        notes.push(`Your plan still has steps not done:\n${renderPlanForPrompt(state.plan)}\nContinue with the next one, or say why you stop.`);
      } else return this.finish(state, 'done', reply.content);
    }
    // About to ask again: not when the model just repeated itself without a call.
    if (repeatsPreviousReply(state.records)) return this.finish(state, 'governor', REPEATED_REPLY, REPEATED_REPLY);
    if (notes.length) state.turn.push(noteMessage(notes.join('\n\n')));
    return undefined;
  }

  /** Checks after this turn's edits; the compact result rides on the last tool result. */
  private async verify(state: RunState, paths: string[], signal?: AbortSignal): Promise<void> {
    const summary = await verifyEdits(this.options.workspace, paths, {
      ...(this.options.checkCommand ? { checkCommand: this.options.checkCommand } : {}),
      ...(this.options.checkTimeoutMs ? { checkTimeoutMs: this.options.checkTimeoutMs } : {}),
      signal,
    });
    state.verification = summary.passed ? { passed: true } : { passed: false, reason: `${summary.errors} error${summary.errors === 1 ? '' : 's'} after the last edit` };
    this.emit('verification', summary);
    if (!summary.text) return;
    const last = state.turn[state.turn.length - 1];
    if (last?.role === 'tool') state.turn[state.turn.length - 1] = { ...last, content: `${last.content}\n\n${summary.text}${summary.passed ? '' : '\nFix these errors next.'}` };
  }
}
