// The openai package reads only `data:` lines of an SSE stream and raises an error only for a `data` whose
// JSON has an `error` key. llama.cpp before PR ggml-org/llama.cpp#16109 (Sep 2025) reported a failure after
// the headers (a prompt over the context size) in an SSE `error:` field, and some servers send
// `event: error` with a bare `{"message": …}`: both were dropped, and the reply then read as cut off, so
// the window was never shrunk. This rewrites both into the `data: {"error": …}` form, which the client
// classifies by its words like any other error event.

/** A fetch whose event streams carry their errors in the form the openai package raises. */
export function withSseErrors(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const type = response.headers.get('content-type') ?? '';
    // text/plain: a few small servers label their SSE so
    if (!response.body || !/event-stream|text\/plain/i.test(type)) return response;
    const body = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(sseErrorRewriter()).pipeThrough(new TextEncoderStream());
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** `error: X` → `data: {"error": X}`; the data of an `event: error` without an `error` key → `{"error": data}`. */
export function sseErrorRewriter(): TransformStream<string, string> {
  let partial = '';
  let errorEvent = false; // the current message is an `event: error`
  const rewrite = (line: string): string => {
    const bare = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (bare === '') errorEvent = false; // a blank line ends the message
    else if (/^event:\s?error$/.test(bare)) errorEvent = true;
    const field = /^error:\s?(.*)$/.exec(bare);
    if (field) return `data: ${JSON.stringify({ error: errorValue(field[1]!) })}`;
    const data = errorEvent ? /^data:\s?(.*)$/.exec(bare) : null;
    if (data) {
      const value = errorValue(data[1]!);
      if (!(typeof value === 'object' && value !== null && 'error' in value)) return `data: ${JSON.stringify({ error: value })}`;
    }
    return line;
  };
  let unended = false; // a field line came since the last blank line
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      if (lines.length) {
        unended = !/^\r?$/.test(lines[lines.length - 1]!);
        controller.enqueue(lines.map((l) => `${rewrite(l)}\n`).join(''));
      }
    },
    // A body that ends right after its last event's field (a gateway closing the response, no blank line,
    // no [DONE]): the event is ended here, or the SSE decoder drops it, and with it the finish_reason
    // (openai/openai-node#2725, fixed in 7.x only).
    flush(controller) {
      if (partial) controller.enqueue(`${rewrite(partial)}\n\n`);
      else if (unended) controller.enqueue('\n');
    },
  });
}

/** The error as JSON when it is JSON (`{"code": 400, "message": …}`), else its text as the message. */
function errorValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}
