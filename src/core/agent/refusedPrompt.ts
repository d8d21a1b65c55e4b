// The window to budget for after the server refused a prompt as too long. A fixed fraction of the window
// alone is no progress when the window is far above the server's (a server restarted with a smaller
// n_ctx, a model reloaded with less): the refused prompt already fits the shrunk budget and is sent again
// as it was, and refused again. So the new window is the server's own figure when its error names one,
// and otherwise below what was just refused.

/** What is left of the window after each refusal. */
const SHRINK = 0.85;

export interface RefusedRequest {
  /** The prompt as counted here, and the reply tokens asked for with it. */
  promptTokens: number;
  maxTokens: number;
  /** The window the server said it has (LlmError.windowTokens). */
  serverWindow?: number;
}

export function windowAfterRefusal(window: number, refused: RefusedRequest): number {
  const sent = refused.promptTokens + refused.maxTokens;
  // the server's figure is the truth (it counts with the model's own tokenizer); without it, what it refused
  const bound = refused.serverWindow ?? (sent > 0 ? sent * SHRINK : Infinity);
  return Math.floor(Math.min(window * SHRINK, bound));
}
