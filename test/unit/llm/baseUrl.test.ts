// A wrong base URL is named as such (with the likely fix), never as a missing model or a cut reply, and
// never retried; a bare origin means the server's /v1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';
import { apiBaseUrl } from '../../../src/core/llm/http';

const fast = { retries: 2, backoffMs: 5, maxBackoffMs: 20 };
const user = [{ role: 'user' as const, content: 'x' }];
const noApi = (advice: RegExp) => (e: unknown) => {
  assert.ok(e instanceof LlmError);
  assert.equal(e.kind, 'no-api', e.message);
  assert.equal(e.retryable, false);
  assert.match(e.message, /There is no OpenAI-compatible API at/);
  assert.match(e.message, advice);
  return true;
};

test('apiBaseUrl: a bare origin gets /v1, a path is kept as given', () => {
  assert.equal(apiBaseUrl('http://127.0.0.1:11434'), 'http://127.0.0.1:11434/v1');
  assert.equal(apiBaseUrl('http://127.0.0.1:11434/'), 'http://127.0.0.1:11434/v1');
  assert.equal(apiBaseUrl(' http://127.0.0.1:1234/v1/ '), 'http://127.0.0.1:1234/v1');
  assert.equal(apiBaseUrl('https://proxy.example.com/openai/v1'), 'https://proxy.example.com/openai/v1');
  assert.equal(apiBaseUrl('https://proxy.example.com/openai'), 'https://proxy.example.com/openai');
});

test('a bare origin talks to the server at /v1', async () => {
  const server = await startReplayServer({ script: [{ text: 'ok' }] });
  try {
    const client = new ChatClient({ baseUrl: server.origin, model: 'm', ...fast });
    assert.equal(client.options.baseUrl, server.baseUrl);
    assert.equal((await client.stream({ messages: user })).text, 'ok');
    assert.equal(server.chatRequests[0]!.path, '/v1/chat/completions');
  } finally { await server.close(); }
});

test('a 404 that says nothing about a model means a wrong base URL: "did you mean …/v1?", not retried', async () => {
  const server = await startReplayServer({ pathPrefix: '/openai/v1', script: [{ text: 'ok' }] });
  try {
    const wrong = `${server.origin}/openai`;
    await assert.rejects(new ChatClient({ baseUrl: wrong, model: 'qwen', ...fast }).stream({ messages: user }),
      noApi(new RegExp(`Did you mean ${server.origin}/openai/v1\\?`)));
    await assert.rejects(new ChatClient({ baseUrl: wrong, model: 'qwen', ...fast }).complete({ messages: user }), noApi(/Did you mean/));
    assert.equal(server.chatRequests.length, 2);
    assert.ok(server.chatRequests.every((r) => r.path === '/openai/chat/completions'));
    // The right URL works on the same server.
    assert.equal((await new ChatClient({ baseUrl: server.baseUrl, model: 'qwen', ...fast }).stream({ messages: user })).text, 'ok');
  } finally { await server.close(); }
});

test('a 200 web page is not an API: no-api at once, streamed or not', async () => {
  const server = await startReplayServer({ htmlPage: true });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast });
    await assert.rejects(client.stream({ messages: user }), noApi(/Check "smallcode\.baseUrl"/));
    await assert.rejects(client.complete({ messages: user }), noApi(/Check "smallcode\.baseUrl"/));
    assert.equal(server.requests.length, 2, 'not retried');
  } finally { await server.close(); }
});

test('a server that needs a key says so; a wrong key is called wrong; the right key works', async () => {
  const server = await startReplayServer({ apiKey: 'sk-local-123', script: [{ text: 'ok' }] });
  try {
    const auth = (says: RegExp) => (e: unknown) => e instanceof LlmError && e.kind === 'auth' && says.test(e.message) && /SmallCode: Set API key/.test(e.message);
    await assert.rejects(new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast }).stream({ messages: user }), auth(/needs an API key/));
    await assert.rejects(new ChatClient({ baseUrl: server.baseUrl, model: 'm', apiKey: 'sk-wrong', ...fast }).stream({ messages: user }), auth(/rejected the API key/));
    const ok = await new ChatClient({ baseUrl: server.baseUrl, model: 'm', apiKey: 'sk-local-123', ...fast }).stream({ messages: user });
    assert.equal(ok.text, 'ok');
    assert.equal(server.chatRequests.length, 3);
  } finally { await server.close(); }
});
