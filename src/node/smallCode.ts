// The programmatic API: the agent on the plain file system, headless.
//   const agent = new SmallCode({ baseUrl, model, workspace: '/path/to/project' });
//   agent.on('text', (e) => process.stdout.write(e.delta));
//   const { response, filesCreated, filesEdited, success } = await agent.run('Add a --verbose flag');
// Approval: `approve(request)` is the one gate for edits (with their diff) and commands; `reviewEdit`
// is the richer per-hunk variant for edits. Only a clear yes approves (see approval.ts). Without any
// callback the run is unattended: edits are applied, except to files that decide what a command runs
// (refused: nobody can approve them), and no command runs.
import { Agent, AgentEmitter, FileSecretLearner, type AgentEvent, type AgentEvents, type AgentRunResult } from '../core/agent';
import { ChatClient, connectModel, identifyServer, loadedModelAdvice, type ReplyLimitOptions, type ServerKind } from '../core/llm';
import type { AgentConversation, ExecutorLimits } from '../core/agent';
import { undoCheckpoint, type Checkpoint, type UndoOptions, type UndoResult } from '../core/agent/checkpoint';
import { readTextOrNull } from '../core/ports';
import { joinKnown } from '../core/security';
import { CallbackApproval, fetchApprovalVia, mcpApprovalVia, type Approve } from './approval';
import { CallbackEditReview, type ReviewEdit } from './editReview';
import { NodeStore } from './nodeStore';
import { NodeWorkspace } from './nodeWorkspace';
import { systemClock } from './clock';
import { WorkspaceRules } from './rules/workspaceRules';
import { webFetchProvider, type WebFetchOptions } from './web/webFetchTool';
import { McpHub } from './mcp/mcpHub';
import { readMcpServers, type ApproveMcpCall } from '../core/mcp';
import type { EscalationOptions } from '../core/agent/escalation';
import { CodeIndex } from './codeIndex/codeIndex';
import { FreshCodeIntel } from '../core/codeIndex/freshIntel';

export interface SmallCodeOptions {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:1234/v1 */
  baseUrl: string;
  model: string;
  /** The project folder; nothing outside it is read or written. */
  workspace: string;
  /**
   * The approval gate: asked about every edit (`{kind: 'edit', path, diff, …}`) and every shell command
   * (`{kind: 'command', command, warnings}`). Only `true` or `{approved: true}` approves; anything else,
   * a throw, or no answer within `approvalTimeoutMs` is a no. Without it (and without `reviewEdit`)
   * edits are applied unattended — except to files that decide what a command runs (package.json,
   * Makefile, node_modules…), which are refused — and no command runs.
   */
  approve?: Approve;
  /** Per-hunk review of edits (accept, reject with a reason, or partial content); when given it decides edits instead of `approve`. */
  reviewEdit?: ReviewEdit;
  /** How long `approve` / `reviewEdit` may take to answer before it counts as a no (default 10 minutes). */
  approvalTimeoutMs?: number;
  apiKey?: string;
  /** Tokens; detected from the server when omitted. With Ollama, the window to load the model with
   * (capped by the model's training; 16,384 when omitted). */
  contextWindow?: number;
  /** Run after edits, its errors fed back to the model (e.g. `npx tsc --noEmit`). */
  checkCommand?: string;
  replyTokens?: number;
  maxTurns?: number;
  toolMode?: 'native' | 'text';
  serverKind?: ServerKind;
  /** Chat client retries and timeouts (tests shorten them). */
  retries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  /** Bounds on each reply's size and streaming time, derived from its max_tokens with a wide margin
   * (defaults: 16 characters and 500 ms per token, at least 64 KB and 2 minutes). */
  replyLimits?: ReplyLimitOptions;
  limits?: Partial<ExecutorLimits>;
  /** Project rules: AGENTS.md and .smallcode/rules/*.md are read unless this is false; `userRules` applies always. */
  rules?: false | { userRules?: string };
  /**
   * The opt-in web_fetch tool (off unless given): public http(s) pages only, through the SSRF guard. The
   * first fetch from each host asks `approveFetch` if given, else `approve` (`{kind: 'fetch', url, host}`,
   * a yes allowing that fetch); without either, fetches are not asked about: the model may fetch any public
   * address unasked. A URL holding a secret (by its shape, or a value of a .env file the model read) is refused.
   */
  web?: boolean | WebFetchOptions;
  /** MCP servers, as in the smallcode.mcpServers setting: { name: { command, args, env } | { url } }. Stop them with close(). */
  mcpServers?: Record<string, unknown>;
  /**
   * Decides on each MCP tool call not in the server's allowedTools ('once', 'always' or 'deny'; any other
   * answer is 'deny'). Without it `approve` decides (`{kind: 'tool', server, tool, args}`); without
   * either, such calls are declined.
   */
  approveMcp?: ApproveMcpCall;
  /**
   * Opt-in escalation: when the governor gives up, `confirm` is shown what would be sent (tokens, files, other results; see OutgoingContents)
   * and may hand the step to this stronger OpenAI-compatible endpoint, at most `maxPerSession` times.
   */
  escalation?: { baseUrl: string; model: string; apiKey?: string; confirm: EscalationOptions['confirm']; maxPerSession?: number; turns?: number };
  /**
   * The code index (repo map, find_symbol, explain_symbol; project memory in its database), kept in
   * `storageDir`. Opened on the first run, which waits for it to be built; without it there is none.
   */
  codeIndex?: { storageDir: string; maxFiles?: number; maxFileBytes?: number };
}

