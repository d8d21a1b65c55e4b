// Asks the user before a shell command runs, as `smallcode.approval.commands` says: in the chat, as a
// card with the command and Run / Skip / "Always allow" (never a modal dialog that blocks the window).
// "Always allow" allows the exact command in this workspace (WorkspaceAllowedCommands; "SmallCode:
// Forget commands allowed in this workspace" lists and drops them). A stopped run withdraws its card;
// an unanswered card never runs.
// A card asked while the chat is out of sight (the side bar shows the Explorer, say) would wait unseen:
// then a notification offers to show it, and SmallCode's icon carries a badge until it is answered. The
// same holds for a card the user turned away from (asked while the chat showed, then hidden unanswered):
// one notification per spell of waiting, however many cards it holds.
import * as vscode from 'vscode';
import type { ApprovalChoice, ChatEntry } from '../../shared/chatProtocol';
import type { Approval, ApprovalDecision, CommandRequest } from '../../core/ports';
import type { ChatTranscript } from '../chatTranscript';
import { readSettings } from '../settings';
import type { WorkspaceAllowedCommands } from './workspaceAllowedCommands';

const DECLINED = 'The user declined to run this command. Do not run it again; ask, or go on without it.';

/** The chat panel, as far as a question in it needs it (ChatViewProvider). */
export interface ApprovalPanel {
  readonly visible: boolean;
  reveal(): Promise<void>;
  /** How many questions wait (a badge while the panel is hidden). */
  setWaiting(count: number): void;
  /** The panel went out of sight. */
  readonly onDidHide: vscode.Event<void>;
}

export class VsCodeCommandApproval implements Approval, vscode.Disposable {
  /** Cards waiting for an answer, by entry id. */
  private readonly waiting = new Map<string, (choice: ApprovalChoice | 'cancelled') => void>();
  /** Whether the notification was shown since cards began to wait (reset once none waits). */
  private notified = false;
  private readonly onHide: vscode.Disposable;

  constructor(private readonly transcript: Pick<ChatTranscript, 'newId' | 'put'>, private readonly panel: ApprovalPanel, private readonly allowed: WorkspaceAllowedCommands) {
    this.onHide = panel.onDidHide(() => { if (this.waiting.size > 0) this.notify(); });
  }

  async approveCommand(request: CommandRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    const settings = readSettings();
    if (settings.commandApproval === 'never') return { approved: false, reason: 'Running commands is turned off in the user\'s settings (smallcode.approval.commands).' };
    if (settings.commandApproval === 'auto' && request.warnings.length === 0) return { approved: true };
    if (settings.allowedCommands.includes(request.command) || this.allowed.has(request.command)) return { approved: true };
    if (signal?.aborted) return { approved: false, reason: 'The run was stopped.' };
    const choice = await this.ask(request, signal);
    if (choice === 'always') await this.allowed.add(request.command);
    if (choice === 'run' || choice === 'always') return { approved: true };
    return { approved: false, reason: choice === 'cancelled' ? 'The run was stopped.' : DECLINED };
  }

  /** The user's answer on a card (from the chat); unknown or already answered cards are ignored. */
  decide(id: string, choice: ApprovalChoice): boolean {
    const resolve = this.waiting.get(id);
    if (!resolve) return false;
    resolve(choice);
    return true;
  }

  private ask(request: CommandRequest, signal?: AbortSignal): Promise<ApprovalChoice | 'cancelled'> {
    const entry: ChatEntry = { id: this.transcript.newId(), role: 'approval', text: '', approval: { command: request.command, warnings: [...request.warnings], state: 'pending' } };
    this.transcript.put(entry);
    return new Promise((resolve) => {
      const settle = (choice: ApprovalChoice | 'cancelled') => {
        if (!this.waiting.delete(entry.id)) return;
        if (this.waiting.size === 0) this.notified = false;
        signal?.removeEventListener('abort', onAbort);
        this.panel.setWaiting(this.waiting.size);
        const state = choice === 'run' ? 'approved' : choice === 'skip' ? 'declined' : choice;
        this.transcript.put({ ...entry, approval: { ...entry.approval!, state } });
        resolve(choice);
      };
      const onAbort = () => settle('cancelled');
      this.waiting.set(entry.id, settle);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.panel.setWaiting(this.waiting.size);
      if (!this.panel.visible) this.notify();
    });
  }

  /**
   * The card is out of sight: say so, with a way to it. The command stays on the card: a notification
   * renders [text](link) as links, and the command is the model's text. (VS Code cannot withdraw a
   * notification once the card is answered; its Show then just opens the chat.)
   */
  private notify(): void {
    if (this.notified) return;
    this.notified = true;
    void vscode.window.showInformationMessage('SmallCode asks before it runs a command: answer in the chat.', 'Show').then((pick) => {
      if (pick === 'Show') void this.panel.reveal();
    });
  }

  dispose(): void {
    this.onHide.dispose();
    for (const settle of [...this.waiting.values()]) settle('cancelled');
  }
}
