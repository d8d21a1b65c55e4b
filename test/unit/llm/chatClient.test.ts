import { test } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { repliesByPrompt, startReplayServer } from '../../support/replayServer';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError, errorFromHttp } from '../../../src/core/llm/errors';

const fast = { retries: 2, backoffMs: 5, maxBackoffMs: 20 };
const user = (content: string) => [{ role: 'user' as const, content }];

test('streams text in order and returns the finished reply with usage', async () => {
  const server = await startReplayServer({ script: [{ text: 'Hello from a small model.', chunkSize: 3 }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const deltas: string[] = [];
    const result = await client.stream({ messages: user('hi'), maxTokens: 64 }, { onText: (d) => deltas.push(d) });
    assert.equal(result.text, 'Hello from a small model.');
    assert.equal(deltas.join(''), result.text);
    assert.ok(deltas.length > 3);
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.attempts, 1);
    assert.ok(result.usage);
    const body = server.chatRequests[0]!.body;
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, 64);
    assert.deepEqual(body.messages, user('hi'));
  } finally { await server.close(); }
});

test('returns structured tool_calls assembled from streamed fragments, and reasoning apart from text', async () => {
  const server = await startReplayServer({ script: [{ reasoning: 'think first', text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'src/a.ts', start: 1 } }] }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const tools = [{ type: 'function' as const, function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
    const result = await client.stream({ messages: user('read it'), tools });
    assert.equal(result.finishReason, 'tool_calls');
    assert.equal(result.reasoning, 'think first');
    assert.equal(result.text, '');
    assert.equal(result.toolCalls.length, 1);
    assert.equal(result.toolCalls[0]!.function.name, 'read_file');
    assert.deepEqual(JSON.parse(result.toolCalls[0]!.function.arguments), { path: 'src/a.ts', start: 1 });
    assert.deepEqual(server.chatRequests[0]!.body.tools, tools);
  } finally { await server.close(); }
});

test('complete() works without streaming', async () => {
  const server = await startReplayServer({ script: [{ text: 'a summary' }] });
  try {
    const result = await new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast }).complete({ messages: user('sum up') });
    assert.equal(result.text, 'a summary');
    assert.notEqual(server.chatRequests[0]!.body.stream, true);
  } finally { await server.close(); }
});