export interface SmallCodeResult {
  response: string;
  toolCalls: AgentRunResult['toolCalls'];
  filesCreated: string[];
  filesEdited: string[];
  usage: AgentRunResult['usage'];
  durationMs: number;
  success: boolean;
  /** Why the run ended ('done' when success), and the error if there was one. */
  stopReason: AgentRunResult['stopReason'];
  error?: string;
  /** What the run changed (each file before and after it), for `undo`; absent when it wrote nothing. */
  /** The run's task in the conversation (for `rewind`); absent when the conversation was reset during the run. */
  task?: number;
  checkpoint?: Checkpoint;
  /** The answer stopped at the reply's length limit after this many tokens (ask it to continue). */
  cut?: { tokens: number };
  /** Answered while the checks after the last edit still fail: what they report. */
  checksFailing?: string;
  /** Answered without having changed a file, after the last write call failed. */
  noChanges?: true;
}

export class SmallCode extends AgentEmitter {
  readonly workspace: NodeWorkspace;
  private agent?: Promise<Agent>;
  /** The MCP servers (started by the first task that needs them). */
  readonly mcp: McpHub | undefined;
  private index?: CodeIndex;
  /** Hosts web_fetch reads from without asking again (answered 'always'). */
  private readonly fetchHosts = new Set<string>();
  /** The values of the .env files the model read (as the extension's traces learn them): kept out of memory notes and fetched URLs. */
  private readonly secrets = new FileSecretLearner();

  constructor(private readonly options: SmallCodeOptions) {
    super();
    this.workspace = new NodeWorkspace(options.workspace, options.checkCommand ? { checkCommand: options.checkCommand } : {});
    if (options.mcpServers) {
      const { servers, problems } = readMcpServers(options.mcpServers);
      for (const message of problems) queueMicrotask(() => this.emit('warning', { message, source: 'mcp' }));
      this.mcp = new McpHub({
        servers, problems, workspace: this.workspace.root,
        // approveMcp may answer 'always'; otherwise the one approve gate decides each call (none: no call runs)
        approve: options.approveMcp ?? (options.approve ? mcpApprovalVia(options.approve, options.approvalTimeoutMs) : async () => 'deny'),
        onProblem: (message) => this.emit('warning', { message, source: 'mcp' }),
      });
    }
  }

