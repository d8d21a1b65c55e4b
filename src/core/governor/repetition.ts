// Repetition loops: the same call again and again, or a short cycle of calls (A-B-A-B, A-B-C-A-B-C).
// With the workspace unchanged, an identical call returns the identical result, so a repeat teaches
// the model nothing; small models at low temperature fall into exactly this.
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
/** Longer cycles than this are rare and too easily confused with a real sequence of steps. */
export const MAX_CYCLE_PERIOD = 4;

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
  return detectCycle(keys, calls.map((c) => c.name));
}

/**
 * Cycles of 2 to 4 different calls (A-B-A-B, or search → find_files → search when a model hunts for
 * something it cannot find): the longest suffix with period p whose last p calls are not all the same.
 * Each period is checked, shortest first; the most severe finding wins.
 */
function detectCycle(keys: readonly string[], names: readonly string[]): Intervention | undefined {
  let warn: Intervention | undefined;
  for (let period = 2; period <= MAX_CYCLE_PERIOD; period++) {
    const cycles = cyclesAtEnd(keys, period);
    if (cycles < CYCLE_WARN) continue;
    const last = names.slice(-period);
    const what = period === 2 ? `the same two calls (${last.join(' and ')})` : `the same ${period} calls (${last.slice(0, -1).join(', ')} and ${last.at(-1)})`;
    if (cycles >= CYCLE_STOP) {
      const did = period === 2 ? 'alternated' : 'repeated';
      return { detector: 'cycle', severity: 'stop', message: `Stopped: the model ${did} ${what} ${cycles} times.` };
    }
    warn ??= {
      detector: 'cycle',
      severity: 'warn',
      message: `You are repeating ${what} in a loop. Their results will not change. Do something different: make the edit, or give your final answer (say what you could not find).`,
    };
  }
  return warn;
}

/** Full cycles of `period` calls at the end of `keys`, 0 when the last `period` calls are all the same. */
function cyclesAtEnd(keys: readonly string[], period: number): number {
  const n = keys.length;
  if (n < period * CYCLE_WARN) return 0;
  if (keys.slice(n - period).every((k) => k === keys[n - 1])) return 0;
  let run = period;
  while (run < n && keys[n - 1 - run] === keys[n - 1 - run + period]) run++;
  return Math.floor(run / period);
}
