// The current plan: each step with its state, the one in progress highlighted, notes (why a step is
// not done yet) under it. A <details>, so it folds away and is reachable by keyboard.
import type { PlanView, PlanStepState } from '../shared/chatProtocol';
import { el, panelBody } from './dom';

const ICON: Record<PlanStepState, string> = { pending: '○', in_progress: '◐', done: '✓', failed: '✕' };
const SPOKEN: Record<PlanStepState, string> = { pending: 'to do', in_progress: 'in progress', done: 'done', failed: 'failed' };

/** Fills `container` (a <details>) with the plan; hides it when there is none. Keeps its open/closed state. */
export function renderPlan(container: HTMLDetailsElement, plan: PlanView | null | undefined): void {
  container.hidden = !plan || plan.steps.length === 0;
  if (container.hidden || !plan) { container.replaceChildren(); return; }
  const summary = el('summary', 'panel-summary');
  const current = plan.steps.find((s) => s.id === plan.current);
  summary.append(el('span', 'panel-title', 'Plan'), el('span', 'panel-figure', `${plan.done}/${plan.total}`));
  if (current) summary.append(el('span', 'panel-hint', current.text));
  const list = el('ol', 'plan-steps');
  list.setAttribute('aria-label', `Plan, ${plan.done} of ${plan.total} steps done`);
  for (const step of plan.steps) {
    const item = el('li', 'plan-step');
    item.dataset.state = step.state;
    if (step.id === plan.current) item.setAttribute('aria-current', 'step');
    const icon = el('span', 'plan-icon', ICON[step.state]);
    icon.setAttribute('aria-hidden', 'true');
    const text = el('span', 'plan-text', step.text);
    item.append(icon, text);
    item.setAttribute('aria-label', `Step ${step.id}, ${SPOKEN[step.state]}: ${step.text}${step.note ? ` (${step.note})` : ''}`);
    if (step.note && step.state !== 'done') item.append(el('div', 'plan-note', step.note));
    list.append(item);
  }
  container.replaceChildren(summary, panelBody(list));
}
