// Summarising turns the budget had to drop, with the model itself, so the gist stays in context.
// Where the conversation can give it, the request is the conversation's own prefix as last sent (system
// prompt, tools, the summary and the dropped messages) with one instruction at the end: a local server
// with one cache slot then reuses all of it, and still holds the system prompt for the request after
// (a separate prompt evicted the conversation and was itself read from scratch). Otherwise a transcript
// is given, cut to fit, tool results shortened first: what was done and decided matters, not the files.
import type { ChatMessage, ToolSchema } from '../llm/types';
import { withoutReasoning } from '../parse';
import { defaultMargin } from './contextBudget';
import { promptTokens } from './messageTokens';
import type { TokenCounter } from './tokenCounter';
import { truncateToTokens } from './truncate';
import { joinUserRuns } from './userRuns';

/** Anything that can answer one prompt (a ChatClient's stream(), or a test double). */
export interface Completer {
  complete(request: { messages: ChatMessage[]; tools?: ToolSchema[]; maxTokens?: number; stop?: string[]; signal?: AbortSignal }): Promise<{ text: string; toolCalls?: readonly unknown[] }>;
}

/**
 * The conversation's prefix as the last request sent it: its system message, the summary before this
 * one and the dropped messages (in the agent's shape: `render` gives the request's, e.g. the text
 * protocol's), and its tools.
 */
export interface SentPrefix {
  messages: ChatMessage[];
  tools?: ToolSchema[];
  render?: (messages: ChatMessage[]) => ChatMessage[];
  stop?: string[];
}

export interface SummarizeOptions {
  counter: TokenCounter;
  window: number; // the model's context window
  maxSummaryTokens?: number; // default 400
  previousSummary?: string;
  signal?: AbortSignal;
  /** Told when the model's summary was unusable and the shortened transcript stands in for it. */
  onWarning?: (message: string) => void;
  /** Ask within the conversation's own prefix when it fits the window (see SentPrefix). */
  prefix?: SentPrefix;
}

const INSTRUCTION = 'Summarise this earlier part of a coding session in at most 12 short bullet points: the user\'s requests, files read or changed (with paths), decisions, errors met and what remains to do. Facts only; no code unless essential.';
/** The instruction that closes a summary request made within the conversation. */
export const IN_CONVERSATION_INSTRUCTION = 'Stop working on the task for a moment: the start of this conversation no longer fits the context window. Summarise everything above (with any earlier summary) in at most 12 short bullet points: the user\'s requests, files read or changed (with paths), decisions, errors met and what remains to do. Facts only; no code unless essential. Answer with the bullet points only, no tool call.';

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

/** Room for the summary prompt: the window less the reply and the margin every request keeps free. */
function promptRoom(window: number, maxTokens: number, counter: TokenCounter): number {
  return Math.floor(window * (1 - defaultMargin(counter))) - maxTokens;
}

/** The transcript request: its frame and the previous summary are counted, the transcript gets what is left. */
function transcriptRequest(messages: ChatMessage[], previous: string, opts: SummarizeOptions, maxTokens: number): { messages: ChatMessage[] } {
  const framed = (session: string): ChatMessage[] => [{ role: 'system', content: INSTRUCTION }, { role: 'user', content: `${previous}Session:\n${session}` }];
  const count = (t: string) => opts.counter.count(t);
  const allowance = promptRoom(opts.window, maxTokens, opts.counter) - promptTokens(framed(''), undefined, count);
  return { messages: framed(truncateToTokens(transcriptOf(messages, opts.counter), Math.max(256, allowance), opts.counter, () => '\n[…]').text) };
}

/** The summary request within the conversation's prefix, or undefined when that does not fit the window. */
function inConversation(prefix: SentPrefix | undefined, opts: SummarizeOptions, maxTokens: number): { messages: ChatMessage[]; tools?: ToolSchema[] } | undefined {
  if (!prefix) return undefined;
  const [system, ...rest] = prefix.messages;
  const joined = [...(system ? [system] : []), ...joinUserRuns([...rest, { role: 'user', content: IN_CONVERSATION_INSTRUCTION }])];
  const messages = prefix.render ? prefix.render(joined) : joined;
  if (promptTokens(messages, prefix.tools, (t) => opts.counter.count(t)) > promptRoom(opts.window, maxTokens, opts.counter)) return undefined;
  return { messages, ...(prefix.tools?.length ? { tools: prefix.tools } : {}) };
}

export async function summarizeMessages(client: Completer, messages: ChatMessage[], opts: SummarizeOptions): Promise<string> {
  const maxTokens = opts.maxSummaryTokens ?? 400;
  const previous = opts.previousSummary ? `Summary of what came before:\n${opts.previousSummary}\n\n` : '';
  const shared = inConversation(opts.prefix, opts, maxTokens);
  const request = shared ?? transcriptRequest(messages, previous, opts, maxTokens);
  const result = await client.complete({ ...request, maxTokens, ...(opts.prefix?.stop?.length ? { stop: opts.prefix.stop } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  // a thinking model may spend the whole reply on reasoning (inline, or split out by the server); one
  // given the conversation's tools may call one instead of answering
  const summary = result.toolCalls?.length || /<tool_call>/.test(result.text) ? '' : withoutReasoning(result.text);
  if (summary) return summary;
  opts.onWarning?.('The model\'s summary of the dropped messages was empty (only reasoning, a tool call, or nothing); a shortened transcript of them is kept instead.');
  return `${previous}${FALLBACK_HEADING}${transcriptOf(messages, opts.counter, FALLBACK_RESULT_TOKENS)}`;
}
