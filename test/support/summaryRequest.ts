// Which recorded requests are the agent's summaries of dropped messages: asked within the conversation
// (its own prefix, the instruction at the end) or, where that does not fit, as a separate transcript prompt.
import { IN_CONVERSATION_INSTRUCTION } from '../../src/core/budget/summarize';

export function isSummaryRequest(request: { body?: any }): boolean {
  const messages: any[] = request.body?.messages ?? [];
  return String(messages[0]?.content ?? '').startsWith('Summarise this earlier part') || String(messages.at(-1)?.content ?? '').endsWith(IN_CONVERSATION_INSTRUCTION);
}
