// The agent loop: request → parse → validate → execute through the ports → feed results back,
// within the context budget, watched by the governor, until the model answers without a call.
import { buildRequest, contextMessages, counterForModel, fitSummary, learnFromUsage, MESSAGE_FRAME_TOKENS, messageTokens, summarizeMessages, summaryMessages, writtenAs, type BuiltRequest, type SentPrefix, type TokenCounter } from '../budget';
import { callKey, checkTurn, escalates, stopReason, type TurnRecord } from '../governor';
import { isLlmError, matchProfile, toolCallSchema, type ChatMessage, type MatchedProfile, type Sampling, type ToolSchema } from '../llm';
import { planSnapshot, renderPlanForPrompt } from '../plan';
import { readTextOrNull, type Approval, type Clock, type EditReview, type Store, type Workspace } from '../ports';
import { mcpLabel } from '../mcp/label';
import { keptOnEviction, mayChangeWorkspace, openAITools, parserTools, repeatChangesNothing, resolveCall, resultCut, routeTools, toolsFor, validateToolCall, type ToolDefinition, type ToolPlugin, type ToolProvider } from '../tools';
import { repoMapTokens, taskRepoMap, type CodeIntel } from '../codeIndex';
import { boundedArguments, boundedText, MAX_ARGUMENT_CHARS } from '../tools/argumentSize';
import { ToolExecutor, type ExecutorLimits } from '../tools/executor';
import { todo as todoTool } from '../tools/definitions';
import { AgentEmitter, type AgentRunResult, type StopReason } from './events';
import { interventionText } from './interventions';
import { assistantMessage, callIdsInUse, forTextProtocol, newCallId, noteMessage, toolMessage, type CallWithId } from './messages';
import { requestReply, type ChatLike, type ModelReply } from './modelReply';
import { repeatsPreviousReply, REPEATED_REPLY } from './repeatedReply';
import { callSlipNote } from './callSlipNote';
import { windowAfterRefusal } from './refusedPrompt';
import { loopNote, loopWarning, LOOP_STOP, NOT_RUN_LOOP } from './loopNotes';
import { RunState } from './runState';
import { splitSummary, summaryWithRequests } from './earlierRequests';
import { unbackedAnswer, unbackedReminder, unbackedReminderShown, type UnbackedAnswer } from './unbackedAnswer';
import { StateNotes } from './stateNotes';
import { REPO_MAP_HEADING, systemPrompt } from './systemPrompt';
import { baselinePaths, verifyEdits } from './verify';
import { markRemovedResults } from './removedResults';
import { InMemoryStore, WorkingMemory, type MemoryNote, type NoteBackend } from '../memory';
import { ActiveRules, pathsIn, type RulesSource } from '../rules';
import { errorMessage } from '../errorMessage';
import { escalationNote, outgoingContents, type EscalationOptions } from './escalation';
import { checkConversation, CONVERSATION_VERSION, STOPPED_TASK_NOTE, redactedRequest, rewoundConversation, writtenIn, type AgentConversation } from './conversation';

export interface AgentOptions {
  client: ChatLike;
  workspace: Workspace;
  editReview: EditReview;
  approval: Approval;
  /** Where project memory is kept: a Store document, or a note backend (the code index's database). */
  store?: Store | NoteBackend;
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
  /** Model requests per run before giving up (default 40). */
  maxTurns?: number;
  limits?: Partial<ExecutorLimits>;
  sampling?: Sampling;
  /** The code index: the task's repo map, find_symbol and explain_symbol (absent: neither is offered). */
  codeIntel?: CodeIntel;
  /** Files open in the editor (the repo map leans toward them). */
  openFiles?: () => string[];
  /** Project rules (AGENTS.md, .smallcode/rules, the user setting), read once per conversation like the pinned context. */
  rules?: RulesSource;
  /** Opt-in tools (web fetch, MCP servers), asked for their tools at each task. */
  toolProviders?: readonly ToolProvider[];
  /**
   * Context that leads the conversation, before the repo map (see conversationContext). Read once, at the
   * first request of a conversation (and after reset()), then sent byte for byte: changing it on every
   * request would make the server process the whole prompt again.
   */
  pinnedContext?: () => string | Promise<string>;
  /** Opt-in: offer to hand a step the governor gave up on to a stronger endpoint (confirmed each time). */
  escalation?: EscalationOptions;
  /** Values the conversation found secret (a .env file's values, see FileSecretLearner): memory notes are saved without them. */
  knownSecrets?: () => ReadonlySet<string>;
}

/** What `reconfigure` changes on a live agent (the rest stays as built; an absent escalation turns it off). */
export type LiveAgentOptions = Pick<AgentOptions, 'client' | 'editApproval' | 'replyTokens' | 'toolProviders' | 'escalation'>;

export interface AgentRunOptions {
  signal?: AbortSignal;
}

/** More calls than this in one reply are dropped: a small model listing ten calls has lost the thread. */
const MAX_CALLS_PER_TURN = 6;
/** Shrinking the window after the server said the prompt did not fit, at most this often per run. */
const MAX_WINDOW_SHRINKS = 2;
const SUMMARY_CHARS = 2000;
/** A restored repo map is kept up to this multiple of the map's share of the window (see mapForTask). */
const RESTORED_MAP_SLACK = 1.25;
/** Calls whose `path` is a file the model works on (scoped rules match it; search's `path` is a glob). */
const FILE_TOOLS = new Set(['read_file', 'write_file', 'patch']);

const UNREADABLE_CALL = 'Your tool call could not be read. Write it again, exactly like:\n<tool_call>{"name": "read_file", "arguments": {"path": "src/a.ts"}}</tool_call>';
/** The same request when the next reply is constrained to one call (the server enforces the shape). */
const CONSTRAINED_CALL = 'Your tool call could not be read. Write that one call again as a JSON object and nothing else: {"name": "<tool>", "arguments": {…}}';
/** Exactly one call of the offered tools, for servers that can constrain decoding to a schema. */
const CUT_CALL = 'Your reply was cut off at the length limit in the middle of a tool call. Make smaller calls: change a file with several short patches, create a long file in parts.';
const NOT_RUN_CUT = 'Not run: your reply was cut off at the length limit, so this call may be incomplete.';
/** The result of a call that repeats an earlier one of the same reply: short, and says why. */
const SAME_CALL = 'Not run: the same call as one before it in this reply (its result is above).';

