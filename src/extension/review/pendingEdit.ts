// One proposal under review: its hunks, what the user decided for each, and where each is expected
// in the document now. It settles (resolving the proposer's promise) once no hunk is pending.
import * as vscode from 'vscode';
import { computeHunks } from '../../core/edit';
import type { EditHunk } from '../../core/edit';
import type { EditDecision } from '../../core/ports';
import { hunkLabel, newlineCount, projectHunks, type Projection } from './hunkLocation';
import { ProposedDocuments } from './proposedDocuments';
import type { ReviewTarget } from './reviewPath';

export type HunkState = 'pending' | 'accepted' | 'rejected' | 'refused';

let nextId = 1;

export class PendingEdit {
  readonly id = String(nextId++);
  readonly hunks: EditHunk[];
  readonly states: HunkState[];
  /** Why a hunk was refused (its text changed under it), by hunk index. */
  readonly refusals = new Map<number, string>();
  /** 1-based line where each hunk's old text is expected in the document now. */
  private readonly expectedLines: number[];
  readonly proposedUri: vscode.Uri;
  /** The left side of the diff: the real file, or an empty virtual document for a new file. */
  readonly originalUri: vscode.Uri;

  constructor(
    readonly target: ReviewTarget,
    readonly original: string | null,
    readonly proposed: string,
    private readonly settle: (decision: EditDecision) => void,
  ) {
    // Hunks are recomputed rather than taken from the proposal: applying needs their exact text.
    this.hunks = computeHunks(original ?? '', proposed);
    this.states = this.hunks.map(() => 'pending');
    this.expectedLines = this.hunks.map((h) => Math.max(1, h.oldStart));
    this.proposedUri = ProposedDocuments.uriFor(target.rel, this.id, 'proposed');
    this.originalUri = original === null ? ProposedDocuments.uriFor(target.rel, this.id, 'empty') : target.uri;
  }

  get isNewFile(): boolean {
    return this.original === null;
  }

  pendingIndexes(): number[] {
    return this.states.flatMap((s, i) => (s === 'pending' ? [i] : []));
  }

  isSettled(): boolean {
    return this.pendingIndexes().length === 0;
  }

  /** The pending hunks placed in `text`: for the diff's right side, the decorations and CodeLens. */
  project(text: string): Projection {
    return projectHunks(text, this.pendingIndexes().map((i) => ({ hunk: this.hunks[i]!, expectedLine: this.expectedLines[i]! })));
  }

  expectedLine(index: number): number {
    return this.expectedLines[index]!;
  }

  /** After hunks were applied at these lines, the pending ones below them moved by the line delta. */
  shiftAfterApplied(applied: readonly { index: number; line: number }[]): void {
    for (const i of this.pendingIndexes()) {
      let shift = 0;
      for (const a of applied) {
        if (a.line < this.expectedLines[i]!) shift += newlineCount(this.hunks[a.index]!.newText) - newlineCount(this.hunks[a.index]!.oldText);
      }
      this.expectedLines[i] = Math.max(1, this.expectedLines[i]! + shift);
    }
  }

  /** What the proposer is told once every hunk is decided; `finalText` is the file as the review left it. */
  finish(finalText: string | null): void {
    const accepted = this.states.filter((s) => s === 'accepted').length;
    if (accepted === 0 || finalText === null) {
      this.settle({ kind: 'rejected', reason: this.describeRefusals() });
      return;
    }
    this.settle(finalText === this.proposed ? { kind: 'accepted' } : { kind: 'partial', content: finalText, reason: this.describeRefusals() });
  }

  cancel(): void {
    this.settle({ kind: 'rejected', reason: 'cancelled' });
  }

  /** "rejected by the user: hunk 2 of 2 (lines 10-12); not applied: hunk 1 of 2 (…): its lines changed…" */
  describeRefusals(): string {
    const total = this.hunks.length;
    const rejected = this.hunks.filter((h) => this.states[h.index] === 'rejected').map((h) => hunkLabel(h, total));
    const refused = this.hunks.filter((h) => this.states[h.index] === 'refused').map((h) => `${hunkLabel(h, total)}: ${this.refusals.get(h.index)}`);
    const parts: string[] = [];
    if (rejected.length) parts.push(`rejected by the user: ${rejected.join(', ')}`);
    if (refused.length) parts.push(`not applied: ${refused.join('; ')}`);
    return parts.join('; ') || 'rejected by the user';
  }
}
