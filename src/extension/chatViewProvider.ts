// The sidebar chat: a webview view that renders the host-owned transcript and forwards what the
// user types. It speaks only the typed protocol in src/shared/chatProtocol.ts.
import * as vscode from 'vscode';
import { isWebviewToHost, type ConnectionInfo, type HostToWebview } from '../shared/chatProtocol';
import type { ChatSession } from './chatSession';
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
    private readonly connection: () => ConnectionInfo,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(session.onDidChange((entry) => {
      if (entry) this.post({ type: 'entry', entry });
      else this.postState();
    }));
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
    this.post({ type: 'state', state: { entries: this.session.all(), connection: this.connection() } });
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.log.warn('Ignored a malformed message from the chat panel', message);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.postState();
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
