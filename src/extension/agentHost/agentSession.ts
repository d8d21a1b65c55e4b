// One conversation with the agent inside VS Code: builds the core's Agent on the VS Code ports for
// the connected server and model, runs tasks one at a time, and stops them on request. The agent
// (and so the conversation's history) is rebuilt when the server, model or window changes.
import * as vscode from 'vscode';
import type { Agent, AgentEvent, AgentRunResult } from '../../core/agent';
import type { LoadedModel, ServerKind } from '../../core/llm';
import type { Approval, EditReview } from '../../core/ports';
import type { ConnectionInfo } from '../../shared/chatProtocol';
import { API_KEY_SECRET } from '../commands/modelCommands';
import type { Connection } from '../connection';
import { loadCore } from '../lazyCore';
import { localFolder, localWorkspace } from '../localWorkspace';
import { errorMessage } from '../../core/errorMessage';
import { readSettings } from '../settings';
import { MementoStore } from './mementoStore';
import { projectRules } from './projectRules';
import { escalationFor } from './escalation';
import type { McpServers } from './mcpServers';
import { VsCodeWorkspace } from './vscodeWorkspace';

export interface AgentSessionDeps {
  connection: Connection;
  secrets: vscode.SecretStorage;
  memento: vscode.Memento;
  log: vscode.LogOutputChannel;
  editReview: EditReview;
  /** Asks before a shell command runs (the chat's approval cards). */
  approval: Approval;
  mcp: McpServers;
}

/** A run that could not start, with a message for the user. */
export class NotReadyError extends Error {}

export class AgentSession {
  private agent: Agent | undefined;
  private agentKey = '';
  private abort: AbortController | undefined;

  constructor(private readonly deps: AgentSessionDeps) {}

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Runs one task; `onEvent` sees every agent event as it happens. */
  async run(task: string, onEvent: (event: AgentEvent) => void): Promise<AgentRunResult> {
    if (this.abort) throw new NotReadyError('SmallCode is still working on the previous message. Stop it first.');
    const abort = new AbortController();
    this.abort = abort;
    try {
      const agent = await this.agentFor(await this.readyConnection());
      const unsubscribe = agent.onAny(onEvent);
      try {
        return await agent.run(task, { signal: abort.signal });
      } finally {
        unsubscribe();
      }
    } finally {
      this.abort = undefined;
    }
  }

  stop(): void {
    this.abort?.abort();
  }

  /** A new chat: the next run starts without history. */
  reset(): void {
    this.stop();
    this.agent?.reset();
    this.deps.mcp.reset();
  }

  private async readyConnection(): Promise<ConnectionInfo> {
    let info = this.deps.connection.current;
    if (info.status !== 'ready') info = await this.deps.connection.refresh();
    if (info.status === 'ready' && !info.model) throw new NotReadyError(`${info.serverName} at ${info.endpoint} has no model loaded. Load one, then run "SmallCode: Select model".`);
    if (info.status !== 'ready') {
      throw new NotReadyError(info.message
        ?? (info.status === 'no-server'
          ? 'No model server is running. Start LM Studio, Ollama, llama.cpp or vLLM (see the panel above), or set smallcode.baseUrl.'
          : 'Could not reach the model server.'));
    }
    return info;
  }

  private async agentFor(info: ConnectionInfo): Promise<Agent> {
    const folder = localFolder();
    const files = localWorkspace();
    if (!folder || !files) throw new NotReadyError('Open a folder first: SmallCode works on the files of a local workspace folder.');
    const settings = readSettings();
    const mcp = this.deps.mcp.hubFor(folder.uri.fsPath);
    const key = [mcp ? JSON.stringify(vscode.workspace.getConfiguration('smallcode').get('mcpServers')) : '', info.endpoint, info.model, info.api, info.contextWindow, settings.maxReplyTokens, settings.editApproval, settings.webEnabled, JSON.stringify(settings.escalation), folder.uri.fsPath].join('|');
    if (this.agent && key === this.agentKey) return this.agent;
    const core = loadCore();
    const apiKey = await this.deps.secrets.get(API_KEY_SECRET);
    const client = new core.ChatClient({
      baseUrl: info.endpoint, model: info.model, ...(info.serverKind ? { serverKind: info.serverKind as ServerKind } : {}), ...(apiKey ? { apiKey } : {}),
      // Ollama's own API loads the model with the window the budget uses, the same for the whole session.
      ...(info.api === 'ollama' ? { api: 'ollama' as const, numCtx: info.contextWindow, onModelLoaded: (l: LoadedModel) => this.deps.connection.modelLoaded(l) } : {}),
    });
    const workspace = new VsCodeWorkspace(files);
    const escalation = await escalationFor(settings, this.deps.secrets);
    this.agent = new core.Agent({
      client,
      workspace,
      rules: projectRules(folder.uri.fsPath, workspace),
      ...(escalation ? { escalation } : {}),
      toolProviders: [...(settings.webEnabled ? [core.webFetchProvider()] : []), ...(mcp ? [mcp] : [])],
      editReview: this.deps.editReview,
      approval: this.deps.approval,
      store: new MementoStore(this.deps.memento),
      window: info.contextWindow ?? 4096,
      replyTokens: settings.maxReplyTokens,
      editApproval: settings.editApproval,
    });
    this.agent.reportListenerError = (error, type) => this.deps.log.error(`A listener of the agent's "${type}" event threw: ${errorMessage(error)}`);
    this.agentKey = key;
    this.deps.log.info(`Agent ready: ${info.model} on ${info.endpoint}, window ${info.contextWindow}, tools ${this.agent.toolMode}`);
    return this.agent;
  }
}
