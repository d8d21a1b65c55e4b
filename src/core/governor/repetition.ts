// Repetition loops: the same call again and again, or two calls alternating (A-B-A-B). With the
// workspace unchanged, an identical call returns the identical result, so a repeat teaches the
// model nothing; small models at low temperature fall into exactly this.
import { allCalls, callKey } from './history';
import type { Intervention, TurnRecord } from './types';

/**
 * 3 identical calls in a row: the second is a plausible retry (a transient error, a model that
 * did not see the result), the third is a loop.
 */
export const REPEAT_WARN = 3;
/** Two warnings ignored (calls 3 and 4) and the fifth identical call ends the run. */
export const REPEAT_STOP = 5;
/** Two full A-B cycles: the pair of results is already in the context twice. */
export const CYCLE_WARN = 2;
/** A third full cycle after the warning means the model cannot get out by itself. */
export const CYCLE_STOP = 3;

export function detectRepetition(history: readonly TurnRecord[]): Intervention | undefined {
  const keys = allCalls(history).map(callKey);
  const calls = allCalls(history);
  const n = keys.length;
  if (n === 0) return undefined;
  let same = 1;
  while (same < n && keys[n - 1 - same] === keys[n - 1]) same++;
  const name = calls[n - 1]!.name;
  if (same >= REPEAT_STOP) {
    return { detector: 'repetition', severity: 'stop', message: `Stopped: the model called ${name} with the same arguments ${same} times in a row.` };
  }
  if (same >= REPEAT_WARN) {
    return {
      detector: 'repetition',
      severity: 'warn',
      message: `You called ${name} with the same arguments ${same} times and got the same result each time. Do not call it again. Use the result you already have and do the next step, or give your final answer.`,
    };
  }
  // A-B-A-B: the longest suffix with period 2 whose two calls differ.
  if (n < 4 || keys[n - 1] === keys[n - 2]) return undefined;
  let run = 2;
  while (run < n && keys[n - 1 - run] === keys[n - 1 - run + 2]) run++;
  const cycles = Math.floor(run / 2);
  const pair = `${calls[n - 2]!.name} and ${calls[n - 1]!.name}`;
  if (cycles >= CYCLE_STOP) {
    return { detector: 'cycle', severity: 'stop', message: `Stopped: the model alternated the same two calls (${pair}) ${cycles} times.` };
  }
  if (cycles >= CYCLE_WARN) {
    return {
      detector: 'cycle',
      severity: 'warn',
      message: `You are repeating the same two calls (${pair}) in a loop. Their results will not change. Do something different: make the edit, or give your final answer.`,
    };
  }
  return undefined;
}
