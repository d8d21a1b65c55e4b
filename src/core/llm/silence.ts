// How long a streamed reply may stay silent. Normally the first token must come within the wait (the
// prompt is being processed) and no later gap may pass the idle timeout. Ollama holds a tool call back
// until it is whole — its tool parser buffers the call and sends nothing, on /api/chat and on /v1 — so a
// reply that starts with a call is silent for the whole prompt *and* the call, and a call after some
// prose is a silent gap as long as the call takes to write (a 1,000-token patch at 8 tokens/s: two
// minutes). With tools sent to Ollama, silence is therefore bounded by the reply's own deadline (its
// time for max_tokens, see replyLimits) on top of the usual wait; Stop ends it at any time.

export interface SilenceBounds {
  /** Until the first token. */
  waitMs: number;
  /** Between two chunks after it. */
  idleMs: number;
}

export function silenceBounds(o: { waitMs: number; idleMs: number; replyMs: number; callsHeldBack: boolean }): SilenceBounds {
  if (!o.callsHeldBack) return { waitMs: o.waitMs, idleMs: o.idleMs };
  return { waitMs: o.waitMs + o.replyMs, idleMs: Math.max(o.idleMs, o.replyMs) };
}
