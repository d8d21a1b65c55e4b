// todo, memory_remember, memory_load: the model's own state. The plan obeys verification (a step
// is done only when the checks after the latest edits passed); memory goes through its port.
import { normaliseNote } from '../memory';
import { applyTodo, type TodoStepInput } from '../plan';
import { redactSecrets } from '../security';
import type { ExecutorContext, ToolOutcome } from './executorTypes';

export async function executeTodo(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const steps = (Array.isArray(args.steps) ? args.steps : []) as TodoStepInput[];
  const update = applyTodo(ctx.plan.plan, steps, ctx.plan.verification);
  ctx.plan.plan = update.plan;
  ctx.plan.onChange?.(update.plan);
  return { ok: update.blocked.length === 0, content: update.feedback };
}

/**
 * Memory is written to disk (`.smallcode/memory.json`) and put into every prompt: a secret in a note
 * would outlive the task. It is stored redacted by the memory's own rule (the value as kept under its
 * key: `db password` `hunter2!x9`) and without the values the conversation found secret (ctx.knownSecrets),
 * and the model is told; a note that was nothing but the secret is refused.
 */
export async function executeMemoryRemember(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const key = String(args.key);
  const value = String(args.value);
  const note = normaliseNote(key, value, ctx.knownSecrets?.());
  const saved = await ctx.memory.remember(note.key, note.value, ctx.signal);
  // a refused note (remember's "Not saved: …") had nothing replaced: it was not kept at all
  const hidden = saved.startsWith('Saved') && (note.value !== value.trim() || redactSecrets(key) !== key) ? ' Secret values were replaced by [REDACTED]: memory does not keep secrets.' : '';
  return { ok: true, content: saved + hidden };
}

export async function executeMemoryLoad(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const key = typeof args.key === 'string' && args.key.trim() ? args.key.trim() : undefined;
  return { ok: true, content: await ctx.memory.load(key, ctx.signal) };
}
