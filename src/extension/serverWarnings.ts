// Warnings about the model server itself (an Ollama too old to refuse an over-long prompt, see
// core/llm/ollamaVersion.ts). Detection runs before many tasks, so each is shown once per server and
// version a session; "Don't show again" remembers that server at that version for good, in globalState
// (the server belongs to the machine, not to a workspace), so a user who cannot update it is not told
// again in every window. A different server, or the same one at another version, warns again: another
// install, or one the user changed, is not the one they decided about.
import * as vscode from 'vscode';

export interface ServerWarning {
  /** Which server at which version the warning is about: what "Don't show again" remembers. */
  key: string;
  message: string;
  /** Where the server is updated (an Update button), when there is such a page. */
  updateUrl?: string;
}

/** The globalState entry: the keys of the warnings the user chose not to see again. */
export const DISMISSED_SERVER_WARNINGS = 'smallcode.dismissedServerWarnings';
/** The most keys kept (the oldest go first): servers and versions come and go. */
const REMEMBERED = 50;
export const DONT_SHOW_AGAIN = "Don't show again";
export const UPDATE = 'Update';

export class ServerWarnings {
  /** Shown (or found dismissed) this session. */
  private readonly seen = new Set<string>();

  constructor(private readonly state: vscode.Memento, private readonly log: vscode.LogOutputChannel) {}

  warn(warning: ServerWarning): void {
    if (this.seen.has(warning.key)) return;
    this.seen.add(warning.key);
    this.log.warn(warning.message);
    if (this.dismissed().includes(warning.key)) return;
    void this.show(warning).catch((error: unknown) => this.log.error(`The server warning could not be handled: ${String(error)}`));
  }

  private dismissed(): string[] {
    const keys = this.state.get<unknown>(DISMISSED_SERVER_WARNINGS);
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
  }

  private async show(warning: ServerWarning): Promise<void> {
    const buttons = warning.updateUrl ? [UPDATE, DONT_SHOW_AGAIN] : [DONT_SHOW_AGAIN];
    const pick = await vscode.window.showWarningMessage(`SmallCode: ${warning.message}`, ...buttons);
    if (pick === UPDATE && warning.updateUrl) await vscode.env.openExternal(vscode.Uri.parse(warning.updateUrl));
    if (pick !== DONT_SHOW_AGAIN) return;
    await this.state.update(DISMISSED_SERVER_WARNINGS, [...this.dismissed().filter((k) => k !== warning.key), warning.key].slice(-REMEMBERED));
    this.log.info(`Server warning dismissed for good: ${warning.key}`);
  }
}
