export type { Plan, PlanStep, StepState, PlanSnapshot, VerificationStatus } from './types';
export { EMPTY_PLAN } from './types';
export { applyTodo, failStep, parseStepState, stepStateOf, MAX_PLAN_STEPS, MAX_STEP_CHARS, type TodoStepInput, type PlanUpdate } from './updatePlan';
export { renderPlanForPrompt, planSnapshot } from './renderPlan';
