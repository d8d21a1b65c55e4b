// The chat client against the real llama.cpp server: streaming, max_tokens and finish_reason 'length',
// and cancellation mid-reply that really stops the generation (the slot is free again at once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useLlamaServer } from '../support/llamaFixture';
import { LlmError, type ChatMessage } from '../../src/core/llm';

const llama = useLlamaServer(4096);

const messages: ChatMessage[] = [{ role: 'user', content: 'Write a long story about a compiler.' }];
/**
 * Long free text: random weights would end on a random end-of-generation token (ignore_eos: they don't),
 * and write arbitrary bytes, which llama.cpp's output parser (--jinja) refuses with a 500 "does not match
 * the expected peg-native format" once they are not valid UTF-8: printable ASCII only.
 */
const noEos = { ignore_eos: true, grammar: 'root ::= [ -~]*' };
/** More tokens than the tiny model generates in several seconds. */
const MANY = 3500;

test('streams the reply in pieces and stops at max_tokens with finish_reason length', async () => {
  const deltas: string[] = [];
  const result = await llama.client().stream({ messages, maxTokens: 24, extraBody: noEos }, { onText: (d) => deltas.push(d) });
  assert.equal(result.finishReason, 'length');
  assert.equal(result.usage?.completionTokens, 24);
  assert.ok(result.usage!.promptTokens > 10);
  assert.ok(deltas.length > 3, `${deltas.length} pieces`);
  assert.equal(deltas.join(''), result.text);
  assert.equal(result.attempts, 1);
});

test('without streaming too: max_tokens is honoured and reported as length', async () => {
  const result = await llama.client().complete({ messages, maxTokens: 9, extraBody: noEos });
  assert.equal(result.finishReason, 'length');
  assert.equal(result.usage?.completionTokens, 9);
});

test('a reply that ends on its own says stop', async () => {
  // A grammar that admits one short sentence: the model must end there.
  const result = await llama.client().stream({ messages, maxTokens: 64, extraBody: { grammar: 'root ::= "Done."' } });
  assert.equal(result.text, 'Done.');
  assert.equal(result.finishReason, 'stop');
});

test('cancelling mid-reply rejects at once, stops the generation and leaves the slot free', async (t) => {
  const controller = new AbortController();
  let pieces = 0;
  const error = await llama.client().stream(
    { messages, maxTokens: MANY, extraBody: noEos, signal: controller.signal },
    { onText: () => { if (++pieces === 5) controller.abort(); } },
  ).then(() => undefined, (e) => e);
  assert.ok(error instanceof LlmError, String(error));
  assert.equal(error.kind, 'aborted');
  // The server notices the closed connection at its next token: the slot is idle within moments, and its
  // cache holds the prompt and the few tokens generated before, not the MANY it was asked for.
  await llama.server().waitIdle(2000);
  const [slot] = await llama.server().slots();
  assert.equal(slot?.is_processing, false);
  const promptTokens = (await llama.client().complete({ messages, maxTokens: 1, extraBody: noEos })).usage!.promptTokens;
  const generated = Number(slot?.n_prompt_tokens) - promptTokens;
  assert.ok(generated >= 0 && generated < MANY / 10, `the cancelled request went on to ${generated} tokens`);
  t.diagnostic(`cancelled after ${pieces} pieces read; the server had generated ${generated} tokens`);
  // And the next request is served normally.
  const next = await llama.client().stream({ messages, maxTokens: 8, extraBody: noEos });
  assert.equal(next.usage?.completionTokens, 8);
});
