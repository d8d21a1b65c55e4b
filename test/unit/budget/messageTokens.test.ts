import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGE_FRAME_TOKENS, messageTokens, promptTokens, templateJson } from '../../../src/core/budget/messageTokens';
import { writtenAs } from '../../../src/core/budget/writtenReplies';
import { loadQwenCounter } from '../../../src/core/budget/qwenTokenizer';
import { countPromptTokens } from '../../support/replayServer';
import { openAITools, TOOLS } from '../../../src/core/tools';
import type { ChatMessage } from '../../../src/core/llm/types';

test('templateJson writes JSON as Jinja\'s tojson does: a space after every separator, none inside strings', () => {
  assert.equal(templateJson({ a: 1, b: [true, null, 'x,y:z'], c: { d: 'e' } }), '{"a": 1, "b": [true, null, "x,y:z"], "c": {"d": "e"}}');
  assert.equal(templateJson([]), '[]');
  assert.equal(templateJson({}), '{}');
  assert.deepEqual(JSON.parse(templateJson({ q: 'say "hi"\n' })), { q: 'say "hi"\n' });
});

// Qwen2.5's template renders the tool schemas and call arguments with `tojson`; counting the compact JSON
// we send undercounted a request with our tools by ~190 tokens on the real llama-server (test/llama).
test('a request with tools and calls is not counted below what Qwen\'s template renders', async () => {
  const qwen = await loadQwenCounter();
  const tools = openAITools(TOOLS);
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are SmallCode.' },
    { role: 'user', content: 'Read src/a.ts.' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/a.ts","start_line":1,"end_line":40}' } }] },
    { role: 'tool', tool_call_id: 'c1', name: 'read_file', content: 'export const a = 1;' },
  ];
  const counted = promptTokens(messages, tools, qwen.count);
  const rendered = await countPromptTokens({ messages, tools });
  assert.ok(counted >= rendered, `counted ${counted}, rendered ${rendered}`);
  assert.ok(counted <= rendered * 1.1, `counted ${counted}, rendered ${rendered}: not wastefully high`);
});

test('a reply sent back as the model wrote it (text protocol) is counted by that text, not by its calls as taught', () => {
  const count = (text: string) => text.length;
  const message: ChatMessage = { role: 'assistant', content: null, tool_calls: [{ id: 'call00001', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] };
  const taught = messageTokens(message, count);
  const written = '<tool_call>\n{"name":"read_file","arguments":{"path":"a.ts"}}\n</tool_call>';
  writtenAs(message, written);
  assert.equal(messageTokens(message, count), MESSAGE_FRAME_TOKENS + written.length);
  assert.notEqual(messageTokens(message, count), taught);
  assert.equal(messageTokens({ ...message }, count), taught, 'a copy is sent as taught, and counted so');
});
