// vLLM (and SGLang) end a request their engine aborted (scale-down, shutdown, sleep, an abort request)
// with finish_reason "abort" and then [DONE], as if the reply were complete (vllm-project/vllm#57082).
// The text so far is not a reply: it is discarded and asked for again like a cut stream, never returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';

const user = [{ role: 'user' as const, content: 'x' }];

for (const reason of ['abort', 'error']) {
  test(`finish_reason "${reason}": the partial reply is discarded and asked again (streamed or not), then reported as cut`, async () => {
    const server = await startReplayServer({ script: [
      { text: 'Let me edit src/a', chunkSize: 4, finishReason: reason },
      { text: 'The whole answer.' },
      { text: 'Let me', finishReason: reason },
      { text: 'The whole answer.' },
      { text: 'Let me', finishReason: reason },
    ] });
    try {
      const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 1, backoffMs: 1 });
      const retries: { kind: string; discard: boolean }[] = [];
      const streamed = await client.stream({ messages: user }, { onRetry: (i) => retries.push({ kind: i.error.kind, discard: i.discardPartial }) });
      assert.equal(streamed.text, 'The whole answer.');
      assert.deepEqual(retries, [{ kind: 'stream-cut', discard: true }]);
      assert.equal((await client.complete({ messages: user })).text, 'The whole answer.');
      const once = new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0 });
      await assert.rejects(once.stream({ messages: user }), (e: unknown) =>
        e instanceof LlmError && e.kind === 'stream-cut' && e.message.includes(`finish_reason "${reason}"`));
    } finally { await server.close(); }
  });
}
