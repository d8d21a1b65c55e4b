// The chat client on Ollama's own API, over real HTTP against the replay server playing Ollama: NDJSON
// streaming, native tool calls, a fixed num_ctx with truncation off, one model load, and failures as
// clear as on /v1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ollamaKeepAliveMs, repliesByPrompt, startReplayServer, type ReplayServerOptions } from '../../support/replayServer';
import { ChatClient, type ChatClientOptions } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';
import type { LoadedModel } from '../../../src/core/llm/ollamaChat';
import { DEFAULT_OLLAMA_KEEP_ALIVE, ollamaKeepAlive } from '../../../src/core/llm/keepAlive';
import type { ChatMessage } from '../../../src/core/llm/types';

const MODEL = 'qwen2.5-coder:7b';
const fast = { retries: 2, backoffMs: 5, maxBackoffMs: 20 };
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

async function ollama(script: ReplayServerOptions['script'], more: Partial<ReplayServerOptions> = {}) {
  return startReplayServer({ emulate: 'ollama', models: [MODEL], script, ...more });
}
const client = (baseUrl: string, o: Partial<ChatClientOptions> = {}) =>
  new ChatClient({ baseUrl, model: MODEL, serverKind: 'ollama', api: 'ollama', numCtx: 16_384, ...fast, ...o });

const isKind = (kind: string, says?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof LlmError, String(e));
  assert.equal(e.kind, kind, e.message);
  if (says) assert.match(e.message, says);
  return true;
};

test('streams from /api/chat with num_ctx, truncate off and the request in Ollama\'s shape', async () => {
  const server = await ollama([{ text: 'Hello from Ollama.', chunkSize: 3 }]);
  try {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'rules' },
      { role: 'user', content: 'read it' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call00001', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] },
      { role: 'tool', tool_call_id: 'call00001', name: 'read_file', content: '1| x' },
    ];
    const tools = [{ type: 'function' as const, function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
    const deltas: string[] = [];
    const result = await client(server.baseUrl).stream({ messages, tools, maxTokens: 512, stop: ['<|im_end|>'], sampling: { temperature: 0.7, top_k: 20, repeat_penalty: 1.05 } }, { onText: (d) => deltas.push(d) });
    assert.equal(result.text, 'Hello from Ollama.');
    assert.equal(deltas.join(''), result.text);
    assert.ok(deltas.length > 3, 'streamed in pieces');
    assert.equal(result.finishReason, 'stop');
    assert.ok(result.usage && result.usage.promptTokens > 10, 'prompt_eval_count becomes the usage');
    const [request] = server.chatRequests;
    assert.equal(request!.path, '/api/chat');
    const body = request!.body;
    assert.equal(body.stream, true);
    assert.equal(body.truncate, false);
    assert.equal(body.shift, false);
    assert.deepEqual(body.options, { num_ctx: 16_384, num_predict: 512, stop: ['<|im_end|>'], temperature: 0.7, top_k: 20, repeat_penalty: 1.05 });
    assert.deepEqual(body.tools, tools);
    assert.deepEqual(body.messages[2], { role: 'assistant', content: '', tool_calls: [{ id: 'call00001', function: { name: 'read_file', arguments: { path: 'a.ts' } } }] });
    assert.deepEqual(body.messages[3], { role: 'tool', content: '1| x', tool_call_id: 'call00001', tool_name: 'read_file' });
    assert.equal(request!.numCtx, 16_384);
    assert.equal(request!.truncated, undefined);
  } finally { await server.close(); }
});

test('tool calls come back whole with their arguments, and thinking apart from the text', async () => {
  const server = await ollama([{ reasoning: 'look first', text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'src/a.ts', start_line: 2 } }] }]);
  try {
    const calls: string[] = [];
    const reasoning: string[] = [];
    const result = await client(server.baseUrl).stream({ messages: user('read') }, { onToolCall: (_i, c) => calls.push(c.name ?? ''), onReasoning: (d) => reasoning.push(d) });
    assert.equal(result.reasoning, 'look first');
    assert.deepEqual(reasoning, ['look first']);
    assert.equal(result.finishReason, 'tool_calls');
    assert.equal(result.toolCalls.length, 1);
    assert.equal(result.toolCalls[0]!.function.name, 'read_file');
    assert.deepEqual(JSON.parse(result.toolCalls[0]!.function.arguments), { path: 'src/a.ts', start_line: 2 });
    assert.deepEqual(calls, ['read_file']);
  } finally { await server.close(); }
});

