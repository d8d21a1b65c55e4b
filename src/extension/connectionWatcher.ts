// Looks for the model server again in the background while the chat panel is visible and no server
// is connected, so a server started after the panel opened is found without the user sending a task
// or pressing Retry. Cheap and bounded: one detection at a time (each probe has its own time limit),
// backing off from a few seconds to half a minute, and nothing at all while the panel is hidden.
import * as vscode from 'vscode';
import type { Connection } from './connection';

export interface WatchTiming {
  firstDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_TIMING: WatchTiming = { firstDelayMs: 3_000, maxDelayMs: 30_000 };

export class ConnectionWatcher implements vscode.Disposable {
  private visible = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay: number;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connection: Connection, private readonly timing: WatchTiming = DEFAULT_TIMING) {
    this.delay = timing.firstDelayMs;
    this.subscription = connection.onDidChange(() => this.update());
  }

  /** The panel was shown or hidden. Showing it starts over with a short delay. */
  setVisible(visible: boolean): void {
    if (visible && !this.visible) this.delay = this.timing.firstDelayMs;
    this.visible = visible;
    this.update();
  }

  private get wanted(): boolean {
    const status = this.connection.current.status;
    // 'unknown': the panel's first detection is on its way; 'detecting': one is running now.
    return this.visible && (status === 'no-server' || status === 'error');
  }

  private update(): void {
    if (!this.wanted) {
      this.cancel();
      if (this.connection.current.status === 'ready') this.delay = this.timing.firstDelayMs;
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (!this.wanted) return;
      this.delay = Math.min(this.delay * 2, this.timing.maxDelayMs);
      // Quiet: the panel keeps showing the setup card until something answers.
      void this.connection.refresh({ quiet: true }).finally(() => this.update());
    }, this.delay);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancel();
    this.subscription.dispose();
  }
}
