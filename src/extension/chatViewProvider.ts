// The sidebar chat: a webview view that renders the host-owned transcript and forwards what the
// user does. It speaks only the typed protocol in src/shared/chatProtocol.ts. The host (the agent
// wiring) calls post() with run state, streamed replies, tool cards, plan, budget and traces, and
// listens to the events below; this class remembers the latest of each so a panel that was hidden
// (and so rebuilt) gets them all back in one state message.
import * as vscode from 'vscode';
import {
  applyToTranscript, isTranscriptMessage, isWebviewToHost,
  type BudgetView, type ChatEntry, type HostToWebview, type MentionRef, type PlanView, type RunState,
  type SlashCommandName, type TraceSummaryView, type PendingEditsView, type EditActionMessage,
} from '../shared/chatProtocol';
import type { ChatSession } from './chatSession';
import type { Connection } from './connection';
import { WorkspaceFileIndex } from './mentions';
import { buildChatHtml } from './webviewHtml';

/** Entries kept for re-showing the panel (the session keeps its own, persisted, copy). */
const MAX_SHOWN_ENTRIES = 1000;

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'smallcode.chatView';
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly files = new WorkspaceFileIndex();
  /** What the panel shows: the session's entries plus everything streamed into it, in order. */
  private shown: ChatEntry[];
  private run: RunState = 'idle';
  private plan: PlanView | null = null;
  private budget: BudgetView | null = null;
  private traces: TraceSummaryView[] = [];
  private pendingEdits: PendingEditsView = { count: 0, files: [] };

  private readonly sent = new vscode.EventEmitter<{ text: string; mentions: MentionRef[] }>();
  private readonly stopRequested = new vscode.EventEmitter<void>();
  private readonly slashCommand = new vscode.EventEmitter<{ name: SlashCommandName; args: string }>();
  private readonly traceRequested = new vscode.EventEmitter<string>();
  private readonly traceExportRequested = new vscode.EventEmitter<string | undefined>();
  /** Each message the user sends, with the `@` mentions they picked (resolve them with resolveMention). */
  readonly onDidSend = this.sent.event;
  /** The Stop button or Escape while running: cancel the run. */
  readonly onDidRequestStop = this.stopRequested.event;
  /** `/clear`, `/plan <task>`, `/budget`… (all but /help, which the panel answers itself). */
  readonly onDidRunSlashCommand = this.slashCommand.event;
  /** The traces view asks for one trace: answer with post({ type: 'traceDetail', detail }). */
  readonly onDidRequestTrace = this.traceRequested.event;
  /** Export one trace (id) or all of them (undefined) to a file. */
  readonly onDidRequestTraceExport = this.traceExportRequested.event;
  private readonly editAction = new vscode.EventEmitter<EditActionMessage['action']>();
  /** The pending-edits bar: Accept all, Reject all, or show the diff. */
  readonly onDidRequestEditAction = this.editAction.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    session: ChatSession,
    private readonly connection: Connection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.shown = session.all();
    this.disposables.push(
      this.files,
      session.onDidChange((entry) => {
        if (entry) this.post({ type: 'entry', entry });
        else { this.shown = session.all(); this.postState(); }
      }),
      connection.onDidChange((info) => this.post({ type: 'connection', connection: info })),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.webview.html = buildChatHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    view.webview.onDidReceiveMessage((message: unknown) => this.receive(message), undefined, this.disposables);
    view.onDidDispose(() => { this.view = undefined; }, undefined, this.disposables);
  }

  /** Whether the panel is resolved and on screen. */
  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  /** Shows the panel (opening the SmallCode side bar if needed). */
  async reveal(focusInput = false): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
    if (focusInput) this.post({ type: 'focusInput' });
  }

  postState(): void {
    this.post({ type: 'state', state: {
      entries: this.shown, connection: this.connection.current,
      run: this.run, plan: this.plan, budget: this.budget, traces: this.traces, pendingEdits: this.pendingEdits,
    } });
  }

  /**
   * Sends a message to the panel and remembers its effect for when the panel is shown again.
   * Streamed replies: use for `assistantStart` the id the finished reply will have in the session,
   * so the session's entry replaces the streamed one instead of showing twice.
   */
  post(message: HostToWebview): void {
    if (isTranscriptMessage(message)) {
      applyToTranscript(this.shown, message);
      if (this.shown.length > MAX_SHOWN_ENTRIES) this.shown.splice(0, this.shown.length - MAX_SHOWN_ENTRIES);
    } else if (message.type === 'runState') this.run = message.run;
    else if (message.type === 'plan') this.plan = message.plan;
    else if (message.type === 'budget') this.budget = message.budget;
    else if (message.type === 'traces') this.traces = message.traces;
    else if (message.type === 'pendingEdits') this.pendingEdits = message.pending;
    // A hidden panel has no webview to post to; it asks for the full state again when it is shown.
    void this.view?.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.log.warn('Ignored a malformed message from the chat panel', message);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.postState();
        // The first time the panel is seen is when looking for a model server is worth its cost.
        if (this.connection.current.status === 'unknown') void this.connection.refresh();
        break;
      case 'connectionAction':
        if (message.action === 'retry') void this.connection.refresh();
        else if (message.action === 'selectModel') void vscode.commands.executeCommand('smallcode.selectModel');
        else void vscode.commands.executeCommand('workbench.action.openSettings', 'smallcode');
        break;
      case 'send':
        if (!message.text.trim()) break;
        this.sent.fire({ text: message.text, mentions: message.mentions ?? [] });
        break;
      case 'newChat':
        // Through the command, so a running task is stopped and the agent forgets the conversation.
        void vscode.commands.executeCommand('smallcode.newChat');
        break;
      case 'stop':
        this.stopRequested.fire();
        break;
      case 'slashCommand':
        this.slashCommand.fire({ name: message.name, args: message.args });
        break;
      case 'mentionQuery':
        void this.files.search(message.query).then(
          (items) => this.post({ type: 'mentionResults', id: message.id, items }),
          (error: unknown) => this.log.warn('Listing workspace files for @ mentions failed', error),
        );
        break;
      case 'openTrace':
        this.traceRequested.fire(message.id);
        break;
      case 'exportTrace':
        this.traceExportRequested.fire(message.id);
        break;
      case 'editAction':
        this.editAction.fire(message.action);
        break;
      case 'openLink':
        // The guard admits only http(s); opening still goes through VS Code's trusted-link prompt.
        void vscode.env.openExternal(vscode.Uri.parse(message.url));
        break;
    }
  }

  dispose(): void {
    for (const emitter of [this.sent, this.stopRequested, this.slashCommand, this.traceRequested, this.traceExportRequested, this.editAction]) emitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
