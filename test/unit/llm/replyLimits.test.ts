// Every reply is bounded by size and time from its max_tokens (issue 14, item 6): a server that streams
// without end, fast or as a slow drip that never trips the idle timeout, is stopped with a clear error,
// on the OpenAI API and on Ollama's, and the limits are options of the API.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { countPromptTokens, startReplayServer, type EmulatedServer } from '../../support/replayServer';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';
import { replyLimits } from '../../../src/core/llm/replyLimits';
import { cleanup, runSession } from '../agent/helpers';

const tight = { minChars: 0, minMs: 0 }; // the floors off, so small max_tokens give small limits

// The emulated Ollama counts prompts with a real tokenizer: loaded here, so that its load (seconds on a
// loaded machine) is not counted against the time-outs that catch a reply that never stops.
before(() => countPromptTokens({ messages: [] }));

const apis: { name: string; emulate: EmulatedServer; api: 'openai' | 'ollama' }[] = [
  { name: 'OpenAI API', emulate: 'llamacpp', api: 'openai' },
  { name: 'Ollama API', emulate: 'ollama', api: 'ollama' },
];

for (const { name, emulate, api } of apis) {
  test(`${name}: a reply that never ends is stopped at its size, not retried`, { timeout: 20_000 }, async () => {
    const server = await startReplayServer({ emulate, models: ['m'], script: [{ endless: { text: 'again and again ' } }] });
    try {
      const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', api, retries: 2, backoffMs: 5, replyLimits: tight });
      let shown = 0;
      await assert.rejects(client.stream({ messages: [{ role: 'user', content: 'x' }], maxTokens: 64 }, { onText: (d) => { shown += d.length; } }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, 'reply-too-long', e.message);
        assert.match(e.message, /went past 1,024 characters.*64 tokens/);
        return true;
      });
      assert.ok(shown <= 1024 + 16, `${shown} characters shown`);
      assert.equal(server.chatRequests.length, 1);
    } finally { await server.close(); }
  });

  test(`${name}: a slow drip that never goes quiet is stopped at its time`, { timeout: 20_000 }, async () => {
    const server = await startReplayServer({ emulate, models: ['m'], script: [{ endless: { text: 'ab', delayMs: 20 } }] });
    try {
      const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', api, retries: 2, backoffMs: 5, replyLimits: { ...tight, msPerToken: 10 } });
      await assert.rejects(client.stream({ messages: [{ role: 'user', content: 'x' }], maxTokens: 64 }), (e: unknown) => {
        assert.ok(e instanceof LlmError);
        assert.equal(e.kind, 'timeout', e.message);
        assert.match(e.message, /did not finish within 1 s, the limit for 64 tokens/);
        return true;
      });
      assert.equal(server.chatRequests.length, 1, 'not retried');
    } finally { await server.close(); }
  });
}

test('the limits follow max_tokens with a generous margin and floors', () => {
  assert.deepEqual(replyLimits(2048), { maxTokens: 2048, maxChars: 65_536, maxMs: 1_024_000 });
  assert.deepEqual(replyLimits(8192), { maxTokens: 8192, maxChars: 131_072, maxMs: 4_096_000 });
  assert.deepEqual(replyLimits(undefined), { maxTokens: 4096, maxChars: 65_536, maxMs: 2_048_000 });
  assert.deepEqual(replyLimits(100, { charsPerToken: 8, msPerToken: 100, minChars: 0, minMs: 0 }), { maxTokens: 100, maxChars: 800, maxMs: 10_000 });
});

const NOT_A_LOOP = Array.from({ length: 120 }, (_, i) => `hi ${i} `).join('');

test('the programmatic API takes the limits and ends the run with the error', { timeout: 20_000 }, async () => {
  // a stretch longer than a loop is looked for with: this is the size limit's case, not the loop watch's
  const s = await runSession('Say hi.', [{ endless: { text: NOT_A_LOOP } }], { replyLimits: tight, replyTokens: 256, retries: 0 });
  try {
    assert.equal(s.result.success, false);
    assert.match(s.result.error ?? '', /went past 4,096 characters/);
  } finally { cleanup(s.root); }
});
