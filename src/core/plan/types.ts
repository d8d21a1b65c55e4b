// The plan the model works through: small steps it can hold in a small context, each with a state
// the user sees and the model is reminded of every turn.

export type StepState = 'pending' | 'in_progress' | 'done' | 'failed';

export interface PlanStep {
  /** Stable across updates (steps are matched by text), 1-based. */
  id: number;
  text: string;
  state: StepState;
  /** Why a step is not done yet (failed verification) or failed. */
  note?: string;
}

export interface Plan {
  steps: PlanStep[];
}

/** What the verification after the latest edits found; the loop runs it, the plan only obeys it. */
export type VerificationStatus = { passed: true } | { passed: false; reason: string };

/** Plain data for the UI (the webview's plan panel). */
export interface PlanSnapshot {
  steps: PlanStep[];
  done: number;
  total: number;
  /** The step in progress, if any. */
  current?: number;
}

export const EMPTY_PLAN: Plan = { steps: [] };
