// A server or proxy that answers a request for a stream with one JSON body (the whole completion, or an
// error object with status 200) is read for what it says, not as a reply cut off after 0 characters.
import { test } from 'node:test';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';
import { withUnstreamedReplies } from '../../../src/core/llm/unstreamedReplies';

const fast = { retries: 1, backoffMs: 5, maxBackoffMs: 10 };
const user = [{ role: 'user' as const, content: 'x' }];

async function serving(answer: (body: any, res: ServerResponse) => void) {
  const requests: any[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c) => { text += c; });
    req.on('end', () => { const body = JSON.parse(text); requests.push(body); answer(body, res); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    requests,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: async () => { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)); },
  };
}

const json = (res: ServerResponse, body: unknown) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };

test('a server that ignores stream: true and sends the whole completion: its text, calls and usage are the reply', async () => {
  const server = await serving((_body, res) => json(res, {
    id: 'c1', object: 'chat.completion', created: 1, model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Reading it now.', reasoning_content: 'The user wants the file.',
      tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] }, finish_reason: 'tool_calls' }],
    usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
  }));
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const shown: string[] = [];
    const result = await client.stream({ messages: user }, { onText: (d) => shown.push(d) });
    assert.equal(server.requests[0].stream, true);
    assert.equal(result.text, 'Reading it now.');
    assert.deepEqual(shown, ['Reading it now.']);
    assert.equal(result.reasoning, 'The user wants the file.');
    assert.deepEqual(result.toolCalls, [{ id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }]);
    assert.equal(result.finishReason, 'tool_calls');
    assert.equal(result.usage?.promptTokens, 12);
    assert.equal(server.requests.length, 1, 'not retried');
  } finally { await server.close(); }
});

test('an error object with status 200 (to a stream or not) is the server\'s verdict, in its words', async () => {
  const errors = [
    { error: { message: 'No models loaded. Please load a model in the developer page or use the `lms load` command.' } },
    { error: 'the request exceeds the available context size, try increasing it' },
  ];
  let next = 0;
  const server = await serving((_body, res) => json(res, errors[next]));
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    for (const call of [() => client.stream({ messages: user }), () => client.complete({ messages: user })]) {
      next = 0;
      const before = server.requests.length;
      await assert.rejects(call(), (e: unknown) => e instanceof LlmError && e.kind === 'model-not-loaded' && e.message.includes('No models loaded'));
      assert.equal(server.requests.length - before, 2, 'retried once: a model may be loaded meanwhile');
      next = 1;
      await assert.rejects(call(), (e: unknown) => e instanceof LlmError && e.kind === 'context-exceeded' && e.message.includes('exceeds the available context size'));
    }
  } finally { await server.close(); }
});

test('complete(): a 200 without a reply in it is named so, not a broken connection', async () => {
  for (const [type, body] of [['application/json', ''], ['', ''], ['application/json', '{"id":"c1","object":"chat.completion"}']] as const) {
    const server = await serving((_b, res) => { res.writeHead(200, type ? { 'content-type': type } : {}); res.end(body); });
    try {
      const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast, retries: 0 });
      await assert.rejects(client.complete({ messages: user }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, 'server-error', `${type} ${JSON.stringify(body)}: ${e.message}`);
        assert.doesNotMatch(e.message, /connection .* broke/);
        return true;
      });
    } finally { await server.close(); }
  }
});

test('a whole completion that also carries "error": null is the reply, not an error nor an empty reply', async () => {
  const server = await serving((_body, res) => json(res, {
    id: 'c1', object: 'chat.completion', created: 1, model: 'm', error: null,
    choices: [{ index: 0, message: { role: 'assistant', content: 'All done.' }, finish_reason: 'stop' }],
  }));
  try {
    const result = await new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast }).stream({ messages: user });
    assert.equal(result.text, 'All done.');
    assert.equal(server.requests.length, 1, 'not retried');
  } finally { await server.close(); }
});

test('a real stream sent as application/json (a proxy\'s label) still streams: its first piece is shown before the server ends it, also when it opens with retry:, id:, a comment or a blank line', { timeout: 10_000 }, async () => {
  for (const opening of ['', 'retry: 3000\n', 'id: 7\n', ': keep-alive\n\n', '\n\n']) {
    let finish: (() => void) | undefined;
    const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    const server = await serving((_body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(opening + chunk('First piece. '));
      finish = () => res.end(`${chunk('Second piece.')}data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    });
    try {
      let shownFirst: () => void = () => undefined;
      const firstShown = new Promise<void>((resolve) => { shownFirst = resolve; });
      const reply = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast }).stream({ messages: user }, { onText: (d) => { if (d.includes('First')) shownFirst(); } });
      await firstShown; // the server has not ended the reply yet
      finish!();
      assert.equal((await reply).text, 'First piece. Second piece.', JSON.stringify(opening));
    } finally { await server.close(); }
  }
});

test('the first bytes of a JSON-labelled body decide, however they are split: a stream is passed on chunk by chunk, a JSON body read whole', { timeout: 10_000 }, async () => {
  const encoder = new TextEncoder();
  /** A response whose body gives these pieces, then waits until `end` is called (what a live stream does). */
  const live = (pieces: string[]) => {
    let end: () => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(encoder.encode(piece));
        end = () => controller.close();
      },
    });
    return { response: new Response(body, { headers: { 'content-type': 'application/json' } }), end: () => end() };
  };
  const asked = { method: 'POST', body: JSON.stringify({ stream: true }) };
  const stream = live(['\r\n', 'da', 'ta: {"choices":[]}\n\n']);
  const passed = await withUnstreamedReplies(async () => stream.response)('http://x', asked);
  assert.equal(passed.headers.get('content-type'), 'text/event-stream');
  const reader = passed.body!.getReader();
  let seen = '';
  while (!seen.includes('data: {')) seen += new TextDecoder().decode((await reader.read()).value);
  assert.equal(seen, '\r\nda' + 'ta: {"choices":[]}\n\n', 'the stream as it came, before its end');
  stream.end();
  assert.equal((await reader.read()).done, true);

  const whole = live(['\n ', ' {"choices":[{"message":{"content":"Hi"}}]', '}']);
  whole.end();
  const read = await withUnstreamedReplies(async () => whole.response)('http://x', asked);
  assert.match(await read.text(), /^data: .*"delta":\{"content":"Hi"\}.*\n\ndata: \[DONE\]\n\n$/s);
});
