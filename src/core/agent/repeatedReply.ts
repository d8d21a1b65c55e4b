// A reply without calls that is the same as the one before it: whatever the loop answered in between
// (a reminder, "your call could not be read") changed nothing, and asking again would only repeat it
// until the request limit. The governor's repetition detector looks at calls; this looks at replies.
import type { TurnRecord } from '../governor';

export const REPEATED_REPLY = 'Stopped: the model gave the same reply twice without calling a tool.';

const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Whether the latest record (just pushed) repeats the one before it, neither with calls. A reply whose
 * call could not be read did try to call a tool: the governor's unreadable-calls detector owns that case
 * (its own limit, its own words).
 */
export function repeatsPreviousReply(records: readonly TurnRecord[]): boolean {
  const last = records.at(-1);
  const previous = records.at(-2);
  if (!last || !previous || last.unreadable || last.calls.length > 0 || previous.calls.length > 0) return false;
  const text = normalized(last.text);
  return text !== '' && text === normalized(previous.text);
}
