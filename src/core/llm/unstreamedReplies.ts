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
    // a real stream mislabelled as JSON (a proxy's content type) is passed on as it comes, not buffered
    // whole: decided by its first byte that is not blank — a JSON body opens with { or [, a stream with
    // a field (data:, event:, id:, retry:) or a comment, however the server splits its first writes
    const reader = response.body.getReader();
    const head: Uint8Array[] = [];
    let opening: number | undefined;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      head.push(next.value);
      opening = next.value.find((byte: number) => !BLANK_BYTES.has(byte));
      if (opening !== undefined) break;
    }
    if (opening !== undefined && opening !== OPEN_BRACE && opening !== OPEN_BRACKET) return new Response(replayed(head, reader), init2);
    const decoder = new TextDecoder();
    let text = head.map((chunk) => decoder.decode(chunk, { stream: true })).join('');
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true });
    return new Response(asEvents(text + decoder.decode()), init2);
  };
}

/** Space, tab, CR, LF and a UTF-8 byte-order mark's bytes: what may come before a body's first character. */
const BLANK_BYTES = new Set([0x20, 0x09, 0x0d, 0x0a, 0xef, 0xbb, 0xbf]);
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** The stream again from the chunks already read on: cancelling it cancels the server's. */
function replayed(head: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  const pending = [...head];
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = pending.shift();
      if (chunk) return controller.enqueue(chunk);
      const next = await reader.read();
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
