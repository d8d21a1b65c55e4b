// An error event sent after the stream began is the server's verdict (same words as an HTTP error), not a
// cut connection: it is classified like one and retried only when retrying can help.
import { test } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';
import { sseErrorRewriter } from '../../../src/core/llm/sseErrorFields';

const fast = { retries: 2, backoffMs: 5, maxBackoffMs: 20 };
const user = [{ role: 'user' as const, content: 'x' }];

test('an error event mid-stream is classified by its words and not retried when retrying cannot help', async () => {
  const cases = [
    { streamError: { message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', code: 400, afterChunks: 1 }, kind: 'context-exceeded', says: /context window/ },
    { streamError: { message: 'registry.ollama.ai/library/gemma2:2b does not support tools' }, kind: 'tools-unsupported', says: /prompt/ },
    { streamError: { message: 'invalid grammar: unexpected token', code: 400 }, kind: 'bad-request', says: /refused/ },
  ];
  const server = await startReplayServer({ script: cases.map((c) => ({ text: 'Hello there', chunkSize: 3, streamError: c.streamError })) });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    for (const c of cases) {
      const retries: string[] = [];
      await assert.rejects(client.stream({ messages: user }, { onRetry: (i) => retries.push(i.error.kind) }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, c.kind, e.message);
        assert.match(e.message, c.says);
        assert.doesNotMatch(e.message, /cut off/);
        assert.equal(e.detail, c.streamError.message);
        return true;
      });
      assert.deepEqual(retries, []);
    }
    assert.equal(server.chatRequests.length, cases.length, 'non-retryable stream errors are not retried');
  } finally { await server.close(); }
});

test('an unexplained error event is a server error: retried from the start, and named as such when retries run out', async () => {
  const server = await startReplayServer({ script: [
    { text: 'partial', chunkSize: 2, streamError: { message: 'CUDA error: out of memory', afterChunks: 2 } },
    { text: 'the whole answer' },
    { text: 'partial', streamError: { message: 'slot crashed', afterChunks: 1 } },
  ] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const retries: { kind: string; discard: boolean }[] = [];
    const result = await client.stream({ messages: user }, { onRetry: (i) => retries.push({ kind: i.error.kind, discard: i.discardPartial }) });
    assert.equal(result.text, 'the whole answer');
    assert.deepEqual(retries, [{ kind: 'server-error', discard: true }]);
    const once = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0 });
    await assert.rejects(once.stream({ messages: user }), (e: unknown) =>
      e instanceof LlmError && e.kind === 'server-error' && /in the middle of the reply \(slot crashed\)/.test(e.message));
  } finally { await server.close(); }
});

test('llama.cpp before Sep 2025: an SSE `error:` field is read as the server\'s error (context-exceeded, not "cut off")', async () => {
  const message = 'the request exceeds the available context size. try increasing the context size or enable context shift';
  const server = await startReplayServer({ script: [
    { text: 'unused', streamError: { message, type: 'invalid_request_error', code: 400, form: 'error-field' } },
    { text: 'Hello', chunkSize: 2, streamError: { message: 'context shift disabled: the prompt exceeds the context', form: 'error-event', afterChunks: 1 } },
  ] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const retries: string[] = [];
    await assert.rejects(client.stream({ messages: user }, { onRetry: (i) => retries.push(i.error.kind) }), (e: unknown) => {
      assert.ok(e instanceof LlmError);
      assert.equal(e.kind, 'context-exceeded', e.message);
      assert.equal(e.detail, message);
      assert.match(e.message, /smallcode\.contextWindow/);
      return true;
    });
    assert.deepEqual(retries, [], 'a context overflow is not retried');
    // `event: error` whose data has no `error` key: its message is kept too
    await assert.rejects(client.stream({ messages: user }), (e: unknown) => e instanceof LlmError && e.kind === 'context-exceeded' && e.detail === 'context shift disabled: the prompt exceeds the context');
    assert.equal(server.chatRequests.length, 2);
  } finally { await server.close(); }
});

test('a stream chunk that is not JSON (or is `null`) is named as such, and its text is not printed to the console', async () => {
  const secret = 'sk-live-0123456789abcdef';
  const server = await startReplayServer({ script: [
    { text: 'Hello there', chunkSize: 3, rawLines: { lines: [`data: {"choices":[{"delta":{"content":"${secret}"`], afterChunks: 1 } },
    { text: 'Hello there', chunkSize: 3, rawLines: { lines: ['data: null'], afterChunks: 2 } },
  ] });
  const printed: unknown[] = [];
  const original = { error: console.error, warn: console.warn, log: console.log };
  console.error = console.warn = console.log = (...args: unknown[]) => { printed.push(...args); };
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0 });
    for (let i = 0; i < 2; i++) {
      await assert.rejects(client.stream({ messages: user }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, 'server-error', e.message);
        assert.match(e.message, /sent a reply chunk that is not JSON/);
        assert.doesNotMatch(e.message, /cut off|broke/);
        return true;
      });
    }
  } finally {
    Object.assign(console, original);
    await server.close();
  }
  assert.ok(!printed.some((p) => String(p).includes(secret)), `printed: ${printed.map(String).join(' | ')}`);
  assert.deepEqual(printed, []);
});

