// What the status bar and the panel header show about the connection: the connection's info, plus the
// window the agent budgets with now when a refused prompt shrank it. The agent owns that window (read
// through AgentSession.windowInForce, as /tokens reads it): this only carries it to the two views, so
// they never show the detected window while the budget works with a smaller one.
import * as vscode from 'vscode';
import type { WindowInForce } from '../core/llm';
import type { ConnectionInfo } from '../shared/chatProtocol';
import type { Connection } from './connection';

/** Where the window in force comes from (the agent session). */
export interface WindowSource {
  windowInForce(info: ConnectionInfo): WindowInForce | undefined;
  readonly onDidChangeWindow: vscode.Event<void>;
}

export class ShownConnection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionInfo>();
  readonly onDidChange = this.changed.event;
  private source: WindowSource | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly connection: Pick<Connection, 'current' | 'onDidChange'>) {
    this.disposables.push(connection.onDidChange(() => this.changed.fire(this.current)));
  }

  /** The session is built after the views (it needs them): until then no agent has shrunk anything. */
  follow(source: WindowSource): void {
    this.source = source;
    this.disposables.push(source.onDidChangeWindow(() => this.changed.fire(this.current)));
  }

  get current(): ConnectionInfo {
    const info = this.connection.current;
    const window = info.status === 'ready' ? this.source?.windowInForce(info) : undefined;
    return window?.shrunkFrom ? { ...info, windowInForce: window.tokens } : info;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