test('the async iterator yields text deltas then done', async () => {
  const server = await startReplayServer({ script: [{ text: 'abcdef', chunkSize: 2 }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const types: string[] = [];
    let text = '';
    for await (const e of client.events({ messages: user('x') })) {
      types.push(e.type);
      if (e.type === 'text') text += e.delta;
      if (e.type === 'done') assert.equal(e.result.text, 'abcdef');
    }
    assert.equal(text, 'abcdef');
    assert.equal(types.at(-1), 'done');
  } finally { await server.close(); }
});

test('a consumer that stops iterating the events early ends the request: the server stops generating', { timeout: 10_000 }, async () => {
  let hungUp!: () => void;
  const closed = new Promise<void>((resolve) => { hungUp = resolve; });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // a reply that goes on for as long as someone listens
      const timer = setInterval(() => res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'more ' }, finish_reason: null }] })}\n\n`), 10);
      res.on('close', () => { clearInterval(timer); hungUp(); });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new ChatClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, model: 'm', ...fast });
    for await (const e of client.events({ messages: user('x') })) {
      if (e.type === 'text') break;
    }
    await closed;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a stream cut mid-reply is retried from the start and the partial text is flagged for discarding', async () => {
  const server = await startReplayServer({ script: [
    { text: 'partial answer that never ends', chunkSize: 4, cutAfterChunks: 2 },
    { text: 'clean ending without finish', chunkSize: 4, endAfterChunks: 1 },
    { text: 'the whole answer' },
  ] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const retries: { kind: string; discard: boolean }[] = [];
    let shown = '';
    const result = await client.stream({ messages: user('x') }, {
      onText: (d) => { shown += d; },
      onRetry: (info) => { retries.push({ kind: info.error.kind, discard: info.discardPartial }); if (info.discardPartial) shown = ''; },
    });
    assert.equal(result.text, 'the whole answer');
    assert.equal(shown, 'the whole answer');
    assert.deepEqual(retries, [{ kind: 'stream-cut', discard: true }, { kind: 'stream-cut', discard: true }]);
    assert.equal(result.attempts, 3);
  } finally { await server.close(); }
});

test('a stream cut with no retries left is an error, never a half reply', async () => {
  const server = await startReplayServer({ script: [{ text: 'partial answer', chunkSize: 4, cutAfterChunks: 1 }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0 });
    await assert.rejects(client.stream({ messages: user('x') }), (e: unknown) => e instanceof LlmError && e.kind === 'stream-cut' && /cut off|broke/.test(e.message));
  } finally { await server.close(); }
});

test('429 and 5xx are retried with backoff; Retry-After is honoured', async () => {
  const server = await startReplayServer({ script: [
    { error: { status: 429, message: 'slow down', headers: { 'retry-after': '0.05' } } },
    { error: { status: 500, message: 'boom' } },
    { text: 'ok' },
  ] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const delays: number[] = [];
    const started = Date.now();
    const result = await client.stream({ messages: user('x') }, { onRetry: (i) => delays.push(i.delayMs) });
    assert.equal(result.text, 'ok');
    assert.equal(delays.length, 2);
    assert.ok(delays[0]! >= 50, `retry-after respected: ${delays[0]}`);
    assert.ok(Date.now() - started >= 50);
  } finally { await server.close(); }
});

test('the owner hears of a request that failed for good (once, after the retries), never of one retried to success or cancelled', async () => {
  const server = await startReplayServer({ script: [
    { error: { status: 500, message: 'boom' } },
    { text: 'ok' },
    { error: { status: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } },
    { text: 'never sent', firstTokenDelayMs: 5000 },
  ] });
  try {
    const failures: string[] = [];
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast, onFailure: (e) => failures.push(e.kind) });
    assert.equal((await client.stream({ messages: user('x') })).text, 'ok');
    assert.deepEqual(failures, []);
    await assert.rejects(client.stream({ messages: user('x') }), (e: unknown) => e instanceof LlmError && e.kind === 'context-exceeded');
    assert.deepEqual(failures, ['context-exceeded']);
    const abort = new AbortController();
    const cancelled = client.stream({ messages: user('x'), signal: abort.signal });
    abort.abort();
    await assert.rejects(cancelled);
    assert.deepEqual(failures, ['context-exceeded'], 'a cancel is no failure');
  } finally { await server.close(); }
});

test('typed errors with user-facing fixes: context exceeded, auth, unknown model, tools unsupported', async () => {
  const cases = [
    { error: { status: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' }, kind: 'context-exceeded', says: /context/ },
    { error: { status: 401, message: 'invalid api key' }, kind: 'auth', says: /Set API key/ },
    { error: { status: 404, message: 'model "qwen9" not found, try pulling it first' }, kind: 'model-not-found', says: /Select model/ },
    { error: { status: 400, message: 'registry.ollama.ai/library/gemma2:2b does not support tools' }, kind: 'tools-unsupported', says: /prompt/ },
    { error: { status: 400, message: 'This model\'s maximum context length is 8192 tokens. However, you requested 9000 tokens' }, kind: 'context-exceeded', says: /context/ },
  ];
  const server = await startReplayServer({ script: cases.map((c) => ({ error: c.error })) });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'qwen9', ...fast });
    for (const c of cases) {
      await assert.rejects(client.stream({ messages: user('x') }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, c.kind, e.message);
        assert.match(e.message, c.says);
        return true;
      });
    }
    assert.equal(server.chatRequests.length, cases.length, 'non-retryable errors are not retried');
  } finally { await server.close(); }
});

test('error bodies without an error key (vLLM before 0.10.1, SGLang, FastAPI) keep their message, so each is read for what it says', async () => {
  const cases = [
    { error: { status: 400, shape: 'flat' as const, message: 'This model\'s maximum context length is 16384 tokens. However, you requested 20480 tokens.' }, kind: 'context-exceeded' },
    { error: { status: 400, shape: 'flat' as const, message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set' }, kind: 'tools-unsupported' },
    { error: { status: 404, shape: 'flat' as const, message: 'The model `qwen9` does not exist.' }, kind: 'model-not-found' },
    { error: { status: 400, shape: 'detail' as const, message: 'The input (20480 tokens) is longer than the model\'s context length (16384 tokens).' }, kind: 'context-exceeded' },
  ];
  const server = await startReplayServer({ script: cases.map((c) => ({ error: c.error })) });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'qwen9', serverKind: 'vllm', ...fast });
    for (const c of cases) {
      await assert.rejects(client.stream({ messages: user('x') }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, c.kind, e.message);
        assert.equal(e.detail, c.error.message);
        return true;
      });
    }
  } finally { await server.close(); }
});

test('context overflow in the words of LM Studio, vLLM V1, SGLang and TGI: the window is shrunk, not the run failed', () => {
  const ctx = { baseUrl: 'http://127.0.0.1:1234/v1', model: 'm' };
  for (const message of [
    'The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 5228 >= n_ctx: 4096). Try to load the model with a larger context length, or provide a shorter input.',
    'The decoder prompt (length 20480) is longer than the maximum model length of 16384. Make sure that `max_model_len` is no smaller than the number of text tokens.',
    'The input (20480 tokens) is longer than the model\'s context length (16384 tokens).',
    'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 16384. Given: 20000 `inputs` tokens and 512 `max_new_tokens`',
  ]) {
    assert.equal(errorFromHttp({ status: 400, message }, ctx).kind, 'context-exceeded', message);
    assert.equal(errorFromHttp({ message }, ctx).kind, 'context-exceeded', `mid-stream: ${message}`);
  }
  // TGI's reply limit over the server's --max-new-tokens: no trim of the prompt helps
  assert.equal(errorFromHttp({ status: 422, message: 'Input validation error: `max_new_tokens` must be <= 2048. Given: 4096' }, ctx).kind, 'bad-request');
});

test('a refusal that names the server\'s window carries it, so the budget goes straight to it (a server restarted with a smaller one)', async () => {
  const ctx = { baseUrl: 'http://127.0.0.1:1234/v1', model: 'm' };
  for (const [message, window] of [
    ['The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 5228 >= n_ctx: 4096). Try to load the model with a larger context length, or provide a shorter input.', 4096],
    ['Trying to keep the first 5228 tokens when context the overflows. However, the model is loaded with context length of 4096 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input', 4096],
    ['The decoder prompt (length 20480) is longer than the maximum model length of 16384. Make sure that `max_model_len` is no smaller than the number of text tokens.', 16384],
    ['This model\'s maximum context length is 8192 tokens. However, you requested 9000 tokens (8488 in the messages, 512 in the completion). Please reduce the length of the messages or completion.', 8192],
    ['The input (20480 tokens) is longer than the model\'s context length (16384 tokens).', 16384],
    ['Input validation error: `inputs` tokens + `max_new_tokens` must be <= 16384. Given: 20000 `inputs` tokens and 512 `max_new_tokens`', 16384],
    ['the input length exceeds the context length', undefined],
  ] as const) {
    const error = errorFromHttp({ status: 400, message }, ctx);
    assert.equal(error.kind, 'context-exceeded', message);
    assert.equal(error.windowTokens, window, message);
  }
  // llama.cpp says it in the error object (exceed_context_size_error's n_ctx), not in its words
  const server = await startReplayServer({ contextLimit: 64, emulate: 'llamacpp', script: [{ text: 'never sent' }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    await assert.rejects(client.stream({ messages: user('a prompt far longer than sixty-four tokens. '.repeat(20)) }), (e: unknown) =>
      e instanceof LlmError && e.kind === 'context-exceeded' && e.windowTokens === 64);
  } finally { await server.close(); }
});

test('a model unloaded in the middle of a session (LM Studio: "Model is unloaded.") is not loaded, whatever the status: retried, then said with the fix', () => {
  const ctx = { baseUrl: 'http://127.0.0.1:1234/v1', model: 'qwen2.5-coder-7b-instruct' };
  for (const status of [400, 404, 500, undefined]) {
    const error = errorFromHttp({ status, message: 'Model is unloaded.' }, ctx);
    assert.equal(error.kind, 'model-not-loaded', `HTTP ${status}: ${error.message}`);
    assert.ok(error.retryable);
    assert.match(error.message, /Load "qwen2\.5-coder-7b-instruct" in the server/);
  }
});

test('a model still loading is waited for (llama.cpp\'s 503 "Loading model"); one that failed to load is not asked again', async () => {
  const loading = Array.from({ length: 6 }, () => ({ error: { status: 503, message: 'Loading model', type: 'unavailable_error' } }));
  const server = await startReplayServer({ script: [...loading, { text: 'loaded now' }, { error: { status: 500, message: 'error loading model: unknown model architecture: \'qwen3next\'' } }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 3, backoffMs: 5, maxBackoffMs: 5 });
    const retries: string[] = [];
    assert.equal((await client.stream({ messages: user('x') }, { onRetry: (i) => retries.push(i.error.kind) })).text, 'loaded now');
    assert.deepEqual(retries, Array(6).fill('model-loading'), 'more tries than the retry count while it loads');
    await assert.rejects(client.stream({ messages: user('x') }), (e: unknown) => e instanceof LlmError && e.kind === 'model-load-failed' && /could not load/.test(e.message) && !/ollama run/.test(e.message));
    assert.equal(server.chatRequests.length, 8, 'a failed load is not retried');
  } finally { await server.close(); }
});

test('a model loading is waited for only as long as a first token: then a clear error', async () => {
  const server = await startReplayServer({ handler: () => ({ error: { status: 503, message: 'Loading model' } }) });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 1, backoffMs: 20, maxBackoffMs: 20, timeoutMs: 300 });
    await assert.rejects(client.stream({ messages: user('x') }), (e: unknown) => e instanceof LlmError && e.kind === 'model-loading' && /still loading/.test(e.message));
    assert.ok(server.chatRequests.length > 2, `asked ${server.chatRequests.length} times within the wait`);
  } finally { await server.close(); }
});

test('a server that is not running gives a clear error after the retries', async () => {
  const server = await startReplayServer({});
  const baseUrl = server.baseUrl;
  await server.close();
  const client = new ChatClient({ baseUrl, model: 'm', retries: 1, backoffMs: 5, maxBackoffMs: 5 });
  await assert.rejects(client.stream({ messages: user('x') }), (e: unknown) => e instanceof LlmError && e.kind === 'server-unreachable' && /Start it/.test(e.message));
});

test('503 without a word of loading is retried, then reported as not loaded', async () => {
  const server = await startReplayServer({ script: [{ error: { status: 503, message: 'Service Unavailable' } }, { error: { status: 503, message: 'Service Unavailable' } }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 1, backoffMs: 5, maxBackoffMs: 5 });
    await assert.rejects(client.stream({ messages: user('x') }), (e: unknown) => e instanceof LlmError && e.kind === 'model-not-loaded');
    assert.equal(server.chatRequests.length, 2);
  } finally { await server.close(); }
});

test('cancel aborts a slow request promptly with kind aborted', async () => {
  const controller = new AbortController();
  let answerAt = Infinity;
  // Cancel once the server has the request (a fixed delay can beat a cold first connection).
  const server = await startReplayServer({ handler: () => { answerAt = Date.now() + 2000; setTimeout(() => controller.abort(), 50); return { text: 'late', delayMs: 2000 }; } });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    await assert.rejects(client.stream({ messages: user('x'), signal: controller.signal }), (e: unknown) => e instanceof LlmError && e.kind === 'aborted');
    // promptly: before the server's 2 s delay ended, not when its answer came (time from the start
    // would count a loaded machine's slow first connection too)
    assert.ok(Date.now() < answerAt, `ended ${Date.now() - answerAt} ms after the server's answer was due`);
    assert.equal(server.chatRequests.length, 1, 'a cancelled request is not retried');
  } finally { await server.close(); }
});