test('the SSE error rewrite holds lines split across network chunks and leaves the rest byte for byte (a last event is ended)', async () => {
  const input = ['data: {"choices":[]}\n\ner', 'ror: {"code":400,"message":"too lo', 'ng"}\r\n\r\nevent: error\ndata: {"message":"x"}\n\nevent: error\ndata: {"error":{"message":"y"}}\n\ndata: [DONE]'];
  const out: string[] = [];
  const stream = new ReadableStream<string>({ start(c) { for (const p of input) c.enqueue(p); c.close(); } }).pipeThrough(sseErrorRewriter());
  for await (const part of stream) out.push(part);
  assert.equal(out.join(''), 'data: {"choices":[]}\n\ndata: {"error":{"code":400,"message":"too long"}}\n\r\nevent: error\ndata: {"error":{"message":"x"}}\n\nevent: error\ndata: {"error":{"message":"y"}}\n\ndata: [DONE]\n\n');
});

/** A server that writes `body` 7 bytes at a time and closes: the events as a gateway that ends the response right after them sends them. */
async function rawSseServer(body: string): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < body.length; i += 7) res.write(body.slice(i, i + 7));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('a body that ends right after its last event (no blank line, no [DONE]) still gives the finished reply', async () => {
  const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}`;
  for (const end of ['', '\n', '\r\n']) {
    const server = await rawSseServer(`${chunk({ role: 'assistant', content: 'a' }, null)}\n\n${chunk({ content: 'b' }, 'stop')}${end}`);
    try {
      const reply = await new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0 }).stream({ messages: user });
      assert.deepEqual([reply.text, reply.finishReason], ['ab', 'stop'], JSON.stringify(end));
    } finally { await server.close(); }
  }
});

test('a 200 stream that ends before any chunk (SSE or Ollama NDJSON) is named an empty reply, with where to look, not a reply cut off', async () => {
  const bodies = [
    { api: 'openai' as const, type: 'text/event-stream', body: '' },
    { api: 'openai' as const, type: 'text/event-stream', body: 'data: [DONE]\n\n' },
    { api: 'openai' as const, type: 'text/event-stream', body: ': ping\n\n' },
    { api: 'ollama' as const, type: 'application/x-ndjson', body: '' },
  ];
  for (const b of bodies) {
    let posts = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'POST') posts++;
        res.writeHead(200, { 'content-type': b.type });
        res.end(b.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const client = new ChatClient({ baseUrl: b.api === 'ollama' ? origin : `${origin}/v1`, model: 'm', api: b.api, ...(b.api === 'ollama' ? { serverKind: 'ollama' as const, numCtx: 4096 } : {}), ...fast });
      await assert.rejects(client.stream({ messages: user }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, 'stream-cut', e.message);
        assert.match(e.message, /empty reply .* its log says why/, `${b.api} ${JSON.stringify(b.body)}`);
        assert.doesNotMatch(e.message, /cut off/);
        return true;
      });
      assert.equal(posts, 1 + fast.retries, 'retried like a cut reply (a server failing once may answer next time)');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
});
