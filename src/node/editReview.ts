// Edit review in headless use: a callback decides, and without one every edit is accepted (the
// programmatic API runs unattended; callers who want review pass a callback).
import type { EditDecision, EditReview, ProposedEdit } from '../core/ports';

export type ReviewEdit = (edit: ProposedEdit) => EditDecision | Promise<EditDecision>;

export class CallbackEditReview implements EditReview {
  constructor(private readonly review?: ReviewEdit) {}

  async propose(edit: ProposedEdit, signal?: AbortSignal): Promise<EditDecision> {
    if (signal?.aborted) return { kind: 'rejected', reason: 'cancelled' };
    return this.review ? this.review(edit) : { kind: 'accepted' };
  }
}