test('cancel in the middle of a stream stops it', async () => {
  const server = await startReplayServer({ script: [{ text: 'x'.repeat(200), chunkSize: 1, chunkDelayMs: 10 }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    const controller = new AbortController();
    let got = 0;
    await assert.rejects(client.stream({ messages: user('x'), signal: controller.signal }, { onText: () => { if (++got === 5) controller.abort(); } }),
      (e: unknown) => e instanceof LlmError && e.kind === 'aborted');
    assert.ok(got < 50);
  } finally { await server.close(); }
});

test('timeouts: no answer in time, and silence mid-stream', async () => {
  const server = await startReplayServer({ handler: repliesByPrompt({
    late: { text: 'late', delayMs: 1500 },
    silent: { text: 'abcdefgh', chunkSize: 2, chunkDelayMs: 400 },
  }) });
  try {
    const slow = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0, timeoutMs: 100 });
    await assert.rejects(slow.stream({ messages: user('late') }), (e: unknown) => e instanceof LlmError && e.kind === 'timeout');
    const idle = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0, idleTimeoutMs: 100 });
    await assert.rejects(idle.stream({ messages: user('silent') }), (e: unknown) => e instanceof LlmError && e.kind === 'timeout' && /stopped sending/.test(e.message));
  } finally { await server.close(); }
});

