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
    const headers = new Headers(response.headers);
    headers.set('content-type', 'text/event-stream');
    headers.delete('content-length');
    const init2 = { status: response.status, statusText: response.statusText, headers };
    // a real stream mislabelled as JSON (a proxy's content type) is passed on as it comes, not buffered whole
    const reader = response.body.getReader();
    const first = await reader.read();
    const head = first.done ? '' : new TextDecoder().decode(first.value.subarray(0, 16));
    if (/^\s*(?:data:|event:|:)/.test(head)) return new Response(replayed(first, reader), init2);
    const decoder = new TextDecoder();
    let text = first.done ? '' : decoder.decode(first.value, { stream: true });
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true });
    return new Response(asEvents(text + decoder.decode()), init2);
  };
}

/** The stream again from its first chunk, already read, on: cancelling it cancels the server's. */
type Read = { done: true; value?: undefined } | { done: false; value: Uint8Array };

function replayed(first: Read, reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  let pending: Read | undefined = first;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? await reader.read();
      pending = undefined;
      if (next.done) controller.close(); else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
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
  // `"error": null` beside a completion is no error (some servers always send the field)
  if (fields.error !== undefined && fields.error !== null) return `data: ${JSON.stringify({ error: fields.error })}\n\n`;
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
