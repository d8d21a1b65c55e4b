// An answer the run's own facts do not back: the checks after the last edit still fail, or nothing was
// written while the last write call failed. Judged from what happened, never from the task's wording
// (a question needs no edit). The model is asked once; a second answer ends the run with the doubt on it.
import type { Refusal } from '../governor/types';
import type { VerificationStatus } from '../plan';

/** The run's last call to a tool that writes files (one that validated and ran), and whether it wrote. */
export interface LastWrite {
  tool: string;
  ok: boolean;
  /** The user or a policy (outside the workspace, read-only, a redaction mark) said no: not the model's failure. */
  refused?: Refusal;
}

export type UnbackedAnswer =
  | { kind: 'checks-failing'; reason: string }
  | { kind: 'no-changes'; tool: string };

export interface AnswerFacts {
  verification: VerificationStatus;
  wroteFiles: boolean;
  lastWrite?: LastWrite;
  /** The user rejected an edit: their answer, not the model's failure. */
  userRejected: boolean;
}

export function unbackedAnswer(facts: AnswerFacts): UnbackedAnswer | undefined {
  if (facts.userRejected) return undefined;
  // the checks run after every reply's edits, so a failing status here is what they last reported
  if (facts.wroteFiles && !facts.verification.passed) return { kind: 'checks-failing', reason: facts.verification.reason };
  // a write refused by policy is, like the user's no, something the model may rightly answer it could not do
  if (!facts.wroteFiles && facts.lastWrite && !facts.lastWrite.ok && !facts.lastWrite.refused) return { kind: 'no-changes', tool: facts.lastWrite.tool };
  return undefined;
}

/** What the model is told before its answer is taken. */
export function unbackedReminder(doubt: UnbackedAnswer): string {
  return doubt.kind === 'checks-failing'
    ? `The checks still report ${doubt.reason}. Fix them, or say why you stop.`
    : `No file was changed: your last ${doubt.tool} call failed. Make the change, or say why it cannot be done.`;
}

/** What the user is shown when the model is asked again. */
export function unbackedReminderShown(doubt: UnbackedAnswer): string {
  return doubt.kind === 'checks-failing'
    ? `The model stopped while the checks still report ${doubt.reason}; SmallCode asked it to fix them or say why it stops.`
    : `The model stopped without changing a file after its ${doubt.tool} call failed; SmallCode asked it to make the change or say why it cannot.`;
}
