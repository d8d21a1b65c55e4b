// Structured `tool_calls` from an OpenAI-compatible server go through the same repair path as text:
// arguments arrive as a JSON string that small models often break (trailing comma, single quotes…).
import { normalizeTools } from './toolSpecs';
import { finalizeCalls } from './parseToolCalls';
import { stripNamespace } from './callShape';
import type { ParseOptions, ParseResult, RawCall, Repair } from './types';

export interface StructuredToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: unknown };
}

export function parseStructuredToolCalls(toolCalls: readonly StructuredToolCall[] | undefined, options: ParseOptions = {}): ParseResult {
  const repairs: Repair[] = [];
  const raw: RawCall[] = [];
  for (const tc of toolCalls ?? []) {
    const name = typeof tc?.function?.name === 'string' ? stripNamespace(tc.function.name.trim()) : '';
    if (!name) continue;
    raw.push({ name, arguments: tc.function?.arguments ?? {}, dialect: 'openai' });
  }
  const calls = finalizeCalls(raw, normalizeTools(options.tools), repairs);
  // a JSON string is how OpenAI sends arguments: reading it is not a repair
  return { calls, content: '', repairs: repairs.filter((r) => r.kind !== 'arguments-string'), unreadableCall: false };
}
