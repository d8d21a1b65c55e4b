// A model request answered with a redirect: 301/302/303 would turn the POST into a GET without its body
// (fetch does), so it is reported with where it leads and the base URL to set; 307/308 keep the request
// whole and are followed.
import { test } from 'node:test';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';

const user = [{ role: 'user' as const, content: 'x' }];

/** Everything outside /new is redirected with `status` to the same path under /new, where a chat is answered
 * (SSE for OpenAI, NDJSON for Ollama) only when it comes as a POST with its body. */
async function moved(status: number) {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      if (!req.url!.startsWith('/new/')) { res.writeHead(status, { location: `/new${req.url}` }); res.end(); return; }
      if (req.method !== 'POST' || !body) { res.writeHead(405, { 'content-type': 'text/plain' }); res.end('Method Not Allowed'); return; }
      if (req.url === '/new/api/chat') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end(`${JSON.stringify({ message: { role: 'assistant', content: 'moved fine' }, done: false })}\n${JSON.stringify({ message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' })}\n`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'moved fine' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seen, close: async () => { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)); } };
}

for (const status of [301, 302]) {
  test(`a chat request redirected with ${status} (http → https at a proxy, an API moved) says where to, not "no API at" the URL set`, async () => {
    const server = await moved(status);
    try {
      const client = new ChatClient({ baseUrl: `${server.origin}/v1`, model: 'm', retries: 2, backoffMs: 1 });
      await assert.rejects(client.stream({ messages: user }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, 'no-api');
        assert.ok(e.message.includes(`redirects model requests (HTTP ${status}) to ${server.origin}/new/v1/chat/completions`), e.message);
        assert.ok(e.message.includes(`Set "smallcode.baseUrl" to ${server.origin}/new/v1.`), e.message);
        return true;
      });
      assert.deepEqual(server.seen, [`POST /v1/chat/completions`], 'asked once; no GET sent in its place');
    } finally { await server.close(); }
  });
}

for (const status of [307, 308]) {
  test(`a chat request redirected with ${status} keeps its body and gets its reply (OpenAI API and Ollama's), as before`, async () => {
    const server = await moved(status);
    try {
      const openai = new ChatClient({ baseUrl: `${server.origin}/v1`, model: 'm', retries: 0 });
      assert.equal((await openai.stream({ messages: user })).text, 'moved fine');
      const ollama = new ChatClient({ baseUrl: `${server.origin}/v1`, model: 'm', api: 'ollama', retries: 0 });
      assert.equal((await ollama.stream({ messages: user })).text, 'moved fine');
      assert.deepEqual(server.seen.filter((r) => r.startsWith('POST /new/')), ['POST /new/v1/chat/completions', 'POST /new/api/chat']);
      assert.ok(server.seen.every((r) => r.startsWith('POST ')), server.seen.join(', '));
    } finally { await server.close(); }
  });
}

test('Ollama\'s /api/chat redirected with 301: said with the base URL to set', async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => { seen.push(`${req.method} ${req.url}`); res.writeHead(301, { location: 'https://ollama.example.test/api/chat' }); res.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new ChatClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, model: 'm', api: 'ollama', retries: 2, backoffMs: 1 });
    await assert.rejects(client.stream({ messages: user }), (e: unknown) =>
      e instanceof LlmError && e.kind === 'no-api' && e.message.includes('to https://ollama.example.test/api/chat') && e.message.includes('Set "smallcode.baseUrl" to https://ollama.example.test.'));
    assert.deepEqual(seen, ['POST /api/chat']);
  } finally { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)); }
});