test('headers sent before the first token do not end the first-answer wait (vLLM, a queued request)', async () => {
  // Headers and the empty role chunk at once, then a silence longer than the idle timeout but within the wait.
  const server = await startReplayServer({ handler: repliesByPrompt({
    slow: { text: 'slow prompt, fine reply', firstTokenDelayMs: 400 },
    late: { text: 'never in time', firstTokenDelayMs: 1500 },
  }) });
  try {
    // The wait (5 s) is far from the 400 ms silence: a loaded machine's stall cannot end it.
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast, timeoutMs: 5000, idleTimeoutMs: 100 });
    const retries: string[] = [];
    const reply = await client.stream({ messages: user('slow') }, { onRetry: (i) => retries.push(i.error.kind) });
    assert.equal(reply.text, 'slow prompt, fine reply');
    assert.deepEqual(retries, []);
    assert.equal(server.chatRequests.length, 1);
    // Still bounded: no token within the wait is the wait's timeout, not "stopped in the middle of a reply".
    const short = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0, timeoutMs: 300, idleTimeoutMs: 100 });
    await assert.rejects(short.stream({ messages: user('late') }), (e: unknown) => e instanceof LlmError && e.kind === 'timeout' && /did not answer within 0 s\..*raise "smallcode.requestTimeoutSeconds"/.test(e.message));
  } finally { await server.close(); }
});