test('complete() asks without streaming; a reply cut at num_predict says length', async () => {
  const server = await ollama([{ text: 'a summary' }, { text: 'stopped here', finishReason: 'length' }]);
  try {
    const c = client(server.baseUrl);
    const result = await c.complete({ messages: user('sum up') });
    assert.equal(result.text, 'a summary');
    assert.equal(server.chatRequests[0]!.body.stream, false);
    assert.equal((await c.stream({ messages: user('more') })).finishReason, 'length');
  } finally { await server.close(); }
});

test('every request of a session runs at the same num_ctx: the model loads once, and /api/ps confirms it', async () => {
  const server = await ollama([{ text: 'one' }, { text: 'two' }, { text: 'three' }], { reportedContext: 4096 });
  try {
    let report: (l: LoadedModel) => void = () => undefined;
    const loaded = new Promise<LoadedModel>((resolve) => { report = resolve; });
    const c = client(server.baseUrl, { onModelLoaded: (l) => report(l) });
    for (const text of ['a', 'b', 'c']) await c.stream({ messages: user(text) });
    assert.equal(server.ollama.loads, 1, 'loaded once at 16k (it was running at 4k before)');
    assert.deepEqual(server.chatRequests.map((r) => r.loaded ?? false), [true, false, false]);
    assert.deepEqual(await loaded, { model: MODEL, requested: 16_384, contextLength: 16_384, sizeVram: 6_000_000_000, size: 6_000_000_000 });
  } finally { await server.close(); }
});

test('keep_alive goes with every request, the same each time: a user idle for 10 minutes finds the model still loaded', async () => {
  let now = 0;
  const server = await ollama([{ text: 'one' }, { text: 'two' }, { text: 'three' }, { text: 'four' }], { ollama: { clock: () => now } });
  try {
    const c = client(server.baseUrl);
    await c.stream({ messages: user('a') });
    now += 10 * 60_000; // reading a diff: past Ollama's own 5 minutes
    await c.complete({ messages: user('b') });
    assert.deepEqual(server.chatRequests.map((r) => r.body.keep_alive), ['30m', '30m']);
    assert.deepEqual(server.chatRequests.map((r) => r.loaded ?? false), [true, false], 'no reload after 10 idle minutes');
    // the user's own setting, as the settings hand it over (seconds as a number)
    const short = client(server.baseUrl, { keepAlive: 120 });
    await short.stream({ messages: user('c') });
    now += 10 * 60_000;
    await short.stream({ messages: user('d') });
    assert.deepEqual(server.chatRequests.slice(2).map((r) => [r.body.keep_alive, r.loaded ?? false]), [[120, false], [120, true]], 'past its 2 minutes the model was unloaded');
  } finally { await server.close(); }
});

test('the keepAlive setting becomes what Ollama reads: durations as written, plain numbers as seconds, nonsense the default', () => {
  assert.equal(ollamaKeepAlive('30m'), '30m');
  assert.equal(ollamaKeepAlive(' 1h30m '), '1h30m');
  assert.equal(ollamaKeepAlive('-1'), -1, 'Ollama refuses "-1" as a string (a Go duration needs a unit) but takes -1');
  assert.equal(ollamaKeepAlive('0'), 0);
  assert.equal(ollamaKeepAlive('3600'), 3600);
  for (const bad of ['', 'forever', '30 minutes', '1d', null, true]) assert.equal(ollamaKeepAlive(bad), DEFAULT_OLLAMA_KEEP_ALIVE, String(bad));
  for (const good of ['30m', '1h30m', '-1m', '90s']) assert.ok(ollamaKeepAliveMs(ollamaKeepAlive(good)) >= 0, `${good} reads as a duration on the server`);
  assert.ok(Number.isNaN(ollamaKeepAliveMs('-1')), 'the emulator refuses what Ollama refuses');
});

test('an over-long prompt is a context error, never a silent cut', async () => {
  const server = await ollama([{ text: 'never' }]);
  try {
    const c = client(server.baseUrl, { numCtx: 64 });
    await assert.rejects(c.stream({ messages: user('word '.repeat(200)) }), isKind('context-exceeded', /context window/));
    assert.equal(server.ollama.truncated, 0);
    assert.equal(server.chatRequests.length, 1, 'not retried');
  } finally { await server.close(); }
});

