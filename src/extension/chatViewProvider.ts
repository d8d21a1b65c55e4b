// The sidebar chat: a webview view that renders the host-owned transcript and hands what the user
// does to one table of handlers (chatHandlers.ts), through the typed protocol in
// src/shared/chatProtocol.ts. The host calls post() with run state, plan, budget, traces and pending
// edits; this class remembers the latest of each (the transcript keeps itself) so a panel that was
// hidden, and so rebuilt, gets them all back in one state message.
import * as vscode from 'vscode';
import {
  dispatchToHost, paintedTail,
  type BudgetView, type HostHandlers, type HostToWebview, type PlanView, type RunActivity,
  type TraceSummaryView, type PendingEditsView, type TranscriptMessage,
} from '../shared/chatProtocol';
import { errorMessage } from '../core/errorMessage';
import type { ChatTranscript } from './chatTranscript';
import type { Connection } from './connection';
import { ConnectionWatcher } from './connectionWatcher';
import type { ShownConnection } from './shownConnection';
import { buildChatHtml } from './webviewHtml';

/** What the host posts besides the transcript (which reaches the panel from ChatTranscript). */
export type ViewMessage = Exclude<HostToWebview, TranscriptMessage>;

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'smallcode.chatView';
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Looks for a server again while the panel is visible and none is connected. */
  private readonly watcher: ConnectionWatcher;
  private run: RunActivity = 'idle';
  private plan: PlanView | null = null;
  private budget: BudgetView | null = null;
  private traces: TraceSummaryView[] = [];
  private pendingEdits: PendingEditsView = { count: 0, files: [] };
  /** Questions in the panel waiting for the user (command approvals): a badge while it is out of sight. */
  private waiting = 0;
  private readonly hidden = new vscode.EventEmitter<void>();
  /** The panel went out of sight (another view took the side bar, or it was closed). */
  readonly onDidHide = this.hidden.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly transcript: ChatTranscript,
    connection: Connection,
    /** What the header shows: the connection with the window the agent budgets with now. */
    private readonly shown: Pick<ShownConnection, 'current' | 'onDidChange'>,
    private readonly log: vscode.LogOutputChannel,
    /** What each message from the panel does (a function: the handlers need this view too). */
    private readonly handlers: () => HostHandlers,
  ) {
    this.watcher = new ConnectionWatcher(connection);
    this.disposables.push(
      this.watcher,
      this.hidden,
      transcript.onDidChange((change) => (change ? this.send(change) : this.postState())),
      shown.onDidChange((info) => this.post({ type: 'connection', connection: info })),
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
    view.onDidDispose(() => { this.view = undefined; this.watcher.setVisible(false); this.hidden.fire(); }, undefined, this.disposables);
    view.onDidChangeVisibility(() => {
      this.watcher.setVisible(view.visible);
      this.showBadge();
      if (!view.visible) this.hidden.fire();
    }, undefined, this.disposables);
    this.watcher.setVisible(view.visible);
    this.showBadge();
  }

  /** How many questions in the panel wait for an answer; shown as a badge on SmallCode's icon while the panel is hidden. */
  setWaiting(count: number): void {
    this.waiting = count;
    this.showBadge();
  }

  private showBadge(): void {
    if (!this.view) return; // applied when the view is resolved
    const badge = this.waiting > 0 && !this.view.visible ? { value: this.waiting, tooltip: 'SmallCode is waiting for your answer in the chat' } : undefined;
    if (badge?.value !== this.view.badge?.value) this.view.badge = badge;
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
      entries: paintedTail(this.transcript.all()), connection: this.shown.current,
      run: this.run, plan: this.plan, budget: this.budget, traces: this.traces, pendingEdits: this.pendingEdits,
    } });
  }

  /** Sends a message to the panel and remembers its effect for when the panel is shown again. */
  post(message: ViewMessage): void {
    if (message.type === 'runState') this.run = message.run;
    else if (message.type === 'plan') this.plan = message.plan;
    else if (message.type === 'budget') this.budget = message.budget;
    else if (message.type === 'traces') this.traces = message.traces;
    else if (message.type === 'pendingEdits') this.pendingEdits = message.pending;
    this.send(message);
  }

  /** A hidden panel has no webview to post to; it asks for the full state again when it is shown. */
  private send(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    dispatchToHost(message, this.handlers(), (answer) => this.send(answer)).then(
      (known) => { if (!known) this.log.warn('Ignored a malformed message from the chat panel', message); },
      (error: unknown) => this.log.error(`The chat panel's "${(message as { type?: unknown }).type}" message failed: ${errorMessage(error)}`),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
