// The programmatic API: the agent on the plain file system, headless.
//   const agent = new SmallCode({ baseUrl, model, workspace: '/path/to/project' });
//   agent.on('text', (e) => process.stdout.write(e.delta));
//   const { response, filesCreated, filesEdited, success } = await agent.run('Add a --verbose flag');
// Approval: `approve(request)` is the one gate for edits (with their diff) and commands; `reviewEdit`
// is the richer per-hunk variant for edits. Only a clear yes approves (see approval.ts). Without any
// callback the run is unattended: edits are applied, except to files that decide what a command runs
// (refused: nobody can approve them), and no command runs.
import { Agent, AgentEmitter, type AgentEvent, type AgentEvents, type AgentRunResult } from '../core/agent';
import { ChatClient, contextWindowAdvice, detectContextWindow, identifyServer, type ServerKind } from '../core/llm';
import type { ExecutorLimits } from '../core/agent';
import { CallbackApproval, type Approve } from './approval';
import { CallbackEditReview, type ReviewEdit } from './editReview';
import { NodeStore } from './nodeStore';
import { NodeWorkspace } from './nodeWorkspace';
import { systemClock } from './clock';

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
  /** Tokens; detected from the server when omitted. */
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
  limits?: Partial<ExecutorLimits>;
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
}

export class SmallCode extends AgentEmitter {
  readonly workspace: NodeWorkspace;
  private agent?: Promise<Agent>;

  constructor(private readonly options: SmallCodeOptions) {
    super();
    this.workspace = new NodeWorkspace(options.workspace);
  }

  async run(task: string, opts: { signal?: AbortSignal } = {}): Promise<SmallCodeResult> {
    const agent = await (this.agent ??= this.createAgent());
    const r = await agent.run(task, opts);
    return {
      response: r.response, toolCalls: r.toolCalls, filesCreated: r.filesCreated, filesEdited: r.filesEdited,
      usage: r.usage, durationMs: r.durationMs, success: r.success, stopReason: r.stopReason, ...(r.error ? { error: r.error } : {}),
    };
  }

  private async createAgent(): Promise<Agent> {
    const o = this.options;
    const kind = o.serverKind ?? (o.contextWindow ? 'openai-compatible' : (await identifyServer(o.baseUrl).catch(() => undefined))?.kind ?? 'openai-compatible');
    const window = await detectContextWindow({ kind, baseUrl: o.baseUrl }, o.model, o.contextWindow);
    const advice = contextWindowAdvice(kind, window.tokens, o.model);
    const client = new ChatClient({
      baseUrl: o.baseUrl, model: o.model, serverKind: kind,
      ...(o.apiKey ? { apiKey: o.apiKey } : {}),
      ...(o.retries !== undefined ? { retries: o.retries } : {}),
      ...(o.backoffMs !== undefined ? { backoffMs: o.backoffMs } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
    const agent = new Agent({
      client,
      workspace: this.workspace,
      editReview: new CallbackEditReview({
        ...(o.reviewEdit ? { reviewEdit: o.reviewEdit } : {}), ...(o.approve ? { approve: o.approve } : {}),
        ...(o.approvalTimeoutMs !== undefined ? { timeoutMs: o.approvalTimeoutMs } : {}),
      }),
      approval: new CallbackApproval(o.approve, o.approvalTimeoutMs),
      store: new NodeStore(this.workspace, { onUnusable: (message) => this.emit('warning', { message, source: 'store' }) }),
      clock: systemClock,
      window: window.tokens,
      // With a callback every edit is asked about; without one only edits to files that run commands are.
      editApproval: o.approve || o.reviewEdit ? 'ask' : 'auto',
      ...(o.replyTokens ? { replyTokens: o.replyTokens } : {}),
      ...(o.maxTurns ? { maxTurns: o.maxTurns } : {}),
      ...(o.toolMode ? { toolMode: o.toolMode } : {}),
      ...(o.checkCommand ? { checkCommand: o.checkCommand } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
    });
    agent.onAny((event) => this.forward(event));
    if (advice) this.emit('warning', { message: advice, source: 'context-window' });
    return agent;
  }

  private forward(event: AgentEvent): void {
    const { type, ...payload } = event;
    this.emit(type, payload as AgentEvents[typeof type]);
  }
}
