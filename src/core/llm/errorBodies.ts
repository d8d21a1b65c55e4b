// The openai package keeps only the `error` key of an HTTP error body. vLLM before v0.10.1, SGLang's chat
// endpoints, FastChat and TensorRT-LLM answer with the error at the top level (`{"object": "error",
// "message": …, "code": 400}`), FastAPI with `{"detail": …}`: the message was lost ("status code (no
// body)"), so a prompt over the window was not trimmed, tools the server refuses were not dropped for the
// text protocol, and an unknown model read as a wrong URL. This moves such a body under `error`.

/** A fetch whose JSON error bodies carry their message under `error`, where the openai package reads it. */
export function withErrorBodies(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.ok || !/json/i.test(response.headers.get('content-type') ?? '')) return response;
    const text = await response.text();
    return new Response(underErrorKey(text), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The body with its message under `error`; as it was when it already is, or is no JSON object. */
export function underErrorKey(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'error' in body) return text;
  const fields = body as Record<string, unknown>;
  if (typeof fields.message === 'string') return JSON.stringify({ error: fields });
  if (fields.detail !== undefined) return JSON.stringify({ error: { message: typeof fields.detail === 'string' ? fields.detail : JSON.stringify(fields.detail) } });
  return text;
}