test('a model that is not pulled says `ollama pull`; out of memory says what to lower; neither is retried', async () => {
  const server = await ollama([{ error: { status: 500, message: 'model requires more system memory (9.1 GiB) than is available (7.8 GiB)' } }]);
  try {
    await assert.rejects(new ChatClient({ baseUrl: server.baseUrl, model: 'llama3.2:3b', api: 'ollama', ...fast }).stream({ messages: user('x') }),
      isKind('model-not-found', /ollama pull llama3\.2:3b/));
    await assert.rejects(client(server.baseUrl).stream({ messages: user('x') }), isKind('out-of-memory', /smaller model.*smallcode\.contextWindow/));
    assert.equal(server.chatRequests.length, 2);
  } finally { await server.close(); }
});

test('an error line mid-stream is the server\'s verdict; a cut stream is retried from the start', async () => {
  const server = await ollama([
    { text: 'partial', chunkSize: 2, streamError: { message: 'registry.ollama.ai/library/gemma2:2b does not support tools', afterChunks: 1 } },
    { text: 'partial answer', chunkSize: 4, cutAfterChunks: 2 },
    { text: 'no done line', chunkSize: 4, endAfterChunks: 1 },
    { text: 'the whole answer' },
  ]);
  try {
    const c = client(server.baseUrl);
    await assert.rejects(c.stream({ messages: user('x') }), isKind('tools-unsupported'));
    const retries: string[] = [];
    let shown = '';
    const result = await c.stream({ messages: user('x') }, {
      onText: (d) => { shown += d; },
      onRetry: (i) => { retries.push(i.error.kind); if (i.discardPartial) shown = ''; },
    });
    assert.equal(result.text, 'the whole answer');
    assert.equal(shown, 'the whole answer');
    assert.deepEqual(retries, ['stream-cut', 'stream-cut']);
  } finally { await server.close(); }
});

test('429 and a busy server are retried; a server that is not running is named with the fix', async () => {
  const server = await ollama([
    { error: { status: 429, message: 'too many requests' } },
    { error: { status: 503, message: 'server busy, please try again.  maximum pending requests exceeded' } },
    { text: 'ok' },
  ]);
  try {
    const retries: string[] = [];
    const result = await client(server.baseUrl).stream({ messages: user('x') }, { onRetry: (i) => retries.push(i.error.kind) });
    assert.equal(result.text, 'ok');
    assert.deepEqual(retries, ['rate-limited', 'rate-limited']);
  } finally { await server.close(); }
  const gone = server.baseUrl;
  await assert.rejects(client(gone, { retries: 0 }).stream({ messages: user('x') }), isKind('server-unreachable', /ollama serve/));
});

test('cancel ends a request still waiting for its answer (long prompt processing), and one mid-stream', async () => {
  const controller = new AbortController();
  let answerAt = Infinity;
  const server = await ollama(undefined, {
    handler: (_r, i) => {
      if (i === 0) { answerAt = Date.now() + 3000; setTimeout(() => controller.abort(), 50); return { text: 'late', delayMs: 3000 }; }
      return { text: 'x'.repeat(200), chunkSize: 1, chunkDelayMs: 10 };
    },
  });
  try {
    const c = client(server.baseUrl);
    await assert.rejects(c.stream({ messages: user('x'), signal: controller.signal }), isKind('aborted'));
    assert.ok(Date.now() < answerAt, `promptly: ended ${Date.now() - answerAt} ms after the server's answer was due`);
    assert.equal(server.chatRequests.length, 1, 'a cancelled request is not retried');
    const mid = new AbortController();
    let got = 0;
    await assert.rejects(c.stream({ messages: user('x'), signal: mid.signal }, { onText: () => { if (++got === 5) mid.abort(); } }), isKind('aborted'));
    assert.ok(got < 50);
  } finally { await server.close(); }
});

test('timeouts: no answer in time, and silence mid-stream', async () => {
  const server = await ollama(undefined, { handler: repliesByPrompt({ late: { text: 'late', delayMs: 1500 }, silent: { text: 'abcdefgh', chunkSize: 2, chunkDelayMs: 400 } }) });
  try {
    await assert.rejects(client(server.baseUrl, { retries: 0, timeoutMs: 100 }).stream({ messages: user('late') }), isKind('timeout', /did not answer within/));
    await assert.rejects(client(server.baseUrl, { retries: 0, idleTimeoutMs: 100 }).stream({ messages: user('silent') }), isKind('timeout', /stopped sending/));
  } finally { await server.close(); }
});

