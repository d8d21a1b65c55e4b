// run: a shell command, only after the user approved it, with a timeout and capped output.
import { assessCommand } from '../security';
import { commandDecision, sentenceEnd } from './decisions';
import type { ExecutorContext, ToolOutcome } from './executorTypes';
import { errorMessage } from '../errorMessage';

/**
 * Runs what may change the run's files outside its edits (a command, an MCP tool), told to the hooks as
 * it starts and as it ends: what it does to them is the run's (a formatter after the edits).
 */
export async function asCommand<T>(ctx: ExecutorContext, work: () => Promise<T>): Promise<T> {
  await ctx.hooks?.commandStarts?.();
  try {
    return await work();
  } finally {
    await ctx.hooks?.commandEnded?.();
  }
}

/**
 * How run's result reads, second line (after `$ <command>`): its status, which outlives the result's
 * eviction (evictionKeeps) — this pattern matches what commandStatus writes.
 */
export const COMMAND_STATUS = /^(exit code \S+|timed out after .*)$/;

function commandStatus(r: { timedOut: boolean; durationMs: number; exitCode: number | null }): string {
  return r.timedOut ? `timed out after ${Math.round(r.durationMs / 1000)} s and was stopped` : `exit code ${r.exitCode}`;
}

export async function executeRun(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  const command = String(args.command).trim();
  // An approval that fails is no approval: the command does not run.
  const answer = await ctx.approval.approveCommand({ command, warnings: assessCommand(command) }, ctx.signal)
    .catch((error: unknown) => ({ approved: false, reason: `the approval failed (${errorMessage(error)})` }));
  const decision = commandDecision(answer);
  if (ctx.signal?.aborted) return { ok: false, content: 'Cancelled.', cancelled: true };
  if (!decision.approved) {
    return { ok: false, content: `Command not run: ${sentenceEnd(decision.reason ?? 'the user declined it')}. Do not retry it; continue without it.` };
  }
  const r = await asCommand(ctx, () => ctx.workspace.runCommand(command, { timeoutMs: ctx.limits.commandTimeoutMs, maxOutputBytes: ctx.limits.commandOutputBytes, signal: ctx.signal }));
  if (r.aborted || ctx.signal?.aborted) return { ok: false, content: 'Cancelled.', cancelled: true };
  const status = commandStatus(r);
  const output = r.output.trim() === '' ? '(no output)' : r.output.trimEnd();
  return { ok: r.exitCode === 0 && !r.timedOut, content: `$ ${command}\n${status}\n${output}` };
}
