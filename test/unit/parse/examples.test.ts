// Call markup that explains rather than calls: inside a sentence, or labelled as an example, it is
// text. And "unreadable call" means call markup addressed to a tool that exists, not any `"name":`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';

const tools = ['read_file', 'write_file', 'run', 'patch', 'search'];
const parse = (text: string) => parseToolCalls(text, { tools });
const none = (text: string) => assert.deepEqual(parse(text).calls, [], text);
const one = (text: string, name: string) => assert.deepEqual(parse(text).calls.map((c) => c.name), [name], text);

test('call markup mid-sentence is text: <tool_call>, <invoke>, <function=…>', () => {
  none('A model writes <tool_call>{"name": "run", "arguments": {"command": "rm -rf /"}}</tool_call> when it wants to run something.');
  none('MiniMax wraps calls as <invoke name="run"><parameter name="command">ls</parameter></invoke> inside its tool-call tags.');
  none('Qwen3-Coder emits <function=run><parameter=command>ls</parameter></function> and the server turns it into JSON.');
  const r = parse('A model writes <tool_call>{"name": "run", "arguments": {"command": "ls"}}</tool_call> when it wants to.');
  assert.match(r.content, /<tool_call>\{"name": "run"/, 'the markup stays in the answer as text');
  assert.equal(r.unreadableCall, false);
});

test('call markup or call JSON labelled as an example is text, fenced or not', () => {
  none('Here is an example of a tool call:\n```\n<tool_call>\n{"name": "run", "arguments": {"command": "ls"}}\n</tool_call>\n```');
  none('For example, Llama 3 writes:\n{"name": "write_file", "parameters": {"path": "x.txt", "content": "hi"}}\nThe server then parses it.');
  none('For example:\n<tool_call>{"name": "run", "arguments": {"command": "ls"}}</tool_call>');
  none('The format looks like this:\n```json\n{"name": "run", "arguments": {"command": "ls"}}\n```');
  none('An example call:\n```xml\n<function=write_file>\n<parameter=path>a.txt</parameter>\n</function>\n```\nThat is all there is to it.');
});

test("OpenAI's tool_calls wire format shown in an explanation is not a call", () => {
  none('OpenAI returns tool calls in the message like this:\n```json\n{"tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "write_file", "arguments": "{\\"path\\": \\"x.txt\\", \\"content\\": \\"hi\\"}"}}]}\n```\nYour code then runs each one.');
  none('The response contains:\n{"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "run", "arguments": "{\\"command\\": \\"ls\\"}"}}]}\nThen you send the result back.');
});

test('real calls after prose still count', () => {
  one('Let me read it.\n<tool_call>{"name": "read_file", "arguments": {"path": "a.ts"}}</tool_call>', 'read_file');
  one('I will check the file <tool_call>{"name": "read_file", "arguments": {"path": "a.ts"}}</tool_call>', 'read_file');
  one("I'll help you check it. <tool_call>\n{\"name\": \"run\", \"arguments\": {\"command\": \"ls\"}}\n</tool_call>", 'run');
  one('Let me look at an example file:\n<tool_call>{"name": "read_file", "arguments": {"path": "examples/a.ts"}}</tool_call>', 'read_file');
  one('Listing:\n```json\n{"name": "run", "arguments": {"command": "ls"}}\n```\nThen I will look.', 'run');
  // a whole message of wire-format JSON is a call (some servers leak it as text)
  one('{"tool_calls": [{"type": "function", "function": {"name": "run", "arguments": "{\\"command\\": \\"ls\\"}"}}]}', 'run');
});

test('an unreadable call is markup addressed to a tool that exists, not any "name"', () => {
  const unreadable = (text: string) => parse(text).unreadableCall;
  assert.equal(unreadable('Here is package.json:\n```json\n{\n  "name": "my-app",\n  "version": "1.0.0",\n  "scripts": {"test": "jest"}\n}\n```'), false);
  assert.equal(unreadable("The config is a dict:\n```python\nconfig = {'name': 'demo', 'debug': True}\n```"), false);
  assert.equal(unreadable('{"name": "my-app", "private": true}'), false);
  assert.equal(unreadable('Use <tool_call> tags to call tools.'), false);
  assert.equal(unreadable('<tool_call>{"name": "read_file" "arguments" {{path: a.ts</tool_call>\nok'), true);
  assert.equal(unreadable('<tool_call>{"nam": read_file, args</tool_call>'), true);
  assert.equal(unreadable('I will read it.\n{"name": "read_file", "path": "a.ts"}'), true, 'call-shaped JSON for a real tool, without arguments');
  assert.equal(unreadable('For example:\n<tool_call>{"name": "read_file" "arguments" {{</tool_call>'), false, 'an example is not a call, broken or not');
  assert.equal(unreadable('<tool_call>{"name": "read_file", "arguments": {"path": "a.ts"}}</tool_call>'), false);
});
