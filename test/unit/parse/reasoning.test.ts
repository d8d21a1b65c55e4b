import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';

test('<think> is separated out as reasoning, prose stays content', () => {
  const r = parseToolCalls('<think>hmm</think>Hello there');
  assert.equal(r.reasoning, 'hmm');
  assert.equal(r.content, 'Hello there');
  assert.deepEqual(r.calls, []);
});

test('a </think> without opener means the prompt opened the block', () => {
  const r = parseToolCalls('I should look\n</think>\nDone.');
  assert.equal(r.reasoning, 'I should look');
  assert.equal(r.content, 'Done.');
});

test('a call drafted in reasoning loses to the call in the answer', () => {
  const r = parseToolCalls('<think><tool_call>{"name": "run", "arguments": {"command": "rm"}}</tool_call></think><tool_call>{"name": "run", "arguments": {"command": "ls"}}</tool_call>');
  assert.deepEqual(r.calls, [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('a call made only inside an unclosed <think> is recovered and noted', () => {
  const r = parseToolCalls('<think>I need the file <tool_call>{"name": "read_file", "arguments": {"path": "a"}}</tool_call>');
  assert.deepEqual(r.calls, [{ name: 'read_file', arguments: { path: 'a' } }]);
  assert.ok(r.repairs.some((x) => x.kind === 'call-in-reasoning'));
  assert.equal(r.reasoning, 'I need the file');
});

test('Mistral [THINK], Command-R START_THINKING and Apriel final-response marker', () => {
  assert.equal(parseToolCalls('[THINK]a[/THINK]b').content, 'b');
  assert.equal(parseToolCalls('<|START_THINKING|>a<|END_THINKING|><|START_RESPONSE|>b<|END_RESPONSE|>').content, 'b');
  assert.equal(parseToolCalls('a\n[BEGIN FINAL RESPONSE]\nb').content, 'b');
});