test('headers sent before the first token do not end the first-answer wait', async () => {
  const server = await ollama(undefined, { handler: repliesByPrompt({ slow: { text: 'slow prompt, fine reply', firstTokenDelayMs: 400 }, late: { text: 'never in time', firstTokenDelayMs: 1500 } }) });
  try {
    // The wait (5 s) is far from the 400 ms silence: a loaded machine's stall cannot end it.
    assert.equal((await client(server.baseUrl, { timeoutMs: 5000, idleTimeoutMs: 100 }).stream({ messages: user('slow') })).text, 'slow prompt, fine reply');
    assert.equal(server.chatRequests.length, 1);
    await assert.rejects(client(server.baseUrl, { retries: 0, timeoutMs: 300, idleTimeoutMs: 100 }).stream({ messages: user('late') }), isKind('timeout', /did not answer within/));
  } finally { await server.close(); }
});

test('the prompt-cache reuse Ollama reports (prompt_eval_cached_count) reaches the usage, as /tokens shows it', async () => {
  const server = await ollama([{ text: 'reused', usage: { prompt_tokens: 5000, completion_tokens: 3, cached_tokens: 4800 } }, { text: 'older Ollama', usage: { prompt_tokens: 5000, completion_tokens: 3 } }]);
  try {
    assert.deepEqual((await client(server.baseUrl).stream({ messages: user('x') })).usage, { promptTokens: 5000, completionTokens: 3, cachedTokens: 4800 });
    assert.deepEqual((await client(server.baseUrl).stream({ messages: user('x') })).usage, { promptTokens: 5000, completionTokens: 3 });
  } finally { await server.close(); }
});

const PATCH_TOOL = [{ type: 'function' as const, function: { name: 'patch', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
const patchCall = { name: 'patch', arguments: { path: 'a.ts', search: 'x'.repeat(200), replace: 'y'.repeat(200) } };

for (const api of ['ollama', 'v1'] as const) {
  test(`Ollama (${api === 'ollama' ? '/api/chat' : '/v1'}) holds a tool call back until it is whole: with tools sent, that silence is bounded by the reply's deadline, not the wait or the idle timeout`, async () => {
    const server = await ollama(undefined, { handler: repliesByPrompt({
      prose: { text: 'I will patch a.ts now. ', chunkSize: 8, toolCalls: [patchCall], toolCallMs: 700 },
      first: { toolCalls: [patchCall], toolCallMs: 700 },
      stuck: { toolCalls: [patchCall], toolCallMs: 5000 },
    }) });
    const make = (o: Partial<ChatClientOptions>) => api === 'ollama' ? client(server.baseUrl, o)
      : new ChatClient({ baseUrl: server.baseUrl, model: MODEL, serverKind: 'ollama', ...fast, ...o });
    try {
      // 700 ms of silence is past both the idle timeout (150 ms) and the wait (150 ms) given here
      const short = make({ retries: 0, timeoutMs: 150, idleTimeoutMs: 150 });
      const afterProse = await short.stream({ messages: user('prose'), tools: PATCH_TOOL });
      assert.equal(afterProse.toolCalls[0]?.function.name, 'patch');
      assert.equal(JSON.parse(afterProse.toolCalls[0]!.function.arguments).replace, 'y'.repeat(200));
      assert.equal((await short.stream({ messages: user('first'), tools: PATCH_TOOL })).toolCalls.length, 1);
      // without tools the same client keeps its bounds (a plain reply is never held back)
      await assert.rejects(short.stream({ messages: user('prose') }), isKind('timeout', /stopped sending for 0 s|did not answer/));
      // still bounded: the wait plus the reply's deadline (here 150 ms + 400 ms)
      const bounded = make({ retries: 0, timeoutMs: 150, idleTimeoutMs: 150, replyLimits: { minMs: 400, msPerToken: 0 } });
      const started = Date.now();
      await assert.rejects(bounded.stream({ messages: user('stuck'), tools: PATCH_TOOL }), isKind('timeout', /did not answer within 1 s/));
      assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
    } finally { await server.close(); }
  });
}

test('the replay Ollama behaves like Ollama on /v1: default window, a reload, and a silent cut', async () => {
  const server = await ollama([{ text: 'native' }, { text: 'v1' }]);
  try {
    await client(server.baseUrl).stream({ messages: user('x') });
    const v1 = new ChatClient({ baseUrl: server.baseUrl, model: MODEL, serverKind: 'ollama', ...fast });
    await v1.stream({ messages: user('word '.repeat(5000)) });
    assert.equal(server.ollama.loads, 2, '/v1 cannot send num_ctx: the model reloads at 4,096');
    assert.equal(server.chatRequests[1]!.numCtx, 4096);
    assert.equal(server.chatRequests[1]!.truncated, true);
    assert.equal(server.ollama.truncated, 1);
  } finally { await server.close(); }
});
