// The status bar item: which model SmallCode talks to, and how full its context is.
import * as vscode from 'vscode';

export class SmallCodeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('smallcode.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'SmallCode';
    this.item.command = 'smallcode.selectModel';
    this.item.show();
  }

  update(model: string, context?: { used: number; window: number }): void {
    const label = model || 'no model';
    const use = context && context.window > 0 ? ` ${Math.round((100 * context.used) / context.window)}%` : '';
    this.item.text = `$(hubot) ${label}${use}`;
    this.item.tooltip = context
      ? `SmallCode: ${label}\nContext: ${context.used.toLocaleString()} of ${context.window.toLocaleString()} tokens\nClick to select a model`
      : `SmallCode: ${label}\nContext window not measured yet\nClick to select a model`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
