// Summarising turns the budget had to drop, with the model itself, so the gist stays in context. The
// transcript given to the model is itself cut to fit, and tool results are shortened first: what was
// done and decided matters for the summary, not the full file contents.
import type { ChatMessage } from '../llm/types';
import { withoutReasoning } from '../parse';
import type { TokenCounter } from './tokenCounter';
import { truncateToTokens } from './truncate';

/** Anything that can answer one prompt (a ChatClient's complete(), or a test double). */
export interface Completer {
  complete(request: { messages: ChatMessage[]; maxTokens?: number; signal?: AbortSignal }): Promise<{ text: string }>;
}

export interface SummarizeOptions {
  counter: TokenCounter;
  window: number; // the model's context window
  maxSummaryTokens?: number; // default 400
  previousSummary?: string;
  signal?: AbortSignal;
  /** Told when the model's summary was unusable and the shortened transcript stands in for it. */
  onWarning?: (message: string) => void;
}

const INSTRUCTION = 'Summarise this earlier part of a coding session in at most 12 short bullet points: the user\'s requests, files read or changed (with paths), decisions, errors met and what remains to do. Facts only; no code unless essential.';

/** Marks a stand-in summary, so the model (and a reader of the trace) knows it is not one. */
export const FALLBACK_HEADING = 'Not summarised; the dropped messages, shortened:\n';
/** Each tool result in a stand-in summary: its first lines say what was read or run. */
const FALLBACK_RESULT_TOKENS = 40;

export function transcriptOf(messages: ChatMessage[], counter: TokenCounter, perResultTokens = 200): string {
  return messages.map((m) => {
    if (m.role === 'tool') return `[${m.name ?? 'tool'} result] ${truncateToTokens(m.content, perResultTokens, counter, () => ' …').text}`;
    const calls = m.role === 'assistant' && m.tool_calls?.length ? ` (called ${m.tool_calls.map((c) => `${c.function.name} ${c.function.arguments.slice(0, 120)}`).join('; ')})` : '';
    return `${m.role}: ${m.content ?? ''}${calls}`;
  }).join('\n');
}

export async function summarizeMessages(client: Completer, messages: ChatMessage[], opts: SummarizeOptions): Promise<string> {
  const maxTokens = opts.maxSummaryTokens ?? 400;
  const room = Math.max(256, Math.floor(opts.window * 0.85) - maxTokens - 200);
  const transcript = truncateToTokens(transcriptOf(messages, opts.counter), room, opts.counter, () => '\n[…]').text;
  const previous = opts.previousSummary ? `Summary of what came before:\n${opts.previousSummary}\n\n` : '';
  const result = await client.complete({
    messages: [{ role: 'system', content: INSTRUCTION }, { role: 'user', content: `${previous}Session:\n${transcript}` }],
    maxTokens, signal: opts.signal,
  });
  // a thinking model may spend the whole reply on reasoning (inline, or split out by the server)
  const summary = withoutReasoning(result.text);
  if (summary) return summary;
  opts.onWarning?.('The model\'s summary of the dropped messages was empty (only reasoning, or nothing); a shortened transcript of them is kept instead.');
  return `${previous}${FALLBACK_HEADING}${transcriptOf(messages, opts.counter, FALLBACK_RESULT_TOKENS)}`;
}
