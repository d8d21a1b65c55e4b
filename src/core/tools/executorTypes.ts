// Shapes shared by the tool handlers: what they get (ports, limits, state holders, hooks for the UI)
// and what they give back.
import type { Approval, EditReview, ReviewHunk, Workspace } from '../ports';
import type { Plan, VerificationStatus } from '../plan';
import type { CodeIntel } from '../codeIndex/codeIntel';
import { MAX_ARGUMENT_CHARS } from './argumentSize';

export interface ToolOutcome {
  /** The tool did what was asked (the governor counts failures per tool and file). */
  ok: boolean;
  /** What the model reads next. */
  content: string;
  /** The file this call wrote (after the user accepted it). */
  wrote?: { path: string; created: boolean };
  /** The run was cancelled during this call: nothing was written, unless `wrote` says what the user accepted before. */
  cancelled?: boolean;
  /** read_file: the lines it returned (the governor's read-loop detector compares these, not the arguments). */
  lines?: { start: number; end: number };
  /** Not the tool's failure: the user rejected the edit, or a policy refused it (the governor does not count it as the model's). */
  refused?: 'user' | 'policy';
}

export interface ExecutorLimits {
  /** Lines one read_file returns; the rest is one more call away. */
  readLines: number;
  /** A line longer than this is cut (minified code would eat the window). */
  readLineChars: number;
  /** write_file may replace an existing file only up to this many lines: a small model rewriting a
   * longer file drops or invents code; patch is the way to change it. */
  rewriteMaxLines: number;
  searchResults: number;
  findResults: number;
  /** Definitions find_symbol lists. */
  symbolResults: number;
  commandTimeoutMs: number;
  commandOutputBytes: number;
  /** A string argument longer than this (characters) is refused before the tool runs. */
  argumentChars: number;
  /** find_symbol and explain_symbol wait this long for the code index (starting, or its worker busy), then say so. */
  indexWaitMs: number;
}

export const DEFAULT_LIMITS: ExecutorLimits = {
  readLines: 250,
  readLineChars: 400,
  rewriteMaxLines: 80,
  searchResults: 40,
  findResults: 100,
  symbolResults: 10,
  commandTimeoutMs: 120_000,
  commandOutputBytes: 12_000,
  argumentChars: MAX_ARGUMENT_CHARS,
  indexWaitMs: 10_000,
};

/** The plan lives in the loop; the todo tool reads and replaces it. */
export interface PlanHolder {
  plan: Plan;
  /** What the checks after the latest edits found: a step is done only when they passed. */
  verification: VerificationStatus;
  onChange?(plan: Plan): void;
}

/** The working-memory scratchpad (persisted through the Store port by its implementation). */
export interface WorkingMemoryPort {
  /** `signal`: the run's Stop ends the wait (the note may still be saved). */
  remember(key: string, value: string, signal?: AbortSignal): Promise<string>;
  load(key?: string, signal?: AbortSignal): Promise<string>;
}

/**
 * An edit written to a file; `changedOutsideRun`: the file also holds changes that are not this edit's
 * (see CheckpointFile). `after`: the file as read right after the write (a save may have changed it
 * further), so that later changes are known not to be the run's; absent when that read failed.
 */
export interface AcceptedEdit { path: string; created: boolean; partial: boolean; changedOutsideRun?: true; after?: string | null }

export interface ExecutorHooks {
  editProposed(edit: { path: string; original: string | null; proposed: string; hunks: ReviewHunk[] }): void;
  editAccepted(edit: AcceptedEdit): void;
  editRejected(edit: { path: string; reason?: string }): void;
  /** An approved command (or an MCP tool) is about to run, and has ended: what it does to the run's files is the run's. */
  commandStarts(): Promise<void>;
  commandEnded(): Promise<void>;
}

export interface ExecutorContext {
  workspace: Workspace;
  review: EditReview;
  approval: Approval;
  /** 'ask': every edit goes through EditReview and waits; 'auto': applied as proposed. */
  editApproval: 'ask' | 'auto';
  plan: PlanHolder;
  memory: WorkingMemoryPort;
  /** Values this conversation found secret (a .env file's values): a memory note is saved without them. */
  knownSecrets?: () => ReadonlySet<string>;
  /** The code index behind find_symbol and explain_symbol (absent: they say so). */
  codeIntel?: CodeIntel;
  limits: ExecutorLimits;
  /** Whole-file rewrites refused once as deleting much of a file (path and content): sent again, they go on. */
  refusedRewrites: Set<string>;
  hooks?: Partial<ExecutorHooks>;
  signal?: AbortSignal;
}
