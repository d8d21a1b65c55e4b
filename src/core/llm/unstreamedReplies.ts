// Some OpenAI-compatible servers and proxies (gateways, JSON-only mocks, a few small apps) answer a request
// for a stream with one JSON body: the whole completion, or an error object with status 200. The openai
// package reads only SSE `data:` lines from a stream, so either body came through as a stream with no
// chunks: the reply read as cut off after 0 characters, retried, then failed, and the server's own error
// (its words, "No models loaded", a context overflow) was never seen. This turns such a body into the SSE
// the package reads: one chunk carrying the whole message, or the error as an error event.

/** A fetch whose JSON answers to streamed requests read as a stream of one chunk. */
export function withUnstreamedReplies(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !response.body || !/json/i.test(type) || /event-stream/i.test(type) || !streamAsked(init?.body)) return response;
    const text = await response.text();
    const headers = new Headers(response.headers);
    headers.set('content-type', 'text/event-stream');
    headers.delete('content-length');
    return new Response(asEvents(text), { status: response.status, statusText: response.statusText, headers });
  };
}

function streamAsked(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try { return (JSON.parse(body) as { stream?: unknown }).stream === true; } catch { return false; }
}

/** The body as SSE: a completion as one chunk whose delta is its message, an error as it is (the package
 * raises a `data` with an `error` key), anything else as it was (the stream then reads as cut). */
export function asEvents(text: string): string {
  let body: unknown;
  try { body = JSON.parse(text); } catch { return text; }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return text;
  const fields = body as Record<string, unknown>;
  if ('error' in fields) return `data: ${JSON.stringify({ error: fields.error })}\n\n`;
  if (!Array.isArray(fields.choices)) return text;
  const choices = fields.choices.map((c: any, i: number) => ({
    index: c?.index ?? i,
    delta: withCallIndexes(c?.message ?? c?.delta ?? {}),
    finish_reason: c?.finish_reason ?? 'stop',
  }));
  return `data: ${JSON.stringify({ ...fields, object: 'chat.completion.chunk', choices })}\n\ndata: [DONE]\n\n`;
}

/** A whole message's tool calls carry no `index`; as stream fragments each is its own call. */
function withCallIndexes(message: any): unknown {
  if (!Array.isArray(message?.tool_calls)) return message;
  return { ...message, tool_calls: message.tool_calls.map((c: any, i: number) => ({ index: i, ...c })) };
}
