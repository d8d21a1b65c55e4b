// The `todo` tool rewrites the whole plan each time (the simplest contract for a small model).
// We match its steps to the existing ones by text, so ids and notes survive, and we enforce the
// one rule the model cannot be trusted with: a step is done only when verification passed.
import type { Plan, PlanStep, StepState, VerificationStatus } from './types';

/** More steps than this and the plan itself crowds out the code; the model should group them. */
export const MAX_PLAN_STEPS = 12;
/** A step is a line, not a paragraph. */
export const MAX_STEP_CHARS = 120;

/** A step as the todo tool's arguments carry it; states in the words models actually use. */
export interface TodoStepInput {
  text: string;
  state?: string;
}

export interface PlanUpdate {
  plan: Plan;
  /** Steps the model marked done that stay in progress because verification failed. */
  blocked: PlanStep[];
  /** Short text for the tool result: what changed and, if blocked, why. */
  feedback: string;
}

const STATE_WORDS: Record<string, StepState> = {
  pending: 'pending', todo: 'pending', open: 'pending', not_started: 'pending', planned: 'pending',
  doing: 'in_progress', in_progress: 'in_progress', active: 'in_progress', current: 'in_progress', started: 'in_progress', working: 'in_progress', wip: 'in_progress',
  done: 'done', complete: 'done', completed: 'done', finished: 'done', ok: 'done',
  failed: 'failed', blocked: 'failed', error: 'failed', skipped: 'failed', cancelled: 'failed',
};

/** The state a word names, or undefined for a word no model uses for a state. */
export function stepStateOf(word: string): StepState | undefined {
  return STATE_WORDS[word.trim().toLowerCase().replace(/[\s-]+/g, '_')];
}

export function parseStepState(word: string | undefined): StepState {
  return stepStateOf(word ?? '') ?? 'pending';
}

const normalise = (text: string) => text.trim().toLowerCase().replace(/^(?:\d+[.)]|[-*]|\[[ x>]\])\s*/i, '').replace(/\s+/g, ' ');

function clip(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > MAX_STEP_CHARS ? `${t.slice(0, MAX_STEP_CHARS - 1)}…` : t;
}

export function applyTodo(plan: Plan, input: readonly TodoStepInput[], verification: VerificationStatus): PlanUpdate {
  const previous = new Map(plan.steps.map((s) => [normalise(s.text), s]));
  let nextId = plan.steps.reduce((max, s) => Math.max(max, s.id), 0) + 1;
  const steps: PlanStep[] = [];
  const blocked: PlanStep[] = [];
  const seen = new Set<string>();
  for (const item of input) {
    if (typeof item?.text !== 'string' || item.text.trim() === '') continue;
    const key = normalise(item.text);
    if (seen.has(key)) continue; // a step listed twice is one step
    seen.add(key);
    if (steps.length === MAX_PLAN_STEPS) break;
    const old = previous.get(key);
    const wanted = parseStepState(item.state);
    const step: PlanStep = { id: old?.id ?? nextId++, text: old?.text ?? clip(item.text), state: wanted };
    if (wanted === 'done' && old?.state !== 'done' && !verification.passed) {
      step.state = 'in_progress';
      step.note = `not verified: ${verification.reason}`;
      blocked.push(step);
    } else if (wanted === old?.state && old.note) {
      step.note = old.note;
    }
    steps.push(step);
  }
  const dropped = seen.size - steps.length;
  const lines: string[] = [`Plan updated: ${steps.filter((s) => s.state === 'done').length}/${steps.length} done.`];
  if (dropped > 0) lines.push(`Only the first ${MAX_PLAN_STEPS} steps were kept; group the rest into bigger steps.`);
  for (const b of blocked) lines.push(`Step ${b.id} is not done: ${b.note!.replace(/^not verified: /, '')}. Fix that first.`);
  return { plan: { steps }, blocked, feedback: lines.join('\n') };
}

/** The loop marks a step failed (e.g. the governor stopped while it was in progress). */
export function failStep(plan: Plan, id: number, reason: string): Plan {
  return { steps: plan.steps.map((s) => (s.id === id ? { ...s, state: 'failed', note: reason } : s)) };
}