  async run(task: string, opts: { signal?: AbortSignal } = {}): Promise<SmallCodeResult> {
    const agent = await (this.agent ??= this.createAgent());
    await this.index?.update(); // files may have changed since the last task
    const r = await agent.run(task, opts);
    return {
      response: r.response, toolCalls: r.toolCalls, filesCreated: r.filesCreated, filesEdited: r.filesEdited,
      usage: r.usage, durationMs: r.durationMs, success: r.success, stopReason: r.stopReason, ...(r.error ? { error: r.error } : {}),
      ...(r.checkpoint ? { checkpoint: r.checkpoint } : {}), ...(r.cut ? { cut: r.cut } : {}),
      ...(r.checksFailing !== undefined ? { checksFailing: r.checksFailing } : {}), ...(r.noChanges ? { noChanges: r.noChanges } : {}), ...(r.task !== undefined ? { task: r.task } : {}),
    };
  }

  /** The conversation as the model saw it, to save and `restore` later (see Agent.exportConversation). */
  async exportConversation(): Promise<AgentConversation> {
    return (await (this.agent ??= this.createAgent())).exportConversation();
  }

  /** Continues a saved conversation: the next `run` is sent after its messages, within the budget. */
  async restore(conversation: AgentConversation): Promise<void> {
    (await (this.agent ??= this.createAgent())).restore(conversation);
  }

  /** A new conversation: earlier tasks are forgotten (a run going on now does not add its task to the new one). */
  async reset(): Promise<void> {
    (await (this.agent ??= this.createAgent())).reset();
  }

  /** Forgets task `task` (0-based) and the tasks after it, to ask again from just before it. */
  async rewind(task: number): Promise<void> {
    (await (this.agent ??= this.createAgent())).rewind(task);
  }

