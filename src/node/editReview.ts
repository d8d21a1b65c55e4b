// Edit review in headless use. `reviewEdit` (per hunk: accept, reject with a reason, or partial
// content) decides when given; otherwise `approve` decides the whole edit. Only a clear yes stands
// (see approval.ts). Without either callback the API runs unattended and edits are applied without
// asking (`SmallCode` sets the executor to 'auto'), except edits to files that decide what a command
// runs: those reach this review, and with nobody to ask they are refused.
import { formatHunks } from '../core/edit/hunks';
import { commandDecision, editDecision } from '../core/tools/decisions';
import type { EditDecision, EditReview, ProposedEdit } from '../core/ports';
import { askBounded, DEFAULT_APPROVAL_TIMEOUT_MS, type Approve } from './approval';

export type ReviewEdit = (edit: ProposedEdit) => EditDecision | Promise<EditDecision>;

export interface CallbackEditReviewOptions {
  reviewEdit?: ReviewEdit;
  approve?: Approve;
  timeoutMs?: number;
}

export const NOBODY_TO_APPROVE = 'nobody can approve it in this session (no approve or reviewEdit callback was given)';

export class CallbackEditReview implements EditReview {
  private readonly options: CallbackEditReviewOptions;

  /** A bare function is `reviewEdit`; without callbacks every edit that reaches the review is accepted. */
  constructor(options: ReviewEdit | CallbackEditReviewOptions = {}) {
    this.options = typeof options === 'function' ? { reviewEdit: options } : options;
  }

  async propose(edit: ProposedEdit, signal?: AbortSignal): Promise<EditDecision> {
    if (signal?.aborted) return { kind: 'rejected', reason: 'cancelled' };
    const { reviewEdit, approve } = this.options;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
    if (reviewEdit) {
      const asked = await askBounded(() => reviewEdit(edit), timeoutMs, signal);
      return 'no' in asked ? { kind: 'rejected', reason: `not approved: ${asked.no}` } : editDecision(asked.answer);
    }
    if (approve) {
      const hunks = edit.hunks ?? [];
      const request = {
        kind: 'edit' as const, path: edit.path, original: edit.original, proposed: edit.proposed, diff: formatHunks(hunks), hunks,
        ...(edit.runsCommands ? { runsCommands: edit.runsCommands } : {}),
      };
      const asked = await askBounded(() => approve(request), timeoutMs, signal);
      if ('no' in asked) return { kind: 'rejected', reason: `not approved: ${asked.no}` };
      const decision = commandDecision(asked.answer);
      return decision.approved ? { kind: 'accepted' } : { kind: 'rejected', ...(decision.reason ? { reason: decision.reason } : {}) };
    }
    if (edit.runsCommands) return { kind: 'rejected', reason: `${edit.runsCommands}, and ${NOBODY_TO_APPROVE}` };
    return { kind: 'accepted' };
  }
}
