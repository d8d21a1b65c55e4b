// Reading prose or example code as a call is worse than missing a call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';

const tools = ['read_file', 'run'];
const none = (text: string, t: string[] | undefined = tools) => assert.deepEqual(parseToolCalls(text, t ? { tools: t } : {}).calls, [], text);

test('plain prose, markdown links and bracketed names are not calls', () => {
  none('Sure, I can help with that.');
  none('See [the docs](https://example.com) and [read_file].');
  none('No tool fits.\n\n[read_file], [run]');
});

test('a function call inside a sentence or a code fence is an example, not a call', () => {
  none('You can call print(x=1) to see it.');
  none('Use it like this:\n```python\nrun(command="ls")\n```\nThen check.');
});

test('example JSON in prose naming a tool that is not offered is not a call', () => {
  none('An API call looks like {"name": "get_weather", "arguments": {"city": "Paris"}} in their docs.');
});

test('JSON without a name/arguments shape is data', () => {
  none('{"response": "hello"}', undefined);
  none('```json\n{}\n```', undefined);
  none('{"name": "John", "age": 3}', undefined);
});

test('markup whose body is not a call stays text', () => {
  const r = parseToolCalls('<tool_call>nah uhg</tool_call>');
  assert.deepEqual(r.calls, []);
  assert.match(r.content, /nah uhg/);
});

test('a call cut off inside a string is not completed by guessing', () => {
  none('<tool_call>{"name": "read_file", "arguments": {"path": "src/ma', undefined);
});

test('Kimi id that is not functions.NAME:IDX is not a call', () => {
  none('<|tool_call_begin|>functions.read_file.0<|tool_call_argument_begin|>{"path": "a"}<|tool_call_end|>', undefined);
});
