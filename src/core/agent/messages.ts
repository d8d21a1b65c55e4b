// The conversation in one shape for both tool modes: assistant messages carry `tool_calls` and
// results are `tool` messages, so the budget can evict old results the same way. For the text
// protocol the request is rewritten at the last moment: calls as the one format the prompt teaches,
// results as user text (servers without tool support reject the `tool` role), adjacent user
// messages merged (Mistral and Gemma templates demand strict alternation).
import { joinUserRuns, templateJson, writtenText } from '../budget';
import type { ChatMessage, ChatToolCall } from '../llm';

export interface CallWithId {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** Five base-36 characters after "call": some 60 million ids before one repeats (five digits would repeat after 99,999). */
const ID_SPACE = 36 ** 5;
let counter = 0;
/** Mistral's template demands ids of exactly 9 alphanumeric characters; everyone else accepts them. */
export function newCallId(): string {
  counter = (counter + 1) % ID_SPACE;
  return `call${counter.toString(36).padStart(5, '0')}`;
}

/**
 * A conversation restored from another session holds ids this process may hand out again (the count
 * starts afresh in each process): later ids go past the highest, so a result never pairs with an old call.
 */
export function callIdsInUse(messages: readonly ChatMessage[]): void {
  for (const m of messages) {
    const ids = m.role === 'tool' ? [m.tool_call_id] : m.role === 'assistant' ? (m.tool_calls ?? []).map((c) => c.id) : [];
    for (const id of ids) {
      const n = /^call([0-9a-z]{5})$/.exec(id ?? '')?.[1];
      if (n !== undefined) counter = Math.max(counter, parseInt(n, 36));
    }
  }
}

export function assistantMessage(content: string, calls: readonly CallWithId[]): ChatMessage {
  const toolCalls: ChatToolCall[] = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
  return toolCalls.length ? { role: 'assistant', content: content || null, tool_calls: toolCalls } : { role: 'assistant', content };
}

export function toolMessage(call: CallWithId, content: string): ChatMessage {
  return { role: 'tool', tool_call_id: call.id, name: call.name, content };
}

/** A note from SmallCode itself (governor, verification, format reminders). */
export function noteMessage(text: string): ChatMessage {
  return { role: 'user', content: text };
}

/**
 * A call as the text protocol's prompt teaches it: one line, JSON spaced as Python (and so most models)
 * write it. A model that wrote it so gets its reply back byte for byte, and the server's prompt cache
 * holds it: compact arguments made every reply count as new (~40 tokens a request, a patch's whole text).
 */
function taughtCall(c: ChatToolCall): string {
  let args = c.function.arguments;
  try { args = templateJson(JSON.parse(args)); } catch { /* not JSON: as it was sent */ }
  return `<tool_call>{"name": ${JSON.stringify(c.function.name)}, "arguments": ${args}}</tool_call>`;
}

export function forTextProtocol(messages: readonly ChatMessage[]): ChatMessage[] {
  return joinUserRuns(messages.map((m): ChatMessage => {
    if (m.role === 'tool') return { role: 'user', content: `${m.name ?? 'tool'} result:\n${m.content}` };
    const written = writtenText(m);
    if (written !== undefined) return { role: 'assistant', content: written };
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const calls = m.tool_calls.map(taughtCall);
      return { role: 'assistant', content: [m.content ?? '', ...calls].filter(Boolean).join('\n') };
    }
    return m;
  }));
}
