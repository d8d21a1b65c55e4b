// The plan as the model sees it each turn (a few tokens per step) and as the UI receives it.
import type { Plan, PlanSnapshot, StepState } from './types';

/** A note is a reminder, not a log: the full errors are in the tool results. */
const MAX_NOTE_CHARS = 80;

const MARK: Record<StepState, string> = { pending: '[ ]', in_progress: '[>]', done: '[x]', failed: '[!]' };

/** e.g. "Plan 1/3:\n[x] 1 Add parser\n[>] 2 Wire CLI (not verified: 2 errors)\n[ ] 3 Tests". '' for no plan. */
export function renderPlanForPrompt(plan: Plan): string {
  if (plan.steps.length === 0) return '';
  const done = plan.steps.filter((s) => s.state === 'done').length;
  const lines = plan.steps.map((s) => {
    const note = s.note && s.state !== 'done' ? ` (${s.note.length > MAX_NOTE_CHARS ? `${s.note.slice(0, MAX_NOTE_CHARS - 1)}…` : s.note})` : '';
    return `${MARK[s.state]} ${s.id} ${s.text}${note}`;
  });
  return [`Plan ${done}/${plan.steps.length}:`, ...lines].join('\n');
}

export function planSnapshot(plan: Plan): PlanSnapshot {
  const current = plan.steps.find((s) => s.state === 'in_progress')?.id;
  return {
    steps: plan.steps.map((s) => ({ ...s })),
    done: plan.steps.filter((s) => s.state === 'done').length,
    total: plan.steps.length,
    ...(current !== undefined ? { current } : {}),
  };
}
