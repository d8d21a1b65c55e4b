// The sidebar chat: a webview view that renders the host-owned transcript and forwards what the
// user types. It speaks only the typed protocol in src/shared/chatProtocol.ts.
import * as vscode from 'vscode';
import { isWebviewToHost, type HostToWebview } from '../shared/chatProtocol';
import type { ChatSession } from './chatSession';
import type { Connection } from './connection';
import { buildChatHtml } from './webviewHtml';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'smallcode.chatView';
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly submitted = new vscode.EventEmitter<string>();
  /** Fires with the text of each message the user sends from the panel. */
  readonly onDidSubmit = this.submitted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly connection: Connection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      session.onDidChange((entry) => {
        if (entry) this.post({ type: 'entry', entry });
        else this.postState();
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

  /** Shows the panel (opening the SmallCode side bar if needed). */
  async reveal(focusInput = false): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
    if (focusInput) this.post({ type: 'focusInput' });
  }

  postState(): void {
    this.post({ type: 'state', state: { entries: this.session.all(), connection: this.connection.current } });
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
        if (message.text.trim()) this.submitted.fire(message.text);
        break;
      case 'newChat':
        this.session.clear();
        break;
    }
  }

  private post(message: HostToWebview): void {
    // A hidden panel has no webview to post to; it asks for the full state again when it is shown.
    void this.view?.webview.postMessage(message);
  }

  dispose(): void {
    this.submitted.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
