// Failing calls that differ each time, which the repetition detectors (identical calls) never see:
// replies whose every call fails validation (a tool that does not exist, wrong parameters), and a
// command that keeps failing while nothing is edited. Without these a model stuck that way spends
// the whole request limit, a longer prompt each time, before the user learns anything.
import { PATCH_TOOL, RUN_TOOL, WRITE_TOOL } from './history';
import type { CallRecord, Intervention, TurnRecord } from './types';

/** Four replies in a row with no call that could run: the error text alone is not getting through. */
export const INVALID_WARN_AT = 4;
/** Three more after the warning: the model cannot use these tools. */
export const INVALID_STOP_AT = 7;
/** Five failed commands with no edit between them: running it again will not change the outcome (said again at each 5 more). */
export const FAILING_RUNS_WARN_AT = 5;

export function detectInvalidCalls(history: readonly TurnRecord[]): Intervention | undefined {
  // a reply with no call is an answer (taken only when no detector speaks) or an unreadable reply (its own detector speaks)
  if (history.at(-1)?.calls.length === 0) return undefined;
  let n = 0;
  let lastError = '';
  for (let i = history.length - 1; i >= 0; i--) {
    const { calls, unreadable } = history[i]!;
    if (calls.length === 0 && unreadable) continue; // it neither counts nor resets
    if (calls.length === 0) break; // the model answered: what came before is not this streak
    if (!calls.every((c) => c.invalid !== undefined)) break;
    if (n === 0) lastError = calls.at(-1)!.invalid!;
    n++;
  }
  if (n >= INVALID_STOP_AT) {
    return { detector: 'invalid-calls', severity: 'stop', message: `Stopped: the model kept calling tools that do not exist, or with wrong parameters (${n} replies in a row), so nothing was run.` };
  }
  if (n < INVALID_WARN_AT) return undefined;
  return {
    detector: 'invalid-calls',
    severity: 'warn',
    message: `Your last ${n} replies only made calls that could not run. The last error was: ${lastError}\nUse exactly the tool names and parameters it gives.`,
  };
}

/** A command the model ran that failed (one the user or a policy refused, or that never ran, is not the model's failure). */
const failedRun = (c: CallRecord) => c.name === RUN_TOOL && !c.ok && c.refused === undefined && c.invalid === undefined;

/** Said when the streak reaches 5, and again at each 5 more: every turn would bury the user in warnings. */
export function detectFailingRuns(history: readonly TurnRecord[]): Intervention | undefined {
  const latest = history.at(-1)?.calls.filter(failedRun).length ?? 0;
  if (latest === 0) return undefined;
  let n = 0;
  for (const c of history.flatMap((t) => t.calls).reverse()) {
    if ((c.name === PATCH_TOOL || c.name === WRITE_TOOL) && c.ok) break;
    if (c.name === RUN_TOOL && c.ok) break;
    if (failedRun(c)) n++;
  }
  if (Math.floor(n / FAILING_RUNS_WARN_AT) === Math.floor((n - latest) / FAILING_RUNS_WARN_AT)) return undefined;
  return {
    detector: 'failing-runs',
    severity: 'warn',
    message: `Your last ${n} commands failed, and nothing was edited between them. Running commands again will not change that: read the error output, fix the code it points to, or say what blocks you.`,
  };
}
