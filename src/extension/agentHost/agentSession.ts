// One conversation with the agent inside VS Code: builds the core's Agent on the VS Code ports for
// the connected server and model, runs tasks one at a time, and stops them on request. The agent is
// rebuilt when the server, model, window or folder change, and continues the conversation (through the
// new budget); other settings (key, timeout, approval, tools…) are swapped into the live agent. A saved conversation given before there is an agent is restored into the
// first one built.
import * as vscode from 'vscode';
import type { Agent, AgentConversation, AgentEvent, AgentRunResult, LiveAgentOptions } from '../../core/agent';
import type { LoadedModel, ServerKind, WindowInForce } from '../../core/llm';
import type { Approval, EditReview } from '../../core/ports';
import type { ConnectionInfo } from '../../shared/chatProtocol';
import type { Connection } from '../connection';
import type { ModelKey } from '../modelKey';
import { loadCore } from '../lazyCore';
import { localFolder, localWorkspace } from '../localWorkspace';
import { errorMessage } from '../../core/errorMessage';
import { readSettings, type SmallCodeSettings } from '../settings';
import { MementoStore } from './mementoStore';
import { projectRules, UNKNOWN_WINDOW } from './projectRules';
import { escalationFor } from './escalation';
import { approveFetch } from './fetchApproval';
import type { McpServers } from './mcpServers';
import type { McpHub } from '../../node/mcp/mcpHub';
import { VsCodeWorkspace } from './vscodeWorkspace';
import { NotReadyError, unlessStopped } from './notReady';
import type { CodeIndexService } from '../codeIndex/codeIndexService';

export interface AgentSessionDeps {
  connection: Connection;
  /** Whether the model server's key goes with the agent's requests (the same decision as detection's). */
  modelKey: Pick<ModelKey, 'for'>;
  /** The same decision for the escalation endpoint's key. */
  escalationKey: Pick<ModelKey, 'for'>;
  memento: vscode.Memento;
  log: vscode.LogOutputChannel;
  editReview: EditReview;
  /** Asks before a shell command runs (the chat's approval cards). */
  approval: Approval;
  mcp: McpServers;
  /** The code index (repo map, symbol tools, project memory); absent: none of them. */
  codeIndex?: CodeIndexService;
  /** Values this conversation found secret (the traces' set): web_fetch refuses a URL that holds one, memory notes are saved without them. */
  knownSecrets?: () => ReadonlySet<string>;
}

/** Workspace-relative paths of the files open in editors (the repo map leans toward them). */
function openFiles(folder: vscode.WorkspaceFolder): string[] {
  return vscode.window.visibleTextEditors
    .filter((e) => e.document.uri.scheme === 'file')
    .map((e) => vscode.workspace.asRelativePath(e.document.uri, false))
    .filter((p) => !p.startsWith('/') && !p.startsWith('..') && p !== folder.uri.fsPath);
}


/** What the conversation's prompt is built on: a change of any of them builds a new agent. */
function agentKey(info: ConnectionInfo, folder: vscode.WorkspaceFolder): string {
  return [info.endpoint, info.model, info.api, info.contextWindow, folder.uri.fsPath].join('|');
}

export class AgentSession {
  private agent: Agent | undefined;
  private agentKey = '';
  /** The settings the agent's live options were built from (see liveOptions). */
  private liveKey = '';
  /** The MCP hub the agent was built with: hubFor makes a new one when the folder or smallcode.mcpServers changes. */
  private agentMcp: McpHub | undefined;
  private abort: AbortController | undefined;
  /** The conversation the next agent built continues (a saved one, or the previous agent's). */
  private pending: AgentConversation | undefined;
  /** Counts API key changes: the agent's clients hold the key they were built with. */
  private keyGeneration = 0;
  /** Hosts the user let web_fetch read from without asking (until the window closes). */
  private readonly fetchHosts = new Set<string>();
  private readonly windowChanged = new vscode.EventEmitter<void>();
  /** `windowInForce` may have changed: a refused prompt shrank the agent's window, or a new agent starts from the connection's. */
  readonly onDidChangeWindow = this.windowChanged.event;

  constructor(private readonly deps: AgentSessionDeps) {}

  /** Set API key (either key) ran: the next run builds its clients with the new key, the conversation kept. */
  keyChanged(): void {
    this.keyGeneration++;
  }

  /** The conversation as the model saw it (undefined when nothing was said yet). */
  exportConversation(): AgentConversation | undefined {
    return this.agent?.exportConversation() ?? this.pending;
  }

  /**
   * The conversation once `task` is asked, before any reply: what a run of it stopped now would leave.
   * Saved as the run starts: a window that dies mid-run (no deactivate) still gives the model the task.
   */
  exportAsking(task: string): AgentConversation {
    return loadCore().withTaskAsked(this.exportConversation(), task);
  }

  /** Continues `conversation` (or starts empty without one) from the next task on. */
  restore(conversation: AgentConversation | undefined): void {
    this.pending = undefined;
    this.agent?.reset();
    if (!conversation) return;
    if (this.agent) this.agent.restore(conversation);
    else this.pending = loadCore().checkConversation(conversation);
  }

