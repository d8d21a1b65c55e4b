// What the user reads when the server (or a proxy in front of it) answers with an error page or a very
// long error: the page's title, not its markup; a long text cut short; both on the OpenAI API and Ollama's.
import { test } from 'node:test';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';

const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';
const FRAMEWORK_500 = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>body { font: 14px sans-serif }</style><title>Error &amp; crash</title></head><body><pre>${'Traceback line\n'.repeat(400)}</pre></body></html>`;
// a validation error that echoes the request back (pydantic in vLLM and other Python servers)
const ECHOED = JSON.stringify({ error: { message: `1 validation error: messages.0.content: Input should be a valid string [input_value=${JSON.stringify('x'.repeat(5000))}]`, code: 400 } });

async function serving(answer: (res: ServerResponse) => void) {
  const server = createServer((req, res) => { req.resume(); req.on('end', () => answer(res)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: async () => { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)); },
  };
}

const cases = [
  { name: 'a proxy\'s 502 page', status: 502, type: 'text/html', body: NGINX_502, kind: 'server-error', says: 'HTTP 502: 502 Bad Gateway)' },
  { name: 'a framework\'s 500 page', status: 500, type: 'text/html; charset=utf-8', body: FRAMEWORK_500, kind: 'server-error', says: 'HTTP 500: Error & crash)' },
  { name: 'a validation error echoing the request', status: 400, type: 'application/json', body: ECHOED, kind: 'bad-request', says: 'HTTP 400: 1 validation error: messages.0.content' },
  // a JSON error echoing a prompt that holds a page: the server's words, not the prompt's page title
  { name: 'a JSON error echoing markup from the prompt', status: 400, type: 'application/json', body: JSON.stringify({ error: { message: 'This model\'s maximum context length is 4096 tokens. Your prompt: <html><head><title>Admin panel</title></head></html>', code: 400 } }), kind: 'context-exceeded', says: 'maximum context length is 4096 tokens' },
  // a page with an entity out of range or named like an object's property: left as written, no crash
  { name: 'a page with odd entities', status: 502, type: 'text/html', body: '<html><head><title>Bad &#1114112; gateway &constructor;</title></head></html>', kind: 'server-error', says: 'HTTP 502: Bad &#1114112; gateway &constructor;)' },
];

for (const api of ['openai', 'ollama'] as const) {
  for (const c of cases) {
    test(`${c.name} (${api === 'ollama' ? 'Ollama /api/chat' : 'OpenAI API'}): the message quotes it short and without markup`, async () => {
      const server = await serving((res) => { res.writeHead(c.status, { 'content-type': c.type }); res.end(c.body); });
      try {
        const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', api, retries: 0 });
        for (const call of [() => client.stream({ messages: [{ role: 'user', content: 'x' }] }), () => client.complete({ messages: [{ role: 'user', content: 'x' }] })]) {
          await assert.rejects(call(), (e: unknown) => {
            assert.ok(e instanceof LlmError);
            assert.equal(e.kind, c.kind, e.message);
            assert.ok(e.message.includes(c.says), e.message);
            assert.doesNotMatch(e.message, /<|\n/);
            assert.ok(e.message.length < 500, `${e.message.length} characters`);
            return true;
          });
        }
      } finally { await server.close(); }
    });
  }
}
