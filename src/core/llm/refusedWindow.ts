// The context window a server names when it refuses a prompt as too long. Shrinking by a fixed fraction
// does not help when the server was restarted (or the model reloaded) with a far smaller window: the
// prompt that was refused still fits the shrunk budget and is sent again, byte for byte, and refused
// again. The server's own figure lets the budget go straight to the real window.

/** Server wordings that carry the window: vLLM/OpenAI ("maximum context length is 4096 tokens"), vLLM V1
 * ("longer than the maximum model length of 4096"), LM Studio ("n_keep: 5228 >= n_ctx: 4096"; "loaded with
 * context length of 4096"), SGLang ("the model's context length (4096 tokens)"), TGI ("`inputs` tokens +
 * `max_new_tokens` must be <= 4096"), llama.cpp builds that name it in the text ("the available context size
 * (4096 tokens)"). */
const WINDOW_PATTERNS = [
  /maximum context length is (\d+)/i,
  /maximum model length (?:of |is )?(\d+)/i,
  /\bn_ctx\W{0,3}(\d+)/i,
  /loaded with (?:a )?context length of (\d+)/i,
  /context length \((\d+) tokens?\)/i,
  /inputs`? tokens \+ `?max_new_tokens`? must be <= (\d+)/i,
  /available context size \((\d+)/i,
];

/** The window in `n_ctx` of the error object (llama.cpp's exceed_context_size_error), else in its words. */
export function refusedWindow(message: string, body?: unknown): number | undefined {
  const field = typeof body === 'object' && body !== null ? (body as { n_ctx?: unknown }).n_ctx : undefined;
  if (typeof field === 'number' && Number.isInteger(field) && field > 0) return field;
  for (const pattern of WINDOW_PATTERNS) {
    const n = Number(pattern.exec(message)?.[1]);
    if (Number.isInteger(n) && n > 0) return n;
  }
  return undefined;
}
