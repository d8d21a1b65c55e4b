// The user rejected edits to the same file more than once: their answer is "not like this", and the
// model's next guess is a third question to them. Stop and let them say what they want.
import { allCalls, pathArg } from './history';
import type { Intervention, TurnRecord } from './types';

/** The second rejection of an edit to one file ends the run. */
export const USER_REJECTED_STOP_AT = 2;

export function detectUserRejected(history: readonly TurnRecord[]): Intervention | undefined {
  const last = history[history.length - 1];
  const rejectedNow = new Set(last?.calls.filter((c) => c.refused === 'user').map(pathArg).filter((p): p is string => !!p));
  if (rejectedNow.size === 0) return undefined;
  const rejected = allCalls(history).filter((c) => c.refused === 'user');
  for (const path of rejectedNow) {
    const n = rejected.filter((c) => pathArg(c) === path).length;
    if (n >= USER_REJECTED_STOP_AT) {
      return { detector: 'user-rejected', severity: 'stop', path, message: `Stopped: you rejected ${n} edits to ${path}. Say what you want changed, and the model will go on from there.` };
    }
  }
  return undefined;
}