/**
 * A reply cut at the length limit may end in a call that reads as whole but is not (a file's last lines,
 * a command's tail): calls that change files or run commands wait for a reply that ended on its own.
 */
function heldWhenCut(reply: ModelReply, tool: ToolDefinition): boolean {
  return (reply.finishReason === 'length' || reply.loop !== undefined) && mayChangeWorkspace(tool);
}

/** The model reads its reply with only the calls that ran: without this it takes the rest for done. */
function droppedCallsNote(made: number, dropped: readonly { name: string; arguments: Record<string, unknown> }[]): string {
  const named = dropped.map((c) => (typeof c.arguments.path === 'string' ? `${c.name} ${c.arguments.path}` : c.name));
  return `Only the first ${MAX_CALLS_PER_TURN} of your ${made} calls ran. These did not run: ${named.join(', ')}. Make them again if they are still needed, at most ${MAX_CALLS_PER_TURN} per reply.`;
}

/**
 * The result shows the file's lines as they are now: a read, or the edit engine's refusal of a patch (it
 * lists where SEARCH matches now, or the closest region, with their line numbers). A `start_line` the model
 * gives after that is current again (see staleLineHints).
 */
function showsCurrentLines(tool: string, outcome: { ok: boolean; refused?: string; cancelled?: boolean }): boolean {
  if (tool === 'read_file') return outcome.ok;
  return tool === 'patch' && !outcome.ok && outcome.refused === undefined && outcome.cancelled !== true;
}

export class Agent extends AgentEmitter {
  private readonly profile: MatchedProfile;
  private readonly counter: TokenCounter;
  private readonly counterReady: Promise<void>;
  private readonly memory: WorkingMemory;
  private readonly clock: Clock;
  private mode: 'native' | 'text';
  private window: number;
  /** Earlier tasks of this conversation and their messages, as last sent (only a compaction changes them). */
  private history: ChatMessage[] = [];
  /** The model's own summary of history the budget had to drop, sent in its place. */
  private summary = '';
  /** A restored summary is cut to this agent's window before the next request (the budget never cuts it). */
  private summaryToFit = false;
  /** Each task's message in `history`, in order (one a compaction dropped is no longer in it). */
  private taskMessages: ChatMessage[] = [];
  /** Messages sent at least once: the budget sends them again byte for byte. */
  private sent = new WeakSet<ChatMessage>();
  /** Plan and memory as the conversation last told them. */
  private readonly stateNotes = new StateNotes();
  private pinned?: Promise<string>;
  /** The pinned context once read (saved with the conversation, so a restore sends it again unchanged). */
  private pinnedText: string | undefined;
  private running = false;
  /**
   * Bumped whenever the conversation is replaced or cut (reset, restore, rewind): a run that was going
   * when it changed does not add its task to the conversation that took its place.
   */
  private epoch = 0;
  /** The last reply's call could not be read: hold the next one to the call schema. */
  private constrainNext = false;
  /** This task's project rules: the always-apply block follows the system prompt (stable prefix). */
  private rules: ActiveRules | undefined;
  private rulesRead = false;
  /** Escalations accepted in this session (the cap holds across new chats). */
  private escalations = 0;
  /**
   * Model requests left for the stronger model in the current step. An accepted offer covers that step
   * only: a new task, chat or conversation starts local again (cleared by `endEscalation`).
   */
  private escalatedTurns = 0;
  private lastPromptTokens = 0;
  /** The last request's messages as built (before the text protocol's rendering): what an escalation offer reads. */
  private lastBuilt: readonly ChatMessage[] = [];
  /** The reply limit of the last request (what a reply cut at the length limit reached, when usage is not reported). */
  private lastMaxTokens = 0;
  /** This task's opt-in tools; the built-in set alone when there are none (the prompt is then as before). */
  private plugins: readonly ToolPlugin[] = [];
  /** The built-in tools offered (the index's only with an index). */
  private readonly builtIn: readonly ToolDefinition[];
  /** Every tool a call may name; `offered` is what each request sends (MCP servers' schemas wait behind mcp_tools). */
  private tools: readonly ToolDefinition[];
  private offered: readonly ToolDefinition[];
  private parserSpecs: ReturnType<typeof parserTools>;
  /** `offered` as the request's tool schemas: built when `offered` changes, not per request. */
  private offeredSchemas: ToolSchema[];
  /**
   * The repo map that leads the conversation. Built for the conversation's first task and kept for
   * the next ones: a new map would make the server process the whole conversation again at every task.
   * A later task gets its own map only when the prompt changes anyway (a compaction) or there was none.
   */
  private repoMap = '';
  /** The current task's text for its map, and whether `repoMap` was built for it (see `refreshMapOnCompaction`). */
  private mapQuery = '';
  private mapIsThisTasks = false;
  /** A restored map was built for the window it was saved with: checked against this one before use. */
  private mapToFit = false;

