// The server's prompt cache: llama.cpp reuses the longest common prefix with the previous prompt when a
// request asks for it (`cache_prompt`, on by default in recent builds, sent anyway for older ones), and
// says how much it reused in `timings.cache_n`; vLLM, LM Studio and OpenAI-style servers report
// `usage.prompt_tokens_details.cached_tokens`, when they report it at all.
import type { ServerKind, TokenUsage } from './types';

/** Request fields that keep the server's prompt cache in use. */
export function promptCacheParams(kind: ServerKind | undefined): Record<string, boolean> {
  return kind === 'llamacpp' ? { cache_prompt: true } : {};
}

interface UsageFields {
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null } | null;
  timings?: { cache_n?: number } | null;
}

/**
 * Usage as the server reported it so far, updated by one response body or stream chunk: usage and
 * llama.cpp's timings can come on different chunks.
 */
export function readUsage(previous: TokenUsage | undefined, raw: unknown): TokenUsage | undefined {
  const { usage, timings } = (raw ?? {}) as UsageFields;
  let next = previous;
  if (usage && typeof usage.prompt_tokens === 'number') {
    next = { ...next, promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens ?? 0 };
  }
  const cached = typeof timings?.cache_n === 'number' ? timings.cache_n : usage?.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number' && next) next = { ...next, cachedTokens: cached };
  else if (typeof cached === 'number') return { promptTokens: 0, completionTokens: 0, cachedTokens: cached };
  return next;
}
