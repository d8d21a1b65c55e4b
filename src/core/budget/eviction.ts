// What remains of a tool result the budget removed: one owner for the marker text, so that the budget
// recognises its own stubs (and never evicts one twice) without a copy of the words.
import type { ChatMessage } from '../llm/types';

export type ToolResult = Extract<ChatMessage, { role: 'tool' }>;

const TAIL = 'removed to save context. Run the tool again if you still need it.]';
// A call that changed things must not be made again to see what it said (a migration, a commit).
const RAN_TAIL = 'removed to save context. The call already ran: do not run it again only to see its output.]';
/** A result is evicted only when it is larger than its stub by this much: a smaller one costs little to keep. */
const EVICTION_GAIN_TOKENS = 32;

export function evictedResult(toolName: string | undefined): string {
  return `[${toolName ? `${toolName} result` : 'Tool result'} ${TAIL}`;
}

/** The stub of a call that changed things: what it kept of its result (its first line, the checks' verdict), then the marker. */
function ranResult(toolName: string | undefined, kept: string): string {
  const what = toolName ? `${toolName} result` : 'tool result';
  return kept.trim() ? `${kept}\n[The rest of this ${what} was ${RAN_TAIL}` : `[This ${what} was ${RAN_TAIL}`;
}

export function isEvictedResult(content: string): boolean {
  return (content.startsWith('[') && content.endsWith(TAIL)) || content.endsWith(RAN_TAIL);
}

/**
 * The result replaced by its stub (the call it answers stays valid). `kept`: the lines a call that changed
 * things keeps (BudgetOptions.keepOnEviction); undefined for a call that only looked.
 */
export function evict(m: ToolResult, kept?: string): ToolResult {
  return { ...m, content: kept === undefined ? evictedResult(m.name) : ranResult(m.name, kept) };
}

/** The stub for `m` when evicting it frees room worth a change of the prompt; undefined when `m` stays. */
export function stubWorthIt(m: ToolResult, kept: string | undefined, tokens: (m: ChatMessage) => number): ToolResult | undefined {
  if (isEvictedResult(m.content)) return undefined;
  const stub = evict(m, kept);
  return tokens(m) > tokens(stub) + EVICTION_GAIN_TOKENS ? stub : undefined;
}
