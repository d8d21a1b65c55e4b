// Where this parser deliberately differs from a source's `rejected-markup` policy. The test names say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';

test('disagree (llama.cpp parse_tool_calls=false): harmony to=functions.X is a call — the expectation comes from a server flag that disables parsing, not from the text', () => {
  const r = parseToolCalls('<|start|>assistant<|channel|>commentary to=functions.run <|constrain|>json<|message|>{"command": "ls"}');
  assert.deepEqual(r.calls, [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('disagree (vLLM minimax): pretty-printed multi-line JSON inside <tool_calls> is still one call — the source parser only reads one object per line', () => {
  const r = parseToolCalls('<tool_calls>\n{\n  "name": "run",\n  "arguments": {\n    "command": "ls"\n  }\n}\n</tool_calls>');
  assert.deepEqual(r.calls, [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('disagree (Ollama streaming): a stray {"name": unknown} object does not hide the valid call after it — Ollama stops at the first unknown name', () => {
  const r = parseToolCalls('{"name": "jeff"} {"name": "run", "arguments": {"command": "ls"}}', { tools: ['run'] });
  assert.deepEqual(r.calls, [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('disagree (Ollama offered-names-only): a whole-message call to an unknown tool is returned so the model is told the valid names, instead of being shown as an answer', () => {
  const r = parseToolCalls('[{"name": "search_web", "arguments": {"q": "x"}}', { tools: ['run'] });
  assert.deepEqual(r.calls, [{ name: 'search_web', arguments: { q: 'x' } }]);
  assert.ok(r.repairs.some((x) => x.kind === 'unknown-tool' && x.detail.includes('run')));
});

test('agree: JSON that cannot be repaired ({invalid json}) and a truncated name are not calls', () => {
  assert.deepEqual(parseToolCalls('{"name": "x", "parameters": {invalid json}').calls, []);
  assert.deepEqual(parseToolCalls('<tool_call>{"name": "run', { tools: ['run'] }).calls, []);
});
