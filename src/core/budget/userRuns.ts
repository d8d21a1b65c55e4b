// Adjacent user messages joined into one. Mistral's and Gemma's chat templates demand strict alternation,
// and SmallCode's own notes (the summary of dropped turns, plan and memory updates) can follow a user
// message. Joining is deterministic, so a conversation that only grows still renders as one that only grows.
import type { ChatMessage } from '../llm/types';

export const USER_RUN_SEPARATOR = '\n\n';

export function joinUserRuns(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const last = out[out.length - 1];
    if (m.role === 'user' && last?.role === 'user') out[out.length - 1] = { role: 'user', content: `${last.content}${USER_RUN_SEPARATOR}${m.content}` };
    else out.push(m);
  }
  return out;
}
