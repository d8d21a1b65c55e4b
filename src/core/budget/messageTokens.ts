// Tokens of messages as a chat template renders them: content plus a per-message frame (role markers,
// separators) plus tool-call JSON; native tool schemas add their JSON and the template's instructions.
// The constants are ChatML's (Qwen); other templates differ by a few tokens a message, which the
// calibration against the server's usage.prompt_tokens absorbs.
import type { ChatMessage, ToolSchema } from '../llm/types';

export const MESSAGE_FRAME_TOKENS = 6; // <|im_start|>role\n … <|im_end|>\n (+ <tool_response> wrappers)
export const TOOLS_PREAMBLE_TOKENS = 120; // the template's "# Tools … <tools></tools> … <tool_call>" text
export const REPLY_PRIMER_TOKENS = 3; // <|im_start|>assistant\n

type Count = (text: string) => number;

export function messageTokens(m: ChatMessage, count: Count): number {
  let n = MESSAGE_FRAME_TOKENS + (m.content ? count(m.content) : 0);
  if (m.role === 'assistant') for (const c of m.tool_calls ?? []) n += 12 + count(c.function.name) + count(c.function.arguments);
  return n;
}

export function toolsTokens(tools: ToolSchema[] | undefined, count: Count): number {
  return tools?.length ? TOOLS_PREAMBLE_TOKENS + tools.reduce((n, t) => n + count(JSON.stringify(t)) + 1, 0) : 0;
}

/** The whole prompt: every message, the tool schemas and the primer of the reply. */
export function promptTokens(messages: ChatMessage[], tools: ToolSchema[] | undefined, count: Count): number {
  return messages.reduce((n, m) => n + messageTokens(m, count), 0) + toolsTokens(tools, count) + REPLY_PRIMER_TOKENS;
}
