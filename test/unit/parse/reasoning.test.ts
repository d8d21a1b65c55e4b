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

test('an answer that mentions the tags keeps them: quoted, in backticks, mid-sentence or unclosed after the start', () => {
  for (const text of [
    'The parser now strips `<think>` blocks before reading calls; tests pass.',
    'Use <think> tags to reason. Done.',
    "I removed the stray </think> tag from the template, so the model's answers are no longer hidden.",
    'Both `<think>` and `</think>` are stripped now.',
    'The template emits "<think>" first.',
  ]) {
    const r = parseToolCalls(text);
    assert.equal(r.content, text);
    assert.ok(!r.reasoning, text);
  }
});

test('a call whose arguments hold a tag is read whole', () => {
  const close = parseToolCalls(`<tool_call>${JSON.stringify({ name: 'patch', arguments: { path: 'a.ts', search: "const END = '</think>';", replace: "const END = '</r>';" } })}</tool_call>`);
  assert.deepEqual(close.calls, [{ name: 'patch', arguments: { path: 'a.ts', search: "const END = '</think>';", replace: "const END = '</r>';" } }]);
  const escaped = parseToolCalls(`<tool_call>${JSON.stringify({ name: 'write_file', arguments: { path: 'p.txt', content: 'a\n</think>\nb' } })}</tool_call>`);
  assert.deepEqual(escaped.calls, [{ name: 'write_file', arguments: { path: 'p.txt', content: 'a\n</think>\nb' } }]);
  const open = parseToolCalls(`I'll fix it.\n<tool_call>${JSON.stringify({ name: 'patch', arguments: { path: 'a.ts', search: "'<think>'", replace: "'<r>'" } })}</tool_call>`);
  assert.equal(open.calls.length, 1);
  assert.equal(open.content, "I'll fix it.");
});

test('real reasoning still parses: unclosed at the start, after a closed block, and a prompt-opened block', () => {
  assert.equal(parseToolCalls('  <think>I will read the file first').content, '');
  const after = parseToolCalls('<seed:think>plan</seed:think>\n<seed:cot_budget_reflect>Token usage: 45/1000, go on');
  assert.equal(after.content, '');
  assert.equal(parseToolCalls('REASONING</think>ok').content, 'ok');
  assert.equal(parseToolCalls('Let me read the diff content.</think>Done.').content, 'Done.');
});

test('a call inside reasoning is taken only when it stands on its own, not when a sentence weighs it and moves on', () => {
  const call = '<tool_call>{"name": "run_command", "arguments": {"command": "rm -rf /tmp/x"}}</tool_call>';
  const rejected = parseToolCalls(`<think>I could call ${call} but no.</think>The answer is 42.`, { tools: ['run_command'] });
  assert.deepEqual(rejected.calls, []);
  assert.equal(rejected.content, 'The answer is 42.');
  assert.equal(rejected.unreadableCall, false);
  const meant = parseToolCalls(`<think>I need to clean up first.\n${call}\n</think>`, { tools: ['run_command'] });
  assert.deepEqual(meant.calls, [{ name: 'run_command', arguments: { command: 'rm -rf /tmp/x' } }]);
});
