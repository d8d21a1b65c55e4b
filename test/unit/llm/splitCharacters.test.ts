// A stream's bytes arrive in whatever pieces the network makes: a `data:` line, an NDJSON line, even one
// character's UTF-8 bytes split across two reads. The reply comes out whole and unmangled (a guard: the
// decoders keep partial characters; a per-chunk decode would turn them into U+FFFD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient } from '../../../src/core/llm/chatClient';

const TEXT = 'héllo 😀 wörld — 日本語';

/** A fetch answering with `body` cut into pieces of `size` bytes, each a read of its own. */
function bytesIn(body: string, type: string, size: number): typeof fetch {
  const bytes = new TextEncoder().encode(body);
  return async () => new Response(new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
      controller.close();
    },
  }), { status: 200, headers: { 'content-type': type } });
}

const sse = [...TEXT].map((c) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: c }, finish_reason: null }] })}\n\n`).join('')
  + `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
const ndjson = [...TEXT].map((c) => `${JSON.stringify({ message: { role: 'assistant', content: c }, done: false })}\n`).join('')
  + `${JSON.stringify({ message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' })}\n`;

for (const size of [1, 2, 3, 5]) {
  test(`SSE and Ollama NDJSON read ${size} byte${size > 1 ? 's' : ''} at a time keep every character whole`, async () => {
    const openai = new ChatClient({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', retries: 0, fetch: bytesIn(sse, 'text/event-stream', size) });
    assert.equal((await openai.stream({ messages: [{ role: 'user', content: 'x' }] })).text, TEXT);
    const ollama = new ChatClient({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', api: 'ollama', retries: 0, fetch: bytesIn(ndjson, 'application/x-ndjson', size) });
    assert.equal((await ollama.stream({ messages: [{ role: 'user', content: 'x' }] })).text, TEXT);
  });
}
