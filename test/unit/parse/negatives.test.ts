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

test('call JSON in the middle of a sentence is an example, even naming an offered tool', () => {
  none('To run the tests you would normally call something like {"name": "run", "arguments": {"command": "rm -rf build && npm test"}} but I will not do that now.');
  none('Example: {"name": "run", "arguments": {"command": "make deploy"}} is what a call looks like.');
  none('{"name": "run", "arguments": {"command": "make deploy"}} would deploy, so I did not send it.');
  none('You could send `{"name": "run", "arguments": {"command": "ls"}}` yourself.');
});

test('call JSON standing apart from the prose is still read: own line, fenced, or lead-in then a new sentence', () => {
  const call = { name: 'run', arguments: { command: 'ls' } };
  const json = JSON.stringify(call);
  for (const text of [
    `I will list the files.\n${json}`,
    `Listing:\n\`\`\`json\n${json}\n\`\`\`\nThen I will look.`,
    `Here is the call: ${json} Would you like to know more?`,
    `Here are the calls: ${json}; ${json} Shall I go on?`,
  ]) assert.deepEqual(parseToolCalls(text, { tools }).calls.map((c) => c.name), text.includes('; ') ? ['run', 'run'] : ['run'], text);
});

test('call markup inside inline code is shown, not run', () => {
  none('The model emits calls like `<tool_call>{"name": "run", "arguments": {"command": "make deploy"}}</tool_call>` in its output.');
  none('Qwen writes ``<function=run><parameter=command>make deploy</parameter></function>`` for a call.');
  none('Harmony addresses a call with `<|start|>assistant to=functions.run<|channel|>commentary<|message|>{"command": "ls"}<|call|>` in the header.');
  // inline code elsewhere on the line does not hide a real call after it
  assert.deepEqual(parseToolCalls('I will run `ls`: <tool_call>{"name": "run", "arguments": {"command": "ls"}}</tool_call>', { tools }).calls, [{ name: 'run', arguments: { command: 'ls' } }]);
  // a fenced call is meant, not quoted
  assert.equal(parseToolCalls('```\n<tool_call>{"name": "run", "arguments": {"command": "ls"}}</tool_call>\n```', { tools }).calls.length, 1);
});
