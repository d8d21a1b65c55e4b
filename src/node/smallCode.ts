// The programmatic API: the agent on the plain file system, headless.
//   const agent = new SmallCode({ baseUrl, model, workspace: '/path/to/project' });
//   agent.on('text', (e) => process.stdout.write(e.delta));
//   const { response, filesCreated, filesEdited, success } = await agent.run('Add a --verbose flag');
// Edits are applied unless `reviewEdit` decides otherwise; commands run only when `approve` says so.
import { Agent, AgentEmitter, type AgentEvent, type AgentEvents, type AgentRunResult } from '../core/agent';
import { ChatClient, contextWindowAdvice, detectContextWindow, identifyServer, type ServerKind } from '../core/llm';
import type { ExecutorLimits } from '../core/agent';
import { CallbackApproval, type ApproveCommand } from './approval';
import { CallbackEditReview, type ReviewEdit } from './editReview';
import { NodeStore } from './nodeStore';
import { NodeWorkspace } from './nodeWorkspace';
import { systemClock } from './clock';
import { CodeIndex } from './codeIndex/codeIndex';

export interface SmallCodeOptions {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:1234/v1 */
  baseUrl: string;
  model: string;
  /** The project folder; nothing outside it is read or written. */
  workspace: string;
  /** Decides on each shell command; without it no command runs. */
  approve?: ApproveCommand;
  /** Decides on each edit (accept, reject with a reason, or partial content); without it every edit is applied. */
  reviewEdit?: ReviewEdit;
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
}

export class SmallCode extends AgentEmitter {
  readonly workspace: NodeWorkspace;
  private agent?: Promise<Agent>;
  private index?: CodeIndex;

  constructor(private readonly options: SmallCodeOptions) {
    super();
    this.workspace = new NodeWorkspace(options.workspace);
  }

  async run(task: string, opts: { signal?: AbortSignal } = {}): Promise<SmallCodeResult> {
    const agent = await (this.agent ??= this.createAgent());
    await this.index?.update(); // files may have changed since the last task
    const r = await agent.run(task, opts);
    return {
      response: r.response, toolCalls: r.toolCalls, filesCreated: r.filesCreated, filesEdited: r.filesEdited,
      usage: r.usage, durationMs: r.durationMs, success: r.success, stopReason: r.stopReason, ...(r.error ? { error: r.error } : {}),
    };
  }

  /** Saves and closes the code index (if one was opened). */
  async close(): Promise<void> {
    await this.index?.close();
    this.index = undefined;
    this.agent = undefined;
  }

  private async createAgent(): Promise<Agent> {
    const o = this.options;
    if (o.codeIndex) {
      this.index = await CodeIndex.open({
        root: this.workspace.root, ...o.codeIndex,
        onWarning: (message) => this.emit('warning', { message, source: 'code-index' }),
      });
    }
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
      editReview: new CallbackEditReview(o.reviewEdit),
      approval: new CallbackApproval(o.approve),
      store: this.index ? this.index.notes : new NodeStore(this.workspace),
      ...(this.index ? { codeIntel: this.index } : {}),
      clock: systemClock,
      window: window.tokens,
      // The callback (or auto-accept) is the review: it always goes through EditReview.
      editApproval: 'ask',
      ...(o.replyTokens ? { replyTokens: o.replyTokens } : {}),
      ...(o.maxTurns ? { maxTurns: o.maxTurns } : {}),
      ...(o.toolMode ? { toolMode: o.toolMode } : {}),
      ...(o.checkCommand ? { checkCommand: o.checkCommand } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
    });
    agent.onAny((event) => this.forward(event));
    // What the agent writes is re-indexed at once, so find_symbol sees the new code in the same task.
    agent.on('edit-accepted', (e) => { void this.index?.updateFiles([e.path]).catch(() => undefined); });
    if (advice) this.emit('warning', { message: advice, source: 'context-window' });
    return agent;
  }

  private forward(event: AgentEvent): void {
    const { type, ...payload } = event;
    this.emit(type, payload as AgentEvents[typeof type]);
  }
}
