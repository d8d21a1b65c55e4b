// A connection that breaks after the server said the reply is finished (finish_reason sent; the usage chunk
// and [DONE] lost: a proxy or server closing abruptly) loses nothing of the reply: it is returned, not
// discarded as "cut off" and asked for again (a whole generation, minutes on a laptop, and maybe another answer).
import { test } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

async function closingAfter(body: string) {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // the socket is destroyed once the body is out: no usage chunk, no [DONE], no end of the chunked body
      res.write(body, () => res.socket?.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests: () => requests,
    close: async () => { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)); },
  };
}

test('a connection lost after finish_reason: the whole reply (text and calls) is returned, not retried', async () => {
  const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } };
  const server = await closingAfter(chunk({ content: 'Reading a.ts.' }) + chunk({ tool_calls: [call] }) + chunk({}, 'tool_calls'));
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 2, backoffMs: 1 });
    const retries: string[] = [];
    const result = await client.stream({ messages: [{ role: 'user', content: 'x' }] }, { onRetry: (i) => retries.push(i.error.kind) });
    assert.equal(result.text, 'Reading a.ts.');
    assert.equal(result.finishReason, 'tool_calls');
    assert.deepEqual(result.toolCalls.map((c) => c.function.name), ['read_file']);
    assert.deepEqual(retries, []);
    assert.equal(server.requests(), 1);
  } finally { await server.close(); }
});

test('a connection lost before finish_reason is still a cut reply (retried, then reported)', async () => {
  const server = await closingAfter(chunk({ content: 'Reading' }));
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 1, backoffMs: 1 });
    await assert.rejects(client.stream({ messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof LlmError && e.kind === 'stream-cut');
    assert.equal(server.requests(), 2);
  } finally { await server.close(); }
});
