// Empty and think-only replies: no visible text and no call. Common with reasoning models that
// spend the whole reply budget thinking, and with a model confused by a too-long context.
import { visibleText } from './history';
import type { Intervention, TurnRecord } from './types';

/** The first empty reply gets a nudge: often one reminder is all it takes. */
export const EMPTY_NUDGE_AT = 1;
/** The second in a row gets a firm warning. */
export const EMPTY_WARN_AT = 2;
/** Three in a row: nothing is coming; stop rather than burn the user's time. */
export const EMPTY_STOP_AT = 3;

export function isEmptyReply(turn: TurnRecord): boolean {
  return turn.calls.length === 0 && visibleText(turn.text) === '';
}

function thoughtOnly(turn: TurnRecord): boolean {
  return (turn.reasoning ?? '').trim() !== '' || /<(think|thinking|reasoning)>/i.test(turn.text);
}

export function detectEmptyReply(history: readonly TurnRecord[]): Intervention | undefined {
  let n = 0;
  while (n < history.length && isEmptyReply(history[history.length - 1 - n]!)) n++;
  if (n < EMPTY_NUDGE_AT) return undefined;
  const thought = thoughtOnly(history[history.length - 1]!);
  if (n >= EMPTY_STOP_AT) {
    return { detector: 'empty-reply', severity: 'stop', message: `Stopped: the model gave ${n} empty replies in a row${thought ? ' (it only thought)' : ''}.` };
  }
  const what = thought ? 'You only thought and wrote nothing.' : 'Your reply was empty.';
  return {
    detector: 'empty-reply',
    severity: n >= EMPTY_WARN_AT ? 'warn' : 'nudge',
    message: `${what} Now act: call one tool, or write your final answer. Keep your thinking short.`,
  };
}
