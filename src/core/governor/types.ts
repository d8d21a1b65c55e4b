// What the governor looks at (the turn history, as the loop records it) and what it answers with.

/** One tool call as executed. Args are the validated arguments (after the parser's repairs). */
export interface CallRecord {
  name: string;
  args: Record<string, unknown>;
  /** The tool did what was asked (file read, patch applied, command exited 0…). */
  ok: boolean;
  /** The call's id in the conversation (to tell which results the budget has since removed). */
  id?: string;
  /** read_file: the lines it returned (one page of a long file, not the whole file). */
  lines?: { start: number; end: number };
  /** The budget has since removed this call's result (its stub says "Run the tool again"). */
  resultRemoved?: boolean;
  /**
   * A failed call that the tool never judged: the user rejected it, a policy refused it (a protected path,
   * a redaction mark), or it was held because the reply was cut. Only a failure of the tool itself (SEARCH
   * not in the file, write_file on a long file) says the model's call was wrong.
   */
  refused?: Refusal;
  /** The call never ran: it named no tool that exists, or its arguments did not fit (the error the model was given). */
  invalid?: string;
}

export type Refusal = 'user' | 'policy' | 'held';

/** One model reply and the calls it made. */
export interface TurnRecord {
  /** Visible reply text, reasoning removed (leftover <think> blocks are tolerated). */
  text: string;
  /** Reasoning the model produced, if the server or parser separated it. */
  reasoning?: string;
  calls: CallRecord[];
  /**
   * The reply had call markup that could not be read (`broken`), or was cut at the length limit in the
   * middle of a call or with calls held back (`cut`).
   */
  unreadable?: 'broken' | 'cut';
}

export type DetectorName = 'repetition' | 'cycle' | 'patch-spiral' | 'read-loop' | 'greeting' | 'empty-reply' | 'unreadable-calls' | 'user-rejected' | 'invalid-calls' | 'failing-runs';

/**
 * `nudge`: a gentle correction; `warn`: the model is stuck, say so firmly (and show the user);
 * `stop`: escalation is exhausted, end the run and tell the user why.
 */
export type Severity = 'nudge' | 'warn' | 'stop';

export interface Intervention {
  detector: DetectorName;
  severity: Severity;
  /** For the model (phrased for a small model: short, concrete, one instruction). For `stop`, for the user. */
  message: string;
  /** The file concerned (patch spiral, read loop), so the loop can re-read it for the model. */
  path?: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { stop: 0, warn: 1, nudge: 2 };
