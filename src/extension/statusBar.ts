// The status bar item: which model SmallCode talks to, and the context window the budget works with.
import * as vscode from 'vscode';
import type { ConnectionInfo } from '../shared/chatProtocol';
import { loadCore } from './lazyCore';

export function formatTokens(tokens: number): string {
  return tokens >= 1024 ? `${Math.round(tokens / 1024)}k` : String(tokens);
}

/** The window the budget works with, as /tokens says it (with the detected one when a refused prompt shrank it). */
function windowLine(info: ConnectionInfo): string {
  if (!info.contextWindow) return 'Context window: unknown';
  const source = info.contextSource ? { source: info.contextSource } : {};
  const window = info.windowInForce ? { tokens: info.windowInForce, shrunkFrom: info.contextWindow } : { tokens: info.contextWindow };
  // the core is loaded by then: a connection is ready only after detection, which runs in it
  return `Context window: ${loadCore().describeWindowInForce({ ...window, ...source })}`;
}

const SELECT_MODEL = 'smallcode.selectModel';
/** VS Code's command that shows a view (its id + `.focus`): the chat panel. */
const OPEN_PANEL = 'smallcode.chatView.focus';

export class SmallCodeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('smallcode.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'SmallCode';
    this.item.command = SELECT_MODEL;
    this.item.show();
  }

  update(info: ConnectionInfo): void {
    this.item.command = SELECT_MODEL;
    const model = info.modelLabel ?? (info.model || 'no model');
    switch (info.status) {
      case 'detecting':
        this.item.text = '$(sync~spin) SmallCode';
        this.item.tooltip = 'SmallCode: looking for a model server';
        break;
      case 'ready':
        this.item.text = `${info.advice ? '$(warning)' : '$(hubot)'} ${model}${info.contextWindow ? ` · ${formatTokens(info.windowInForce ?? info.contextWindow)}` : ''}`;
        this.item.tooltip = `SmallCode: ${info.model || model} on ${info.serverName} (${info.endpoint})\n${windowLine(info)}${info.advice ? `\n\n${info.advice}` : ''}\nClick to select a model`;
        break;
      case 'no-server':
      case 'error':
        // A server that answered is not "no server": say what it wants.
        this.item.text = `$(warning) SmallCode: ${info.status === 'no-server' ? 'no server' : info.problem === 'unauthorised' ? 'key needed' : 'error'}`;
        if (info.problem === 'unauthorised') {
          // Select model cannot list a keyed server's models: the panel's card has Set API key.
          this.item.tooltip = `SmallCode: ${info.message ?? 'the server needs an API key'}\nClick to open SmallCode and set the key`;
          this.item.command = OPEN_PANEL;
          return;
        }
        this.item.tooltip = `SmallCode: ${info.message ?? 'no model server found'}\nClick to look again and select a model`;
        break;
      default:
        this.item.text = `$(hubot) ${info.modelLabel ?? (info.model || 'SmallCode')}`;
        this.item.tooltip = 'SmallCode: click to find a model server and select a model';
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