  private escalation(e: NonNullable<SmallCodeOptions['escalation']>): EscalationOptions {
    const o = this.options;
    const client = new ChatClient({
      baseUrl: e.baseUrl, model: e.model, serverKind: 'openai-compatible', ...(e.apiKey ? { apiKey: e.apiKey } : {}),
      ...(o.retries !== undefined ? { retries: o.retries } : {}), ...(o.backoffMs !== undefined ? { backoffMs: o.backoffMs } : {}), ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
    return { client, endpoint: e.baseUrl, confirm: e.confirm, ...(e.maxPerSession !== undefined ? { maxPerSession: e.maxPerSession } : {}), ...(e.turns !== undefined ? { turns: e.turns } : {}) };
  }

  /** Stops the MCP servers this agent started, and saves and closes the code index (if one was opened). */
  async close(): Promise<void> {
    await this.mcp?.dispose();
    await this.index?.close();
    this.index = undefined;
    this.agent = undefined;
  }

  /**
   * Undoes a run: restores each file it changed and deletes each file it created. A file changed since
   * the run is left alone and listed in `skipped`, unless its path is in `force`.
   */
  undo(checkpoint: Checkpoint, options: UndoOptions = {}): Promise<UndoResult> {
    const ws = this.workspace;
    return undoCheckpoint(checkpoint, {
      read: (path) => readTextOrNull(ws, path),
      write: async (path, content) => { await ws.writeFile(path, content); },
      delete: (path) => ws.deleteFile(path),
    }, options);
  }

  /** web_fetch's options: the caller's, with the approval gate; hosts allowed 'always' last the session. */
  private webOptions(web: true | WebFetchOptions): WebFetchOptions {
    const given = web === true ? {} : web;
    const { approve, approvalTimeoutMs } = this.options;
    const approveFetch = given.approveFetch ?? (approve ? fetchApprovalVia(approve, approvalTimeoutMs) : undefined);
    // a URL carrying a value read from a .env file is refused, as in the extension (its traces' known set)
    const theirs = given.knownSecrets;
    const knownSecrets = theirs ? () => joinKnown(this.secrets.known, theirs()) : () => this.secrets.known;
    return { ...given, knownSecrets, ...(approveFetch ? { approveFetch, allowedHosts: given.allowedHosts ?? this.fetchHosts } : {}) };
  }

  private async createAgent(): Promise<Agent> {
    const o = this.options;
    if (o.codeIndex) {
      this.index = await CodeIndex.open({
        root: this.workspace.root, ...o.codeIndex,
        onWarning: (message) => this.emit('warning', { message, source: 'code-index' }),
      });
    }
    const http = o.apiKey ? { apiKey: o.apiKey } : {};
    // The server is asked even when the window is given: Ollama needs its own API to use that window.
    const found = o.serverKind ? undefined : await identifyServer(o.baseUrl, http).catch(() => undefined);
    const kind = o.serverKind ?? found?.kind ?? 'openai-compatible';
    const connection = await connectModel({ kind, baseUrl: o.baseUrl, ...(found?.version ? { version: found.version } : {}) }, o.model, o.contextWindow, http);
    const client = new ChatClient({
      baseUrl: o.baseUrl, model: o.model, serverKind: kind, api: connection.api,
      ...(connection.numCtx ? { numCtx: connection.numCtx } : {}),
      onModelLoaded: (loaded) => {
        const advice = loadedModelAdvice(loaded);
        if (advice) this.emit('warning', { message: advice, source: 'context-window' });
      },
      ...(o.apiKey ? { apiKey: o.apiKey } : {}),
      ...(o.retries !== undefined ? { retries: o.retries } : {}),
      ...(o.backoffMs !== undefined ? { backoffMs: o.backoffMs } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.replyLimits ? { replyLimits: o.replyLimits } : {}),
    });
    const intel = this.index ? new FreshCodeIntel(this.index) : undefined;
    const agent = new Agent({
      client,
      workspace: this.workspace,
      editReview: new CallbackEditReview({
        ...(o.reviewEdit ? { reviewEdit: o.reviewEdit } : {}), ...(o.approve ? { approve: o.approve } : {}),
        ...(o.approvalTimeoutMs !== undefined ? { timeoutMs: o.approvalTimeoutMs } : {}),
      }),
      approval: new CallbackApproval(o.approve, o.approvalTimeoutMs),
      store: this.index ? this.index.notes : new NodeStore(this.workspace, { onUnusable: (message) => this.emit('warning', { message, source: 'store' }) }),
      ...(intel ? { codeIntel: intel } : {}),
      clock: systemClock,
      window: connection.window.tokens,
      // With a callback every edit is asked about; without one only edits to files that run commands are.
      editApproval: o.approve || o.reviewEdit ? 'ask' : 'auto',
      ...(o.replyTokens ? { replyTokens: o.replyTokens } : {}),
      ...(o.maxTurns ? { maxTurns: o.maxTurns } : {}),
      ...(o.toolMode ? { toolMode: o.toolMode } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
      ...(o.rules !== false ? { rules: new WorkspaceRules(this.workspace.root, this.workspace, o.rules ?? {}) } : {}),
      ...(o.escalation ? { escalation: this.escalation(o.escalation) } : {}),
      toolProviders: [...(o.web ? [webFetchProvider(this.webOptions(o.web))] : []), ...(this.mcp ? [this.mcp] : [])],
      knownSecrets: () => this.secrets.known,
    });
    agent.onAny((event) => this.secrets.handle(event));
    agent.onAny((event) => this.forward(event));
    // What the agent writes, and what its commands change, is re-indexed at once, and its next lookup waits
    // for that: find_symbol sees the new code in the same task, even in the same reply.
    agent.on('edit-accepted', (e) => intel?.edited([e.path]));
    agent.on('tool-end', (e) => { if (e.name === 'run') intel?.commandRan(); });
    if (connection.advice) this.emit('warning', { message: connection.advice, source: 'context-window' });
    if (connection.serverWarning) this.emit('warning', { message: connection.serverWarning, source: 'context-window' });
    return agent;
  }

  private forward(event: AgentEvent): void {
    const { type, ...payload } = event;
    this.emit(type, payload as AgentEvents[typeof type]);
  }
}
