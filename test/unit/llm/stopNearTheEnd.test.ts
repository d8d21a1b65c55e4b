// Stop pressed when the server has sent the whole reply but the client has not read it all: the stream
// ends at once as cancelled. Before, the openai package's stream yielded what it had read and then waited
// forever (the run hung; found when the loop watch stopped a fast reply 350 chunks into 400).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { ChatClient, LlmError } from '../../../src/core/llm';

for (const { name, emulate, api } of [
  { name: 'OpenAI API, tool call arguments', emulate: 'llamacpp', api: 'openai' },
  { name: 'OpenAI API, text', emulate: 'llamacpp', api: 'openai' },
  { name: 'Ollama API, text', emulate: 'ollama', api: 'ollama' },
] as const) {
  test(`${name}: Stop near the end of a reply sent whole ends the stream at once`, { timeout: 15_000 }, async () => {
    const calls = name.endsWith('arguments');
    const pieces = Array.from({ length: 400 }, (_, i) => `piece ${i}, `);
    const reply = calls
      ? { toolCallDeltas: [{ index: 0, id: 'c1', type: 'function', function: { name: 'note', arguments: '{"text": "' } }, ...pieces.map((p) => ({ index: 0, function: { arguments: p } })), { index: 0, function: { arguments: '"}' } }], finishReason: 'tool_calls' }
      : { chunks: pieces };
    const server = await startReplayServer({ emulate, models: ['m'], script: [reply] });
    try {
      const stop = new AbortController();
      const client = new ChatClient({ baseUrl: server.baseUrl, model: 'm', api, retries: 0 });
      let seen = 0;
      const nearTheEnd = () => { if (++seen === 350) stop.abort(); };
      const tools = [{ type: 'function' as const, function: { name: 'note', description: 'n', parameters: { type: 'object', properties: { text: { type: 'string' } } } } }];
      await assert.rejects(client.stream({ messages: [{ role: 'user', content: 'x' }], ...(calls ? { tools } : {}), signal: stop.signal }, { onText: nearTheEnd, onToolCall: nearTheEnd }), (e: unknown) => {
        assert.ok(e instanceof LlmError && e.kind === 'aborted', String(e));
        return true;
      });
      assert.equal(seen, 350, 'nothing after the stop reached the caller');
    } finally {
      await server.close();
    }
  });
}
