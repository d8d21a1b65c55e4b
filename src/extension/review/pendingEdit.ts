// One proposal under review in VS Code: the core's hunk bookkeeping (HunkReview, from the lazily
// loaded core) plus what VS Code needs to show it: the virtual documents of the diff. It settles
// (resolving the proposer's promise) once no hunk is pending.
import type * as vscode from 'vscode';
import type { HunkReview } from '../../core/edit';
import type { EditDecision, ProposedEdit } from '../../core/ports';
import { loadCore } from '../lazyCore';
import { ProposedDocuments } from './proposedDocuments';
import type { ReviewTarget } from './reviewPath';

let nextId = 1;

/** Why the file differs from a proposal whose every hunk was accepted. */
const SAVE_CHANGED = 'every hunk was accepted; saving the file then changed it further (format on save, code actions on save, trimmed whitespace or a final newline, as the user\'s settings ask)';
/** Why it differs when the save did not change it: the file had other changes when the hunks were applied. */
const CHANGED_MEANWHILE = 'every hunk was accepted and applied to the file as it was then, which also had changes made while the edit waited (the user\'s typing or another program)';

export class PendingEdit {
  readonly id = String(nextId++);
  readonly hunks: HunkReview;
  readonly original: string | null;
  readonly proposed: string;
  readonly proposedUri: vscode.Uri;
  /** The left side of the diff: the real file, or an empty virtual document for a new file. */
  readonly originalUri: vscode.Uri;
  /** Why this file is always asked about (it decides what a command runs), to tell the user. */
  readonly runsCommands: string | undefined;
  /** The document's text right after the last accepted hunks were applied, before saving it. */
  appliedText: string | undefined;

  constructor(
    readonly target: ReviewTarget,
    edit: ProposedEdit,
    private readonly settle: (decision: EditDecision) => void,
    /** The run's: a question asked while deciding (save the user's typing?) ends with Stop. */
    readonly signal?: AbortSignal,
  ) {
    // The core diffed the edit once; the review shows and applies exactly those hunks.
    this.hunks = new (loadCore().HunkReview)(edit.hunks, edit.original);
    this.original = edit.original;
    this.proposed = edit.proposed;
    this.runsCommands = edit.runsCommands;
    this.proposedUri = ProposedDocuments.uriFor(target.rel, this.id, 'proposed');
    this.originalUri = edit.original === null ? ProposedDocuments.uriFor(target.rel, this.id, 'empty') : target.uri;
  }

  get isNewFile(): boolean {
    return this.original === null;
  }

  /** Tells the proposer what happened once every hunk is decided; `finalText` is the file as the review left it. */
  finish(finalText: string | null): void {
    const decision = this.hunks.decision(this.proposed, finalText);
    // Every hunk accepted, and still the file is not the proposal: saving changed it, or (when the
    // save left what the accepts made) the file had changed meanwhile.
    if (decision.kind === 'partial' && this.hunks.states.every((s) => s === 'accepted')) {
      this.settle({ ...decision, reason: finalText === this.appliedText ? CHANGED_MEANWHILE : SAVE_CHANGED, allAccepted: true });
      return;
    }
    this.settle(decision);
  }

  /**
   * The review ended before every hunk was decided: the run stopped (`failure` undefined) or deciding
   * failed. The hunks accepted so far are in the file already (`finalText`, the file now): the proposer
   * is told they were written ('partial'); none: nothing was.
   */
  ended(finalText: string | null, failure?: string): void {
    const decision = this.hunks.decision(this.proposed, finalText);
    if (decision.kind === 'rejected') return failure === undefined ? this.abandon('cancelled') : this.abandon(failure, true);
    const count = (indexes: number[], one: string, many: string) => `${this.hunks.labels(indexes)} ${indexes.length === 1 ? one : many}`;
    const pending = this.hunks.pendingIndexes();
    if (failure === undefined) {
      this.settle(pending.length ? { kind: 'partial', content: finalText!, reason: `the run was stopped before ${count(pending, 'was', 'were')} decided` } : decision);
      return;
    }
    const accepted = this.hunks.states.flatMap((s, i) => (s === 'accepted' ? [i] : []));
    const others = this.hunks.states.some((s) => s === 'rejected' || s === 'refused') ? this.hunks.describeRefusals() : '';
    const undecided = pending.length ? `${count(pending, 'was', 'were')} not decided` : '';
    const reason = [`${count(accepted, 'was', 'were')} accepted and applied, then ${failure}`, undecided, others].filter(Boolean).join('; ');
    this.settle({ kind: 'partial', content: finalText!, reason });
  }

  /**
   * Settles as rejected with this reason (a cancel before any hunk was accepted, or a failure while
   * deciding); `failed`: the review could not show or apply it, which is no decision of the user's.
   */
  abandon(reason: string, failed = false): void {
    this.settle({ kind: 'rejected', reason, ...(failed ? { refused: true as const } : {}) });
  }
}
