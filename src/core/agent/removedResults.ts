// Which calls' results the model no longer has: the budget replaced them with a stub ("Run the tool
// again if you still need it") or dropped their turn. The governor must not count a re-read the stub
// asked for as a loop.
import { isEvictedResult } from '../budget';
import type { TurnRecord } from '../governor';
import type { ChatMessage } from '../llm';

/** Marks each recorded call whose result is no longer in `messages` as sent (this task's turn). */
export function markRemovedResults(records: readonly TurnRecord[], messages: readonly ChatMessage[]): void {
  const live = new Set(messages.flatMap((m) => (m.role === 'tool' && !isEvictedResult(m.content) ? [m.tool_call_id] : [])));
  for (const record of records) {
    for (const call of record.calls) if (call.id !== undefined && !live.has(call.id)) call.resultRemoved = true;
  }
}
