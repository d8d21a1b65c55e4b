// Gemma 3 and Mistral v0.x tokenizers make more tokens of code than the estimate counts, while their first
// prompt (system prompt, task) comes out at about ×1.0: calibrating on it alone under-counted every file
// read after it until a prompt near the top of the window overflowed. The ratios are the model-io review's
// measurements with the real tokenizers (six.py, 30 kB: Gemma 3 ×1.21, Mistral 7B v0.3 ×1.36; first prompt
// ×0.97 and ×1.00; Llama 3 ×1.02 and ×0.93, which needs no prior).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRequest, learnFromUsage } from '../../../src/core/budget/contextBudget';
import { counterForModel } from '../../../src/core/budget/counterFor';
import { estimateTokens } from '../../../src/core/budget/tokenCounter';
import { matchProfile } from '../../../src/core/llm/profiles';
import type { ChatMessage } from '../../../src/core/llm/types';

const root = join(__dirname, '../../..');
const prose = readFileSync(join(root, 'README.md'), 'utf8').slice(0, 5_000);
const code = readFileSync(join(root, 'src/core/budget/contextBudget.ts'), 'utf8');
const WINDOW = 16_384;

/** The server's count: its tokenizer's ratio to the estimate, one for tool results (code), one for the rest. */
function serverCount(messages: ChatMessage[], ratios: { prompt: number; code: number }): number {
  return Math.round(messages.reduce((n, m) => n + estimateTokens(m.content ?? '') * (m.role === 'tool' ? ratios.code : ratios.prompt), 0));
}

for (const family of [
  { model: 'gemma-3-12b-it', ratios: { prompt: 0.97, code: 1.21 } },
  { model: 'mistral-7b-instruct-v0.3', ratios: { prompt: 1.0, code: 1.36 } },
  { model: 'llama-3.1-8b-instruct', ratios: { prompt: 0.93, code: 1.02 } },
]) {
  test(`${family.model}: reading file after file never sends a prompt that, really counted, leaves no room for the reply`, () => {
    const { counter } = counterForModel(matchProfile(family.model));
    const turn: ChatMessage[] = [];
    for (let read = 0; read < 8; read++) {
      const built = buildRequest({ system: prose, history: [], task: 'Explain how the budget handles long files.', turn }, { window: WINDOW, replyTokens: 2048, counter });
      const real = serverCount(built.messages, family.ratios);
      assert.ok(real + built.maxTokens <= WINDOW, `request ${read + 1}: ${real} real prompt tokens + ${built.maxTokens} reply > ${WINDOW} (counted ${built.promptTokens}, ratio ×${counter.scale.toFixed(2)})`);
      learnFromUsage(counter, built, real);
      turn.splice(0, turn.length, ...built.turn);
      const id = `c${read}`;
      const from = (read * 9_000) % (code.length - 14_000);
      turn.push({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name: 'read_file', arguments: '{"path":"contextBudget.ts"}' } }] },
        { role: 'tool', tool_call_id: id, name: 'read_file', content: code.slice(from, from + 14_000) });
    }
  });
}

test('the code prior holds the wide margin until a code-heavy prompt was seen, then settles', () => {
  const { counter } = counterForModel(matchProfile('gemma-3-4b-it'));
  assert.equal(counter.scale, 1.2);
  counter.observe(1000, 970);
  counter.observe(1000, 970);
  assert.equal(counter.settled, false, 'two prose prompts do not show what code costs');
  assert.ok(counter.scale > 1.1, `the prior comes down slowly: ×${counter.scale}`);
  counter.observe(1000, 1150, 0.6);
  assert.equal(counter.settled, true);
  const qwen = counterForModel({ qwenTokenizer: false }).counter;
  qwen.observe(1000, 1000);
  qwen.observe(1000, 1000);
  assert.equal(qwen.settled, true, 'a family without a prior settles after two readings, as before');
});
