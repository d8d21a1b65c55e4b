// Tool calls on the real llama.cpp server: with native `tools`, Qwen2.5's template and llama.cpp's own
// parser hand the client structured tool_calls; with a `json_schema` for "one call of the offered tools"
// (the request form of the constrained retry, issue 10), random weights must write a call, and every
// one is read by our parser without repairs. Strings and arrays in that schema are bounded
// (llamaToolSchema.ts): random weights never end them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useLlamaServer } from '../support/llamaFixture';
import { bounded, oneCallSchema } from '../support/llamaToolSchema';
import { hermes } from '../unit/agent/helpers';
import type { ChatMessage } from '../../src/core/llm';
import { parseToolCalls } from '../../src/core/parse';
import { openAITools, parserTools, TOOLS, validateToolCall } from '../../src/core/tools';

const SEEDS = [1, 2, 3, 4, 5, 6];
const llama = useLlamaServer(4096);

const messages: ChatMessage[] = [
  { role: 'system', content: 'You are SmallCode, a careful coding agent.' },
  { role: 'user', content: 'Read src/a.ts and fix the bug in add().' },
];

/** Qwen2.5's <|im_end|>, the end of a turn. */
const IM_END = 151645;

test('native tools: calls written in Qwen\'s format reach the client as structured tool_calls, in order', async () => {
  // Random weights never choose to call (and llama.cpp's tool_choice "required" still lets a model write
  // text first, so it cannot make them): the reply is prefilled with the calls, as the model would write
  // them, and ended at once. The server's Qwen2.5 parser turns the text into tool_calls.
  const calls = [hermes('read_file', { path: 'src/a.ts', start_line: 3 }), hermes('search', { pattern: 'add\\(' })];
  const result = await llama.client().stream({
    messages: [...messages, { role: 'assistant', content: calls.join('\n') }], tools: openAITools(TOOLS), maxTokens: 8,
    extraBody: { logit_bias: { [IM_END]: 100 } },
  });
  assert.equal(result.finishReason, 'tool_calls', result.text);
  assert.equal(result.text, '');
  assert.deepEqual(result.toolCalls.map((c) => [c.function.name, JSON.parse(c.function.arguments)]), [
    ['read_file', { path: 'src/a.ts', start_line: 3 }],
    ['search', { pattern: 'add\\(' }],
  ]);
  assert.equal(new Set(result.toolCalls.map((c) => c.id)).size, 2, 'each call has its own id');
});

describe('constrained reply: json_schema of one call of the offered tools', () => {
  test('every reply is a valid call, read without repairs', async () => {
    for (const seed of SEEDS) {
      const result = await llama.client().stream({ messages, maxTokens: 512, extraBody: { json_schema: bounded(oneCallSchema(TOOLS)), seed } });
      assert.equal(result.finishReason, 'stop', `seed ${seed}: cut at ${result.usage?.completionTokens} tokens: ${result.text}`);
      const parsed = parseToolCalls(result.text, { tools: parserTools(TOOLS) });
      assert.equal(parsed.calls.length, 1, `seed ${seed}: ${result.text}`);
      assert.deepEqual(parsed.repairs, [], `seed ${seed}: ${result.text}`);
      const valid = validateToolCall(parsed.calls[0]!);
      assert.ok(valid.ok, `seed ${seed}: ${valid.ok ? '' : valid.error}\n${result.text}`);
    }
  });

  // The agent-level test of the constrained retry (issue 10 part 3) belongs here: an agent whose first
  // reply holds an unreadable call asks again with the server's constraint field, and the call runs.
  test.todo('agent: an unreadable call is asked again constrained, and the call that comes back runs');
});
