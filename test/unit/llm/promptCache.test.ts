// The server's prompt cache over real HTTP: llama.cpp is asked to keep it (`cache_prompt`) and says what it
// reused in `timings.cache_n`; other servers report `usage.prompt_tokens_details.cached_tokens`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { readUsage } from '../../../src/core/llm/promptCache';
import type { ChatMessage } from '../../../src/core/llm/types';

const fast = { retries: 1, backoffMs: 5, maxBackoffMs: 20 };
const system: ChatMessage = { role: 'system', content: 'You are a careful coding agent. '.repeat(20) };
const first: ChatMessage[] = [system, { role: 'user', content: 'Read src/a.ts.' }];
const second: ChatMessage[] = [...first, { role: 'assistant', content: 'It exports one function.' }, { role: 'user', content: 'And src/b.ts?' }];

test('llama.cpp: cache_prompt is sent, and the reused prefix is read from timings.cache_n, streamed or not', async () => {
  const server = await startReplayServer({ emulate: 'llamacpp', promptCache: true, script: [{ text: 'It exports one function.' }, { text: 'Two.' }, { text: 'Three.' }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', serverKind: 'llamacpp', ...fast });
    const a = await client.stream({ messages: first });
    assert.equal(server.chatRequests[0]!.body.cache_prompt, true);
    assert.equal(a.usage?.cachedTokens, 0, 'a cold cache is reported as 0, not as unknown');
    const b = await client.stream({ messages: second });
    assert.equal(b.usage?.cachedTokens, server.chatRequests[1]!.cachedTokens);
    assert.ok(b.usage!.cachedTokens! > 100 && b.usage!.cachedTokens! < b.usage!.promptTokens, `${b.usage!.cachedTokens} of ${b.usage!.promptTokens}`);
    const c = await client.complete({ messages: second });
    assert.equal(c.usage?.cachedTokens, server.chatRequests[2]!.cachedTokens);
    assert.ok(c.usage!.cachedTokens! >= b.usage!.cachedTokens!);
  } finally { await server.close(); }
});

test('vLLM and others: no llama.cpp field is sent; cached tokens come from usage.prompt_tokens_details', async () => {
  const server = await startReplayServer({ emulate: 'vllm', promptCache: true, script: [{ text: 'It exports one function.' }, { text: 'Two.' }] });
  try {
    const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', serverKind: 'vllm', ...fast });
    await client.stream({ messages: first });
    const b = await client.stream({ messages: second });
    assert.equal(server.chatRequests[0]!.body.cache_prompt, undefined);
    assert.equal(b.usage?.cachedTokens, server.chatRequests[1]!.cachedTokens);
    assert.ok(b.usage!.cachedTokens! > 100);
  } finally { await server.close(); }
});

test('a server that does not report its cache leaves cachedTokens unknown', async () => {
  const server = await startReplayServer({ script: [{ text: 'Hi.' }] });
  try {
    const result = await new ChatClient({ baseUrl: server.baseUrl, model: 'm', ...fast }).stream({ messages: first });
    assert.ok(result.usage);
    assert.equal(result.usage.cachedTokens, undefined);
  } finally { await server.close(); }
});

test('usage and timings on different chunks add up; nonsense is ignored', () => {
  const usage = readUsage(readUsage(undefined, { usage: { prompt_tokens: 900, completion_tokens: 20 } }), { timings: { cache_n: 850, prompt_n: 50 } });
  assert.deepEqual(usage, { promptTokens: 900, completionTokens: 20, cachedTokens: 850 });
  assert.deepEqual(readUsage(undefined, { usage: { prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 8 } } }), { promptTokens: 10, completionTokens: 2, cachedTokens: 8 });
  assert.deepEqual(readUsage(usage, { choices: [] }), usage);
  assert.equal(readUsage(undefined, { usage: null, timings: { cache_n: 'many' } }), undefined);
});
