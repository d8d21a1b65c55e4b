// Unreadable calls: replies whose call markup could not be read, or that were cut at the length limit
// with a call held back. The loop asks again after each; a model that fails the same way, a little
// differently each time, would otherwise go on until the request limit, a whole reply budget each time.
import type { Intervention, TurnRecord } from './types';

/** Asked twice to write the call again and still no call that can run: asking more will not help. */
export const UNREADABLE_STOP_AT = 3;

export function detectUnreadableCalls(history: readonly TurnRecord[]): Intervention | undefined {
  let n = 0;
  while (n < history.length && history[history.length - 1 - n]!.unreadable) n++;
  if (n < UNREADABLE_STOP_AT) return undefined;
  const message = history[history.length - 1]!.unreadable === 'cut'
    ? `Stopped: the model's replies were cut off at the length limit in the middle of a tool call ${n} times in a row, so the call was not run. Ask for a smaller step, or allow longer replies.`
    : `Stopped: the model's tool calls could not be read ${n} times in a row, so nothing was run. Try again, or use a model that writes tool calls more reliably.`;
  return { detector: 'unreadable-calls', severity: 'stop', message };
}
