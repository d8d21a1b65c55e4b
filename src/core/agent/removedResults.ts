// Which calls' results the model no longer has, wholly or in part: the budget replaced them with a stub
// ("Run the tool again if you still need it"), dropped their turn, or cut them to fit (a read then shows
// fewer lines than it returned). The governor must not count a re-read the stub or the cut asked for as
// a loop.
import { isEvictedResult } from '../budget';
import type { TurnRecord } from '../governor';
import type { ChatMessage } from '../llm';
import { readFile, shownFileLines } from '../tools';

/**
 * Marks each recorded call whose result is no longer in `messages` (this task's turn, as sent), and
 * narrows each read to the file lines its result shows there.
 */
export function markRemovedResults(records: readonly TurnRecord[], messages: readonly ChatMessage[]): void {
  const live = new Map(messages.flatMap((m) => (m.role === 'tool' && !isEvictedResult(m.content) ? [[m.tool_call_id, m.content] as const] : [])));
  for (const record of records) {
    for (const call of record.calls) {
      if (call.id === undefined) continue;
      const content = live.get(call.id);
      if (content === undefined) call.resultRemoved = true;
      else if (call.name === readFile.name && call.lines) call.lines = shownFileLines(content) ?? call.lines;
    }
  }
}