  constructor(private options: AgentOptions) {
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
    this.builtIn = toolsFor({ codeIndex: !!options.codeIntel });
    this.tools = this.builtIn;
    this.offered = this.builtIn;
    this.offeredSchemas = openAITools(this.offered) as ToolSchema[];
    this.parserSpecs = parserTools(this.builtIn);
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  get toolMode(): 'native' | 'text' { return this.mode; }

  /**
   * The window the budget works with now, and the one the agent was given when a refusal shrank it
   * (see `loop`): what `/tokens`, `/profile`, `/rules`, the status bar and the panel header must show, not
   * the detected window.
   */
  get windowInForce(): { tokens: number; shrunkFrom?: number } {
    return this.window < this.options.window ? { tokens: this.window, shrunkFrom: this.options.window } : { tokens: this.window };
  }

  /**
   * Settings that do not shape the system prompt, changed between tasks on this agent: a new agent would
   * have to restore the conversation, and anything the restore does not rebuild exactly costs the whole
   * conversation in the server's cache. The client must be for the same model (its profile and counter stay).
   */
  reconfigure(live: LiveAgentOptions): void {
    this.assertIdle();
    const { escalation: _escalation, ...kept } = this.options;
    this.options = { ...kept, ...live };
  }

  /** Forget earlier tasks (a new chat). */
  reset(): void {
    this.epoch++;
    this.endEscalation();
    this.history = [];
    this.summary = '';
    this.summaryToFit = false;
    this.taskMessages = [];
    this.sent = new WeakSet();
    this.stateNotes.reset();
    this.pinned = undefined;
    this.pinnedText = undefined;
    this.rulesRead = false;
    this.repoMap = '';
    this.mapToFit = false;
  }

  /** The run going on: its task as it is kept, and its state once prepared (see exportConversation). */
  private live: { task: string; state?: RunState; epoch: number } | undefined;

  /** Tasks in this conversation so far (`rewind(n)` keeps the first n). */
  get tasks(): number { return this.taskMessages.length; }

  /**
   * The conversation as the model saw it, to be saved and given back with `restore` (plain data, copied).
   * During a run it holds the run's task and its messages so far, up to the last call answered: saved
   * mid-run, a crash loses at most the call in flight, not what the run did (its messages join the
   * conversation only when it ends). It ends with the stopped-task note, as the save at the run's start
   * does (withTaskAsked): a conversation restored from it reads as a task that did not finish.
   */
  exportConversation(): AgentConversation {
    const done = this.conversation();
    const run = this.live?.epoch === this.epoch ? this.live : undefined;
    if (!run) return { ...done, messages: done.messages.map((m) => structuredClone(m)) };
    // closed with the note a stopped task gets: restored after a crash, the run did not finish
    const messages = [...done.messages, { role: 'user' as const, content: run.task }, ...answeredSoFar(run.state?.messages ?? []), noteMessage(STOPPED_TASK_NOTE)];
    return { ...done, messages: messages.map((m) => structuredClone(m)), tasks: [...done.tasks, done.messages.length], ...writtenIn(messages) };
  }

  /** The conversation as it is (not copied). */
  private conversation(): AgentConversation {
    const at = new Map(this.history.map((m, i) => [m, i]));
    return {
      version: CONVERSATION_VERSION, messages: this.history, summary: this.summary, tasks: this.taskMessages.map((m) => at.get(m) ?? -1),
      ...(this.repoMap ? { repoMap: this.repoMap } : {}), ...(this.pinnedText !== undefined ? { pinned: this.pinnedText } : {}),
      ...writtenIn(this.history),
    };
  }

  /**
   * Continues a saved conversation: the next task is sent after its messages. Nothing restored counts as
   * sent, so the budget fits it into this agent's window (compacting it if it must). Its repo map and
   * pinned context lead the conversation again, so the prompt the server has cached stays valid.
   * Throws ConversationError for data that is not a conversation.
   */
  restore(conversation: AgentConversation): void {
    this.assertIdle();
    const checked = checkConversation(conversation);
    this.reset();
    this.history = checked.messages.map((m) => structuredClone(m));
    // sent as written only by the text protocol (a native agent sends, and counts, the calls)
    if (this.mode === 'text') for (const [at, text] of Object.entries(checked.written ?? {})) writtenAs(this.history[Number(at)]!, text);
    callIdsInUse(this.history);
    this.summary = checked.summary;
    this.summaryToFit = checked.summary !== '';
    // a task a compaction dropped keeps its place in the count with a message that is not in history
    this.taskMessages = checked.tasks.map((i) => (i >= 0 ? this.history[i]! : { role: 'user', content: '' }));
    // without an index now (turned off), the old map goes: the prompt changes with the tools anyway
    if (checked.repoMap && this.options.codeIntel) {
      this.repoMap = checked.repoMap;
      this.mapToFit = true;
    }
    if (checked.pinned !== undefined) {
      this.pinnedText = checked.pinned;
      this.pinned = Promise.resolve(checked.pinned);
    }
  }

  /**
   * Forgets task `task` (0-based) and every task after it, so the conversation goes on from just before it
   * (Retry, Edit and resend). A task a compaction already dropped leaves its summary as it is.
   */
  rewind(task: number): void {
    this.assertIdle();
    const kept = rewoundConversation(this.conversation(), task);
    this.epoch++;
    this.endEscalation();
    this.history = kept.messages;
    this.taskMessages = this.taskMessages.slice(0, kept.tasks.length);
    this.repoMap = kept.repoMap ?? '';
  }

  /** Nothing goes to the stronger endpoint until the user accepts a new offer. */
  private endEscalation(): void {
    this.escalatedTurns = 0;
  }

  private assertIdle(): void {
    if (this.running) throw new Error('The agent is already running a task.');
  }

  async run(task: string, { signal }: AgentRunOptions = {}): Promise<AgentRunResult> {
    this.assertIdle();
    this.running = true;
    this.constrainNext = false;
    this.endEscalation();
    const epoch = this.epoch;
    // from the start: a save on a warning while the run prepares holds the task
    this.live = { task, epoch };
    try {
      // Once per conversation, like the pinned context: the always-apply block stays byte-identical.
      if (!this.rulesRead) {
        this.rules = await this.prepareRules();
        this.rulesRead = true;
      }
      this.rules?.newTask(this.history.flatMap((m) => (m.role === 'user' ? [m.content] : [])));
      await this.preparePlugins(signal);
      await this.mapForTask(task, signal);
      // Rules scoped to files the task names ride on the task message, so history keeps them byte-identical.
      const ruleNote = this.rules?.scopedNote(pathsIn(task));
      if (ruleNote) task = `${task}\n\n${ruleNote}`;
      const state = new RunState(task, undefined, this.clock.now());
      this.live = { task, state, epoch };
      this.stateNotes.newTask();
      state.onChange = (plan) => this.emit('plan-updated', { plan: planSnapshot(plan) });
      const result = await this.loop(state, signal);
      if (state.checkpoint.changed) result.checkpoint = await state.checkpoint.finish(this.readNow);
      // a new chat (or another conversation) during the run: its task belongs to the one it left
      // the run joins history now: an export (a save on `done`) must not hold it twice
      this.live = undefined;
      if (epoch === this.epoch) {
        if (result.stopReason === 'cancelled') state.messages.push(noteMessage(STOPPED_TASK_NOTE));
        const taskMessage: ChatMessage = { role: 'user', content: task };
        this.history.push(taskMessage, ...state.messages);
        result.task = this.taskMessages.push(taskMessage) - 1;
      }
      this.emit('done', { result });
      return result;
    } finally {
      this.running = false;
      this.live = undefined;
    }
  }

  private async preparePlugins(signal?: AbortSignal): Promise<void> {
    const providers = this.options.toolProviders ?? [];
    const lists = await Promise.all(providers.map(async (p) => {
      try {
        return await p.tools(signal);
      } catch (error) {
        this.emit('warning', { message: `${p.name}: its tools are left out of this task (${errorMessage(error)}).`, source: 'tools' });
        return [];
      }
    }));
    const builtIn = new Set(this.builtIn.map((t) => t.name));
    const routed = routeTools(this.builtIn, lists.flat().filter((p) => !builtIn.has(p.definition.name)));
    this.plugins = routed.plugins;
    this.tools = routed.known;
    this.offered = routed.offered;
    this.offeredSchemas = openAITools(this.offered) as ToolSchema[];
    this.parserSpecs = parserTools(this.tools);
  }

  /**
   * The repo map for a new task: the conversation's map is kept when it has one (see `repoMap`);
   * otherwise one is built for this task (none without a code index, or when it is not ready in time).
   */
  private async mapForTask(task: string, signal?: AbortSignal): Promise<void> {
    this.mapQuery = task;
    this.mapIsThisTasks = false;
    if (this.mapToFit) {
      this.mapToFit = false;
      await this.counterReady;
      // saved with a much larger window: a map of this window's size replaces it (the prompt changes then
      // anyway). The slack is for counters that differ (calibrated, or another tokenizer's): a map dropped
      // for a few tokens would cost the whole conversation in the server's cache.
      if (this.counter.count(this.repoMap) > repoMapTokens(this.window) * RESTORED_MAP_SLACK) this.repoMap = '';
    }
    if (!this.repoMap) await this.mapFor(task, signal);
  }

  /**
   * A compaction that drops earlier turns rewrites the prompt right after the map (the summary follows
   * it): the task's own map then costs only the map itself in the server's cache.
   * One that only evicts results keeps what comes before the first of them, so the map stays.
   */
  private async refreshMapOnCompaction(signal?: AbortSignal): Promise<boolean> {
    if (this.mapIsThisTasks || !this.options.codeIntel) return false;
    const before = this.repoMap;
    await this.mapFor(this.mapQuery, signal);
    if (!this.repoMap) this.repoMap = before; // the index did not answer in time: the older map still helps
    return this.repoMap !== before;
  }

  private async mapFor(task: string, signal?: AbortSignal): Promise<void> {
    this.repoMap = '';
    this.mapIsThisTasks = true;
    if (!this.options.codeIntel) return;
    await this.counterReady;
    const { map, warning } = await taskRepoMap(this.options.codeIntel, task, {
      window: this.window, counter: this.counter, ...(this.options.openFiles ? { openFiles: this.options.openFiles() } : {}), ...(signal ? { signal } : {}),
    });
    this.repoMap = map;
    if (warning) this.emit('warning', { message: warning, source: 'code-index' });
  }

  private async prepareRules(): Promise<ActiveRules | undefined> {
    if (!this.options.rules) return undefined;
    await this.counterReady;
    try {
      const rules = await ActiveRules.prepare(this.options.rules, { counter: this.counter, window: this.window });
      for (const message of rules.warnings) this.emit('warning', { message, source: 'rules' });
      return rules;
    } catch (error) {
      this.emit('warning', { message: `Project rules were not read: ${errorMessage(error)}`, source: 'rules' });
      return undefined;
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
      ...(this.options.knownSecrets ? { knownSecrets: this.options.knownSecrets } : {}),
      ...(this.options.codeIntel ? { codeIntel: this.options.codeIntel } : {}),
      limits: this.options.limits ?? {},
      plugins: this.plugins,
      hooks: {
        editProposed: (e) => { state.checkpoint.proposed(e.path, e.original); this.emit('edit-proposed', e); },
        // The file's text stays out of the event (traces, the panel): only the checkpoint keeps it.
        editAccepted: ({ after, ...e }) => { state.checkpoint.accepted(e.path, e.changedOutsideRun === true, after); this.emit('edit-accepted', e); },
        editRejected: (e) => { state.userRejected = true; this.emit('edit-rejected', e); },
        // what the run's command or MCP tool does to its files (a formatter after the edits) is the run's: Undo does not ask about it
        commandStarts: () => state.checkpoint.commandStarts(this.readNow),
        commandEnded: () => state.checkpoint.commandEnded(this.readNow),
      },
    });
  }