  /** Forgets task `task` and those after it: the next task is asked from just before it. */
  rewind(task: number): void {
    if (this.agent) this.agent.rewind(task);
    else if (this.pending) this.pending = loadCore().rewoundConversation(this.pending, task);
  }

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Runs one task; `onEvent` sees every agent event as it happens. */
  async run(task: string, onEvent: (event: AgentEvent) => void): Promise<AgentRunResult> {
    if (this.abort) throw new NotReadyError('SmallCode is still working on the previous message. Stop it first.');
    const abort = new AbortController();
    this.abort = abort;
    try {
      // a detection can take a while (a slow server, a keyring that does not answer): Stop must not wait for it
      const agent = await this.agentFor(await unlessStopped(this.readyConnection(), abort.signal));
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
    this.pending = undefined;
    this.agent?.reset();
    this.deps.mcp.reset();
  }

  private async readyConnection(): Promise<ConnectionInfo> {
    const info = await this.deps.connection.forTask();
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
    // A new agent only for what the conversation's prompt is built on; other settings are swapped into the
    // live agent (a rebuilt one restores the conversation, and the server's cache with it, only as far as
    // the restore rebuilds the prompt byte for byte).
    const key = agentKey(info, folder);
    // baseUrl: the same endpoint, found by the port scan after the setting was cleared, gets no key
    const liveKey = [settings.maxReplyTokens, settings.requestTimeoutSeconds, settings.editApproval, settings.ollamaKeepAlive, settings.webEnabled, JSON.stringify(settings.escalation), settings.baseUrl, this.keyGeneration].join('|');
    if (this.agent && key === this.agentKey) {
      if (liveKey !== this.liveKey || mcp !== this.agentMcp) this.agent.reconfigure(await this.liveOptions(info, settings, mcp));
      this.liveKey = liveKey;
      this.agentMcp = mcp;
      return this.agent;
    }
    if (this.agent) this.pending = this.agent.exportConversation();
    const core = loadCore();
    const workspace = new VsCodeWorkspace(files);
    this.agent = new core.Agent({
      ...await this.liveOptions(info, settings, mcp),
      workspace,
      rules: projectRules(folder.uri.fsPath, workspace),
      editReview: this.deps.editReview,
      approval: this.deps.approval,
      store: this.deps.codeIndex ? this.deps.codeIndex.notes(new core.StoreNotes(new MementoStore(this.deps.memento))) : new MementoStore(this.deps.memento),
      ...(this.deps.codeIndex ? { codeIntel: this.deps.codeIndex.intel, openFiles: () => openFiles(folder) } : {}),
      window: info.contextWindow ?? UNKNOWN_WINDOW,
      // what the traces learned from .env files is kept out of memory notes, as out of traces and web_fetch
      ...(this.deps.knownSecrets ? { knownSecrets: this.deps.knownSecrets } : {}),
    });
    if (this.pending) this.agent.restore(this.pending);
    this.pending = undefined;
    this.agent.reportListenerError = (error, type) => this.deps.log.error(`A listener of the agent's "${type}" event threw: ${errorMessage(error)}`);
    this.agent.on('window-shrunk', () => this.windowChanged.fire());
    this.agentKey = key;
    this.liveKey = liveKey;
    this.agentMcp = mcp;
    this.deps.log.info(`Agent ready: ${info.model} on ${info.endpoint}, window ${info.contextWindow}, tools ${this.agent.toolMode}`);
    this.windowChanged.fire();
    return this.agent;
  }

  /**
   * The window the next request is budgeted with: the agent's own (smaller than the connection's after
   * the server refused a prompt), or the connection's when the next task builds a new agent.
   */
  windowInForce(info: ConnectionInfo): WindowInForce | undefined {
    if (!info.contextWindow) return undefined;
    const folder = localFolder();
    const agent = this.agent && folder && agentKey(info, folder) === this.agentKey ? this.agent.windowInForce : { tokens: info.contextWindow };
    return { ...agent, ...(info.contextSource ? { source: info.contextSource } : {}) };
  }

  /** The agent's options that do not shape the conversation's prompt: its client (key, timeouts), approval, reply size, tools, escalation. */
  private async liveOptions(info: ConnectionInfo, settings: SmallCodeSettings, mcp: McpHub | undefined): Promise<LiveAgentOptions> {
    const core = loadCore();
    const apiKey = await this.deps.modelKey.for(info.endpoint);
    const client = new core.ChatClient({
      baseUrl: info.endpoint, model: info.model, ...(info.serverKind ? { serverKind: info.serverKind as ServerKind } : {}), ...(apiKey ? { apiKey } : {}),
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      onFailure: (error) => this.deps.connection.requestFailed(error.kind),
      // Ollama's own API loads the model with the window the budget uses, the same for the whole session.
      ...(info.api === 'ollama' ? { api: 'ollama' as const, numCtx: info.contextWindow, keepAlive: settings.ollamaKeepAlive, onModelLoaded: (l: LoadedModel) => this.deps.connection.modelLoaded(l) } : {}),
    });
    const escalation = await escalationFor(settings, this.deps.escalationKey);
    return {
      client,
      ...(escalation ? { escalation } : {}),
      // asked for their tools at each task: a change of web or MCP servers shows in the next task's tools
      toolProviders: [...(settings.webEnabled ? [core.webFetchProvider({ approveFetch, allowedHosts: this.fetchHosts, ...(this.deps.knownSecrets ? { knownSecrets: this.deps.knownSecrets } : {}) })] : []), ...(mcp ? [mcp] : [])],
      replyTokens: settings.maxReplyTokens,
      editApproval: settings.editApproval,
    };
  }
}
