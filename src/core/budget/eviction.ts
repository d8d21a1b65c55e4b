// What remains of a tool result the budget removed: one owner for the marker text, so that the budget
// recognises its own stubs (and never evicts one twice) without a copy of the words.
import type { ChatMessage } from '../llm/types';

const TAIL = 'removed to save context. Run the tool again if you still need it.]';

export function evictedResult(toolName: string | undefined): string {
  return `[${toolName ? `${toolName} result` : 'Tool result'} ${TAIL}`;
}

export function isEvictedResult(content: string): boolean {
  return content.startsWith('[') && content.endsWith(TAIL);
}

/** The result replaced by its stub (the call it answers stays valid). */
export function evict(m: Extract<ChatMessage, { role: 'tool' }>): Extract<ChatMessage, { role: 'tool' }> {
  return { ...m, content: evictedResult(m.name) };
}