test('a server that goes silent after saying the reply is finished still gives the whole reply', async () => {
  const server = await startReplayServer({ script: [{ text: 'All done.', hangAfterFinish: true }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0, idleTimeoutMs: 100 });
    const reply = await client.stream({ messages: user('x') });
    assert.deepEqual([reply.text, reply.finishReason], ['All done.', 'stop']);
  } finally { await server.close(); }
});

test('after the reply said it is finished, a connection held open is not waited for the whole idle time', async () => {
  const server = await startReplayServer({ script: [{ text: 'All done.', hangAfterFinish: true }] });
  try {
    const idleTimeoutMs = 30_000;
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0, idleTimeoutMs });
    const started = Date.now();
    const reply = await client.stream({ messages: user('x') });
    assert.equal(reply.text, 'All done.');
    assert.ok(Date.now() - started < idleTimeoutMs / 3, `returned after ${Date.now() - started} ms`);
  } finally { await server.close(); }
});

test('complete(): a body that stalls after the headers ends at the wait timeout', async () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.write('{"id":"c","choices":[{"index":0,'); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new ChatClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, model: 'm', retries: 0, timeoutMs: 300 });
    await assert.rejects(client.complete({ messages: user('x') }), (e: unknown) => e instanceof LlmError && e.kind === 'timeout');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('sampling extensions go only to servers that take them, under their names', async () => {
  const server = await startReplayServer({ script: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] });
  try {
    const sampling = { temperature: 0.7, top_p: 0.8, top_k: 20, repeat_penalty: 1.05 };
    await new ChatClient({ baseUrl: server.baseUrl, model: 'm', serverKind: 'llamacpp' }).stream({ messages: user('x'), sampling });
    await new ChatClient({ baseUrl: server.baseUrl, model: 'm', serverKind: 'vllm' }).stream({ messages: user('x'), sampling });
    await new ChatClient({ baseUrl: server.baseUrl, model: 'm' }).stream({ messages: user('x'), sampling });
    const [a, b, c] = server.chatRequests.map((r) => r.body);
    assert.equal(a.top_k, 20); assert.equal(a.repeat_penalty, 1.05);
    assert.equal(b.repetition_penalty, 1.05);
    assert.equal(c.top_k, undefined); assert.equal(c.temperature, 0.7);
  } finally { await server.close(); }
});
