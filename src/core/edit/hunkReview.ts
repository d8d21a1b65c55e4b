// The bookkeeping of one proposal under review, hunk by hunk: what the user decided for each, why a
// hunk was refused, where each is expected in the document now (earlier accepted hunks move the
// ones below), and the decision the proposer gets once none is pending. The host only shows the
// hunks and applies the replacements this hands it.
import type { EditDecision } from '../ports';
import { hunkCopies, type HunkCopy } from './hunkCopies';
import { hunkLabel, lineDelta, placeForApply, projectHunks, type HunkToPlace, type Placement, type Projection } from './hunkLocation';
import type { EditHunk } from './types';

export type HunkState = 'pending' | 'accepted' | 'rejected' | 'refused';

export class HunkReview {
  readonly states: HunkState[];
  /** Why a hunk was refused (its text changed under it), by hunk index. */
  private readonly refusals = new Map<number, string>();
  /** What the user said when rejecting a hunk ("Reject with feedback…"), by hunk index. */
  private readonly feedback = new Map<number, string>();
  /** 1-based line where each hunk's old text is expected in the document now. */
  private readonly expectedLines: number[];
  /**
   * How many times each hunk's old text is in the original with the accepted hunks applied (more
   * copies later means one was pasted), and which of them the hunk is.
   */
  private copies: HunkCopy[];

  /** `original`: the text the hunks were computed from (null or omitted: a new file, or unknown, taken as one copy each). */
  constructor(readonly hunks: readonly EditHunk[], private readonly original?: string | null) {
    this.states = hunks.map(() => 'pending');
    this.expectedLines = hunks.map((h) => Math.max(1, h.oldStart));
    this.copies = hunkCopies(original, hunks, new Set());
  }

  private toPlace(indexes: readonly number[]): HunkToPlace[] {
    return indexes.map((i) => ({ hunk: this.hunks[i]!, expectedLine: this.expectedLines[i]!, ...this.copies[i]! }));
  }

  pendingIndexes(): number[] {
    return this.states.flatMap((s, i) => (s === 'pending' ? [i] : []));
  }

  /** Of these hunks, the ones still waiting for a decision. */
  stillPending(indexes: readonly number[]): number[] {
    return indexes.filter((i) => this.states[i] === 'pending');
  }

  isSettled(): boolean {
    return this.pendingIndexes().length === 0;
  }

  expectedLine(index: number): number {
    return this.expectedLines[index]!;
  }

  /** The pending hunks placed in `text`: for the diff's right side, the decorations and CodeLens. */
  project(text: string): Projection {
    return projectHunks(text, this.toPlace(this.pendingIndexes()));
  }

  /** Where these hunks go in `text` to be applied now; the ones that cannot be placed are refused. */
  place(text: string, indexes: readonly number[]): Placement {
    const placement = placeForApply(text, this.toPlace(indexes));
    for (const r of placement.refused) this.refuse([r.index], r.error);
    return placement;
  }

  /** `feedback`: the user's sentence for the model, if they gave one. */
  reject(indexes: readonly number[], feedback?: string): void {
    const said = feedback?.trim();
    for (const i of indexes) {
      this.states[i] = 'rejected';
      if (said) this.feedback.set(i, said);
    }
  }

  refuse(indexes: readonly number[], why: string): void {
    for (const i of indexes) {
      this.states[i] = 'refused';
      this.refusals.set(i, why);
    }
  }

  /** These hunks were applied at these lines: the pending ones below them moved by their line delta. */
  accepted(applied: readonly { index: number; line: number }[]): void {
    for (const a of applied) this.states[a.index] = 'accepted';
    // an accepted hunk may have changed a copy of a pending hunk's old text
    this.copies = hunkCopies(this.original, this.hunks, new Set(this.states.flatMap((s, i) => (s === 'accepted' ? [i] : []))));
    for (const i of this.pendingIndexes()) {
      const shift = applied.filter((a) => a.line < this.expectedLines[i]!).reduce((sum, a) => sum + lineDelta(this.hunks[a.index]!), 0);
      this.expectedLines[i] = Math.max(1, this.expectedLines[i]! + shift);
    }
  }

  labels(indexes: readonly number[]): string {
    return indexes.map((i) => hunkLabel(this.hunks[i]!, this.hunks.length)).join(', ');
  }

  /** What the proposer is told once every hunk is decided; `finalText` is the file as the review left it. */
  decision(proposed: string, finalText: string | null): EditDecision {
    const accepted = this.states.filter((s) => s === 'accepted').length;
    if (accepted === 0 || finalText === null) return { kind: 'rejected', reason: this.describeRefusals() };
    return finalText === proposed ? { kind: 'accepted' } : { kind: 'partial', content: finalText, reason: this.describeRefusals() };
  }

  /**
   * "rejected by the user: hunk 2 of 2 (lines 10-12) (the user said: "keep the old name"); not applied:
   * hunk 1 of 2 (…): its lines changed…"
   */
  describeRefusals(): string {
    const total = this.hunks.length;
    const said = (i: number) => (this.feedback.has(i) ? ` (the user said: "${this.feedback.get(i)}")` : '');
    const rejected = this.hunks.filter((h) => this.states[h.index] === 'rejected').map((h) => `${hunkLabel(h, total)}${said(h.index)}`);
    const refused = this.hunks.filter((h) => this.states[h.index] === 'refused').map((h) => `${hunkLabel(h, total)}: ${this.refusals.get(h.index)}`);
    const parts: string[] = [];
    if (rejected.length) parts.push(`rejected by the user: ${rejected.join(', ')}`);
    if (refused.length) parts.push(`not applied: ${refused.join('; ')}`);
    return parts.join('; ') || 'rejected by the user';
  }
}