  /** A file as it is now (null: none), for the checkpoint. */
  private readonly readNow = (path: string) => readTextOrNull(this.options.workspace, path);

  private async loop(state: RunState, signal?: AbortSignal): Promise<AgentRunResult> {
    await this.counterReady;
    if (this.summaryToFit) {
      // saved with a larger window, or another model's tokens: cut as a summary made here would be
      this.summary = fitSummary(this.summary, this.window, this.counter);
      this.summaryToFit = false;
    }
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
          const serverWindow = error.windowTokens;
          this.window = windowAfterRefusal(this.window, { promptTokens: this.lastPromptTokens, maxTokens: this.lastMaxTokens, ...(serverWindow ? { serverWindow } : {}) });
          const named = serverWindow ? ` (it says its window is ${serverWindow} tokens)` : '';
          this.emit('warning', { message: `The server refused a prompt as too long${named}; budgeting for ${this.window} tokens from now on.`, source: 'budget' });
          this.emit('window-shrunk', { tokens: this.window, shrunkFrom: this.options.window });
          continue;
        }
        const message = errorMessage(error);
        return this.finish(state, 'error', message, message);
      }
      const outcome = await this.act(state, reply, executor, signal);
      if (outcome) return outcome;
    }
    return this.finish(state, 'max-turns', `Stopped after ${maxTurns} model requests without finishing.`, `Stopped after ${maxTurns} model requests without finishing.`);
  }

  /**
   * History no longer fits: the model summarises what is dropped, so the gist (files, decisions) stays
   * in context for the next request; the user's own requests among it are carried word for word (see
   * earlierRequests). A failed summary keeps the previous one (with the requests); the turn goes on.
   */
  private async summarizeDropped(dropped: ChatMessage[], sent: SentPrefix, signal?: AbortSignal): Promise<void> {
    const client = this.options.client;
    const prefix: SentPrefix = { ...sent, ...(this.mode === 'text' ? { render: forTextProtocol } : {}), ...(this.profile.stop.length ? { stop: this.profile.stop } : {}) };
    const earlier = splitSummary(this.summary);
    const tasks = new Set(this.taskMessages.map((m) => m.content));
    const requests = [...dropped.filter((m) => m.role === 'user' && tasks.has(m.content)).map((m) => m.content as string).reverse(), ...earlier.requests];
    let rest = earlier.rest;
    try {
      rest = await summarizeMessages({ complete: (request) => client.stream(request) }, dropped, {
        counter: this.counter, window: this.window, prefix, ...(earlier.rest ? { previousSummary: earlier.rest } : {}), ...(signal ? { signal } : {}),
        onWarning: (message) => this.emit('warning', { message, source: 'budget' }),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      this.emit('warning', { message: `Could not summarise earlier messages (${errorMessage(error)}); they were dropped.`, source: 'budget' });
    }
    this.summary = summaryWithRequests(requests, rest, this.window, this.counter);
  }

  /** The stable prefix's system prompt: the rules, the tools (text protocol) and the always-apply project rules. */
  private stableSystemPrompt(): string {
    return systemPrompt(this.mode, this.offered, this.rules?.stable ?? '');
  }

  /**
   * What leads the conversation, for the whole of it: the pinned context (read once per conversation)
   * and the repo map. Not in the system message: native tool schemas follow it in the rendered prompt
   * (Qwen's template), so a New chat or a compaction's new map made the server process them again. The
   * text protocol's tools are in the system text, so there it would cost the same; one place for both.
   */
  private async conversationContext(): Promise<string> {
    const read = this.options.pinnedContext;
    const epoch = this.epoch;
    this.pinned ??= read ? Promise.resolve().then(read).catch((error: unknown) => {
      this.emit('warning', { message: `Could not prepare the pinned context (${errorMessage(error)}); this conversation goes on without it.`, source: 'context' });
      return '';
    }).then((text) => {
      if (epoch === this.epoch) this.pinnedText = text;
      return text;
    }) : Promise.resolve('');
    // the map goes last: it changes with a compaction that drops turns, which rewrites what follows it anyway
    const map = this.repoMap ? `${REPO_MAP_HEADING}${this.repoMap}` : '';
    return [await this.pinned, map].filter((t) => t.trim()).join('\n\n');
  }

  /** Plan or memory changed since the conversation last said so: a note at the tail, never an edit. */
  private async noteStateChanges(state: RunState, signal?: AbortSignal): Promise<void> {
    const memory = await this.memoryForPrompt(state, signal);
    const text = this.stateNotes.pending([...this.history, ...state.messages], state.plan, memory.notes, memory.older);
    if (text === undefined) return;
    const note = noteMessage(text);
    state.messages.push(note);
    this.stateNotes.sentIn(note);
  }

  /**
   * The notes the prompt tells, or none when project memory cannot be read (its code index does not
   * answer): the note only saves the model a memory_load, so the run goes on without it, and says why.
   */
  private async memoryForPrompt(state: RunState, signal?: AbortSignal): Promise<{ notes: MemoryNote[]; older: number }> {
    if (state.memoryUnread) return { notes: [], older: 0 };
    try {
      return await this.memory.forPrompt(this.window, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      state.memoryUnread = true;
      this.emit('warning', { message: `Project memory could not be read (${errorMessage(error)}); this task goes on without its notes.`, source: 'memory' });
      return { notes: [], older: 0 };
    }
  }

  /** Keeps the conversation as the request sends it, so that the next one repeats it byte for byte. */
  private keep(state: RunState, built: BuiltRequest): void {
    this.history = built.history;
    state.messages.splice(0, state.messages.length, ...built.turn);
  }

  /** One model request within the budget. */
  private async ask(state: RunState, signal?: AbortSignal): Promise<ModelReply> {
    state.turns++;
    this.emit('turn-start', { turn: state.turns });
    const tools = this.mode === 'native' ? this.offeredSchemas : undefined;
    const replyTokens = Math.min(this.options.replyTokens ?? 2048, Math.floor(this.window / 4));
    const system = this.stableSystemPrompt();
    let context = await this.conversationContext();
    const build = () => buildRequest(
      {
        system,
        ...(tools ? { tools } : {}),
        context,
        history: this.history,
        ...(this.summary ? { summary: this.summary } : {}),
        task: state.task,
        turn: state.messages,
        sent: (m) => this.sent.has(m),
      },
      { window: this.window, replyTokens, counter: this.counter, resultCut, keepOnEviction: (tool, content) => keptOnEviction(tool, content, this.tools),
        callFailed: (id) => state.toolCalls.some((c) => c.id === id && c.ok === false) },
    );
    await this.noteStateChanges(state, signal);
    let built = build();
    let report = built.report;
    if (built.compacted) {
      // what the server holds: the prefix as last sent (the build may have evicted results in it since)
      const sentPrefix = [{ role: 'system' as const, content: system }, ...contextMessages(context), ...summaryMessages(this.summary), ...this.history.slice(0, built.dropped.length)];
      if (built.dropped.length && await this.refreshMapOnCompaction(signal)) context = await this.conversationContext();
      // the summary first: a Stop while it is written leaves the conversation as it was, nothing dropped unsaid
      if (built.dropped.length) await this.summarizeDropped(built.dropped, { messages: sentPrefix, ...(tools ? { tools } : {}) }, signal);
      this.keep(state, built);
      await this.noteStateChanges(state, signal); // what the compaction dropped is told again
      built = build();
      report = { ...built.report, compacted: true, evictedResults: report.evictedResults + built.report.evictedResults, droppedMessages: report.droppedMessages + built.report.droppedMessages };
    }
    this.keep(state, built);
    for (const m of [...built.history, ...built.turn]) this.sent.add(m);
    this.emit('budget-updated', { report });
    const turn = state.turns;
    const escalated = this.escalatedTurns > 0 && this.options.escalation !== undefined;
    if (escalated) this.escalatedTurns--;
    // what leaves the machine has its secrets hidden; the local model keeps the real text (it edits it)
    const outgoing = escalated ? redactedRequest(built.messages) : built.messages;
    const messages = this.mode === 'text' ? forTextProtocol(outgoing) : outgoing;
    this.lastBuilt = built.messages;
    this.lastPromptTokens = built.promptTokens;
    this.lastMaxTokens = built.maxTokens;
    this.emit('request', { turn, messages: built.messages, ...(tools ? { tools: tools.length } : {}), maxTokens: built.maxTokens, promptTokens: built.promptTokens, mode: this.mode, ...(escalated ? { escalated: { model: this.options.escalation!.client.model, endpoint: this.options.escalation!.endpoint } } : {}) });
    const sentAt = this.clock.now();
    const reply = await requestReply(
      escalated ? this.options.escalation!.client : this.options.client,
      {
        messages,
        ...(tools ? { tools } : {}),
        maxTokens: built.maxTokens,
        sampling: this.options.sampling ?? this.profile.sampling,
        ...(this.profile.stop.length ? { stop: this.profile.stop } : {}),
        ...this.takeConstraint(),
        signal,
      },
      {
        onText: (delta) => this.emit('text', { delta }),
        onReasoning: (delta) => this.emit('reasoning', { delta }),
        onRetry: (attempt, message) => this.emit('retry', { attempt, message }),
      },
      this.parserSpecs,
      { writtenSinceRead: state.writtenSinceRead, earlierEdits: state.records.flatMap((r) => r.calls.filter((c) => c.name === 'patch' && c.ok)) },
    );
    this.emit('reply', {
      turn, text: reply.text, ...(reply.reasoning ? { reasoning: reply.reasoning } : {}), finishReason: reply.finishReason,
      ...(reply.usage ? { usage: reply.usage } : {}), durationMs: Math.max(0, this.clock.now() - sentAt),
      calls: reply.calls.map((c) => ({ name: c.name, args: c.arguments })), repairs: reply.repairs.map((r) => r.detail),
    });
    if (reply.loop) this.emit('warning', { message: loopWarning(reply.loop), source: 'loop' });
    // another model's tokenizer counts differently: what it reports says nothing about this model's
    if (!escalated) learnFromUsage(this.counter, built, reply.usage?.promptTokens);
    state.usage.requests++;
    state.usage.promptTokens += reply.usage?.promptTokens ?? 0;
    state.usage.completionTokens += reply.usage?.completionTokens ?? 0;
    if (reply.usage?.cachedTokens !== undefined) state.usage.cachedTokens = (state.usage.cachedTokens ?? 0) + reply.usage.cachedTokens;
    return reply;
  }

  /**
   * Whether the text protocol sends `reply` back as the model wrote it: only when that says all `message`
   * does (every call kept, nothing cut, no loop), and takes at most a quarter more of the window than the
   * calls as taught (a few line breaks, not pretty-printed JSON: it stays in every later request).
   */
  private sendsBackAsWritten(reply: ModelReply, message: ChatMessage, kept: number, max: number): boolean {
    const written = reply.written;
    if (written === undefined || reply.loop || kept !== reply.calls.length || written.length > max) return false;
    const count = (text: string) => this.counter.count(text);
    return count(written) <= 1.25 * (messageTokens(message, count) - MESSAGE_FRAME_TOKENS);
  }

  /** Runs the reply's calls and decides what comes next; a result ends the run. */
  private async act(state: RunState, reply: ModelReply, executor: ToolExecutor, signal?: AbortSignal): Promise<AgentRunResult | undefined> {
    const calls: CallWithId[] = reply.calls.slice(0, MAX_CALLS_PER_TURN).map((c) => ({ id: newCallId(), name: c.name, arguments: c.arguments }));
    // the conversation keeps a runaway reply cut to size: it is sent, and counted, with every request after
    const max = this.options.limits?.argumentChars ?? MAX_ARGUMENT_CHARS;
    const message = assistantMessage(boundedText(reply.content, max), calls.map((c) => ({ ...c, arguments: boundedArguments(c.arguments, max) })));
    state.messages.push(this.mode === 'text' && this.sendsBackAsWritten(reply, message, calls.length, max) ? writtenAs(message, reply.written!) : message);
    const dropped = reply.calls.slice(calls.length);
    if (dropped.length) this.emit('warning', { message: `The model made ${reply.calls.length} calls at once; only the first ${MAX_CALLS_PER_TURN} ran.`, source: 'calls' });
    const record: TurnRecord = { text: reply.text, ...(reply.reasoning ? { reasoning: reply.reasoning } : {}), calls: [] };
    const edited: string[] = [];
    let held = 0;
    // calls run so far in this reply (callKey → ok), since the last one that may have changed things: a
    // small model's double-emit of a read or an edit runs once (an insertion patch applied twice writes
    // its lines twice); after an edit, a command or an MCP tool, the same read again is a new look
    const ranThisReply = new Map<string, boolean>();
    for (const call of calls) {
      // an mcp_call runs, shows and counts as the MCP tool it names; its result answers the call as written
      const target = resolveCall(call, this.tools);
      const valid = validateToolCall(target, this.tools, this.offered);
      const mcp = valid.ok ? valid.tool.mcp : undefined;
      const args = valid.ok ? valid.arguments : target.arguments;
      const key = callKey({ name: target.name, args });
      const firstOk = valid.ok && repeatChangesNothing(valid.tool) ? ranThisReply.get(key) : undefined;
      if (firstOk !== undefined) {
        this.emit('tool-start', { id: call.id, name: target.name, ...(mcp ? { label: mcpLabel(mcp.server, mcp.tool) } : {}), args, repairs: reply.callRepairs });
        state.messages.push(toolMessage(call, SAME_CALL));
        state.toolCalls.push({ id: call.id, name: target.name, args, ok: firstOk, summary: SAME_CALL });
        this.emit('tool-end', { id: call.id, name: target.name, ok: firstOk, summary: SAME_CALL, content: SAME_CALL });
        continue;
      }
      // the plan obeys the checks: a step marked done after this reply's edits waits for their result
      if (valid.ok && valid.tool.name === todoTool.name && edited.length) await this.verify(state, edited.splice(0), signal);
      this.emit('tool-start', { id: call.id, name: target.name, ...(mcp ? { label: mcpLabel(mcp.server, mcp.tool) } : {}), args: target.arguments, repairs: reply.callRepairs });
      const hold = valid.ok && heldWhenCut(reply, valid.tool);
      if (hold) held++;
      // what the checks report before the run's first edit is not the model's to fix (see verify.ts)
      if (valid.ok && !hold && valid.tool.category === 'write') await state.baseline.take(this.options.workspace, baselinePaths(valid.arguments, state.toolCalls), signal);
      const outcome = !valid.ok ? { ok: false, content: valid.error } : hold ? { ok: false, content: reply.loop ? NOT_RUN_LOOP : NOT_RUN_CUT } : await executor.execute(valid.tool, valid.arguments, signal);
      if ('cancelled' in outcome && outcome.cancelled) {
        // what the user accepted before the stop is written: the run's files (and the model) know of it
        if (outcome.wrote) state.wrote(outcome.wrote.path, outcome.wrote.created);
        // Every call keeps a result, so the conversation stays valid for the next task.
        for (const rest of calls.slice(calls.indexOf(call))) {
          const content = rest === call ? outcome.content : 'Cancelled.';
          state.messages.push(toolMessage(rest, content));
          // the result lists every call the run made: these were cut short, so they did not do what was asked
          state.toolCalls.push({ id: rest.id, name: rest === call ? target.name : rest.name, args: rest === call ? args : rest.arguments, ok: false, summary: content });
        }
        return this.finish(state, 'cancelled', 'Cancelled.', 'Cancelled.');
      }
      if ('wrote' in outcome && outcome.wrote) {
        state.wrote(outcome.wrote.path, outcome.wrote.created);
        edited.push(outcome.wrote.path);
      }
      if (valid.ok && mayChangeWorkspace(valid.tool)) ranThisReply.clear();
      ranThisReply.set(key, outcome.ok);
      const refused = hold ? 'held' : 'refused' in outcome ? outcome.refused : undefined;
      // only a write that ran is the model's: one that never validated (or was held) did nothing to judge
      if (valid.ok && !hold && valid.tool.category === 'write') state.lastWrite = { tool: valid.tool.name, ok: outcome.ok, ...(refused ? { refused } : {}) };
      record.calls.push({ name: target.name, args, ok: outcome.ok, id: call.id, ...('lines' in outcome && outcome.lines ? { lines: outcome.lines } : {}), ...(refused ? { refused } : {}), ...(!valid.ok ? { invalid: valid.error } : {}) });
      if (valid.ok && !hold && showsCurrentLines(target.name, outcome) && typeof args.path === 'string') state.sawLines(args.path);
      state.messages.push(toolMessage(call, outcome.content));
      const summary = outcome.content.length > SUMMARY_CHARS ? `${outcome.content.slice(0, SUMMARY_CHARS)}…` : outcome.content;
      state.toolCalls.push({ id: call.id, name: target.name, args, ok: outcome.ok, summary });
      this.emit('tool-end', { id: call.id, name: target.name, ok: outcome.ok, summary, content: outcome.content });
    }
    if (edited.length) await this.verify(state, edited, signal);
    if (signal?.aborted) return this.finish(state, 'cancelled', 'Cancelled.', 'Cancelled.');
    const again = reply.unreadableCall || held > 0;
    if (again) record.unreadable = reply.finishReason === 'length' ? 'cut' : 'broken';
    state.records.push(record);
    if (calls.length === 0 && !reply.unreadableCall && reply.content) state.lastAnswer = reply.content;

    markRemovedResults(state.records, state.messages);
    const found = checkTurn({ history: state.records, task: state.task });
    const stop = stopReason(found);
    if (stop) {
      if (!escalates(stop) || !(await this.escalate(state, stop.message, signal))) return this.finish(state, 'governor', stop.message, stop.message);
      state.messages.push(noteMessage(escalationNote(stop.message)));
      return undefined;
    }
    const notes: string[] = [];
    if (found.length) {
      for (const i of found) this.emit('warning', { message: i.message, source: i.detector });
      notes.push(await interventionText(found, this.options.workspace));
    }
    const ruleNote = this.rules?.scopedNote(record.calls.flatMap((c) => (FILE_TOOLS.has(c.name) && typeof c.args.path === 'string' ? [c.args.path] : [])));
    if (ruleNote) notes.push(ruleNote);
    if (reply.loop) {
      // a second loop in one task: asking again only buys another one
      if (++state.loops > 1) return this.finish(state, 'governor', LOOP_STOP, LOOP_STOP);
      notes.push(loopNote(reply.loop));
    } else if (again) notes.push(reply.finishReason === 'length' ? CUT_CALL : this.askForCallAgain(reply.text));
    if (reply.blocksNote) notes.push(reply.blocksNote);
    if (dropped.length) notes.push(droppedCallsNote(reply.calls.length, dropped));
    if (calls.length === 0 && found.length === 0 && !again && !reply.loop) {
      const open = state.plan.steps.filter((s) => s.state !== 'done').length;
      if (!state.remindedPlan && !state.userRejected && open > 0) {
        state.remindedPlan = true;
        this.emit('reminder', { message: `The model stopped with ${open} plan step${open === 1 ? '' : 's'} not done; SmallCode asked it to continue with the next one or say why it stops.` });
        notes.push(`Your plan still has steps not done:\n${renderPlanForPrompt(state.plan)}\nContinue with the next one, or say why you stop.`);
      } else {
        const doubt = this.unbacked(state);
        if (!doubt || state.remindedUnbacked) return this.answered(state, reply, doubt);
        state.remindedUnbacked = true;
        this.emit('reminder', { message: unbackedReminderShown(doubt) });
        notes.push(unbackedReminder(doubt));
      }
    }
    // About to ask again: not when the model just repeated itself without a call.
    if (repeatsPreviousReply(state.records)) return this.finish(state, 'governor', REPEATED_REPLY, REPEATED_REPLY);
    if (notes.length) state.messages.push(noteMessage(notes.join('\n\n')));
    return undefined;
  }

  /** What the run's own facts say against taking the model's answer as done. */
  private unbacked(state: RunState): UnbackedAnswer | undefined {
    return unbackedAnswer({
      verification: state.verification, wroteFiles: state.filesCreated.size + state.filesEdited.size > 0,
      ...(state.lastWrite ? { lastWrite: state.lastWrite } : {}), userRejected: state.userRejected,
    });
  }

  /**
   * The model answered; an answer cut at the length limit says so, so the user can ask for the rest, and
   * one the run does not back (asked about once already) carries why.
   */
  private answered(state: RunState, reply: ModelReply, doubt?: UnbackedAnswer): AgentRunResult {
    const result = this.finish(state, 'done', reply.content);
    if (doubt?.kind === 'checks-failing') result.checksFailing = doubt.reason;
    if (doubt?.kind === 'no-changes') result.noChanges = true;
    if (reply.finishReason === 'length') result.cut = { tokens: reply.usage?.completionTokens ?? this.lastMaxTokens };
    return result;
  }

  /**
   * An unreadable call. Where the server can constrain decoding, the next reply is held to exactly one
   * call of the offered tools; elsewhere the model is asked in words.
   */
  private askForCallAgain(text: string): string {
    const slip = callSlipNote(text); // the parser can often say what was wrong: a repeat is then less likely
    const ask = this.options.client.constrainedDecoding ? CONSTRAINED_CALL : UNREADABLE_CALL;
    if (ask === CONSTRAINED_CALL) this.constrainNext = true;
    return slip ? `${ask}\n${slip}` : ask;
  }

  /** The constraint for this request, once. */
  private takeConstraint(): { responseSchema?: Record<string, unknown> } {
    if (!this.constrainNext) return {};
    this.constrainNext = false;
    return { responseSchema: toolCallSchema(this.offeredSchemas) };
  }

  /**
   * Offers the stuck step to the stronger endpoint; true when the user accepted (the next requests go
   * there, and the governor's record starts afresh so the new model is judged on its own turns).
   */
  private async escalate(state: RunState, reason: string, signal?: AbortSignal): Promise<boolean> {
    const e = this.options.escalation;
    const cap = e?.maxPerSession ?? 3;
    if (!e || this.escalatedTurns > 0 || this.escalations >= cap || signal?.aborted) return false;
    // the next request sends the last one's messages and what this turn added (a compaction only takes away)
    const sending = [...this.lastBuilt, ...state.messages.filter((m) => !this.sent.has(m))];
    const offer = {
      reason, promptTokens: this.lastPromptTokens, ...outgoingContents(sending),
      model: e.client.model, endpoint: e.endpoint, remaining: cap - this.escalations - 1,
    };
    // only a clear yes sends the conversation elsewhere; any other answer, or a failing dialog, is a no
    const accepted = (await Promise.resolve().then(() => e.confirm(offer, signal)).catch(() => false)) === true;
    this.emit('escalation', { ...offer, accepted });
    if (!accepted || signal?.aborted) return false;
    this.escalations++;
    this.escalatedTurns = e.turns ?? 4;
    state.records.splice(0, state.records.length);
    return true;
  }

  /** Checks after this turn's edits; the compact result rides on the last tool result. */
  private async verify(state: RunState, paths: string[], signal?: AbortSignal): Promise<void> {
    // A check command (`tsc --noEmit`…) is the Workspace's to run, within diagnostics().
    const { summary, status } = await verifyEdits(this.options.workspace, paths, state.baseline, signal);
    state.verification = status;
    this.emit('verification', summary);
    if (!summary.text) return;
    const last = state.messages[state.messages.length - 1];
    if (last?.role === 'tool') state.messages[state.messages.length - 1] = { ...last, content: `${last.content}\n\n${summary.text}${summary.passed ? '' : '\nFix these errors next.'}` };
  }
}

/** `messages` up to the last point where every tool call made is answered (a call in flight has no result yet). */
function answeredSoFar(messages: readonly ChatMessage[]): ChatMessage[] {
  const open = new Set<string>();
  let end = 0;
  messages.forEach((m, i) => {
    if (m.role === 'assistant') for (const call of m.tool_calls ?? []) open.add(call.id);
    if (m.role === 'tool') open.delete(m.tool_call_id);
    if (open.size === 0) end = i + 1;
  });
  return messages.slice(0, end);
}
