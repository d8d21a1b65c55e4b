// Approval for shell commands in headless use. Without a callback every command is refused, so
// nothing runs on the user's machine unless they opted in.
import type { Approval, ApprovalDecision, CommandRequest } from '../core/ports';

export type ApproveCommand = (request: CommandRequest) => boolean | ApprovalDecision | Promise<boolean | ApprovalDecision>;

export const COMMANDS_DISABLED_REASON = 'Running commands is not enabled for this session.';

export class CallbackApproval implements Approval {
  constructor(private readonly approve?: ApproveCommand) {}

  async approveCommand(request: CommandRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
    if (!this.approve || signal?.aborted) return { approved: false, reason: COMMANDS_DISABLED_REASON };
    const answer = await this.approve(request);
    if (typeof answer === 'boolean') return answer ? { approved: true } : { approved: false, reason: 'The user declined this command.' };
    return answer;
  }
}
