// The todo steps as models also write them: a bare string, `status` (OpenAI's todo shape) for `state`,
// state words of their own ("completed", "in_progress"). Read before validation, so a plan written in
// those words is taken instead of costing a turn; the plan module owns what the words mean.
import { stepStateOf, type StepState } from '../plan';

/** The tool's state words, by the plan's state (`failed` is the loop's to set, not the model's). */
const TOOL_STATE: Partial<Record<StepState, string>> = { pending: 'pending', in_progress: 'doing', done: 'done' };
/** Other names for a step's text, taken only when `text` is missing and exactly one of them is there. */
const TEXT_KEYS = ['step', 'task', 'title', 'description', 'content'];

export function looseTodoStep(step: unknown): unknown {
  if (typeof step === 'string') return step.trim() ? { text: step, state: 'pending' } : step;
  if (!step || typeof step !== 'object' || Array.isArray(step)) return step;
  const out: Record<string, unknown> = { ...step };
  if (out.state === undefined && out.status !== undefined) {
    out.state = out.status;
    delete out.status;
  }
  if (typeof out.state === 'string') {
    const state = stepStateOf(out.state);
    const word = state && TOOL_STATE[state];
    if (word) out.state = word;
  }
  if (out.text === undefined) {
    const named = TEXT_KEYS.filter((k) => typeof out[k] === 'string');
    if (named.length === 1) {
      out.text = out[named[0]!];
      delete out[named[0]!];
    }
  }
  return out;
}
