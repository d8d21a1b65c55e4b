// Asks the user before a shell command runs, as the `smallcode.approval.commands` setting says.
import * as vscode from 'vscode';
import type { Approval, ApprovalDecision, CommandRequest } from '../../core/ports';
import { readSettings } from '../settings';

export class VsCodeCommandApproval implements Approval {
  async approveCommand(request: CommandRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    const mode = readSettings().commandApproval;
    if (mode === 'never') return { approved: false, reason: 'Running commands is turned off in the user\'s settings (smallcode.approval.commands).' };
    if (mode === 'auto' && request.warnings.length === 0) return { approved: true };
    if (signal?.aborted) return { approved: false, reason: 'The run was stopped.' };
    const detail = [request.command, ...request.warnings.map((w) => `⚠ ${w}`)].join('\n');
    const choice = await vscode.window.showWarningMessage('SmallCode wants to run a command in your workspace.', { modal: true, detail }, 'Run');
    return choice === 'Run' ? { approved: true } : { approved: false, reason: 'The user declined to run this command.' };
  }
}
