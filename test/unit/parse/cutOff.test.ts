// A call the reply's length limit cut off is not a call: running half a patch or half a file corrupts it.
// A value missing only its closing tag is still read when something after it shows where it ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';

const tools = ['patch', 'write_file', 'read_file'];
const parse = (text: string) => parseToolCalls(text, { tools });
const isCut = (text: string) => {
  const r = parse(text);
  assert.deepEqual(r.calls, [], text);
  assert.ok(r.repairs.some((x) => x.kind === 'cut-off'), `no cut-off note for ${JSON.stringify(text)}`);
};

test('Qwen XML cut inside a parameter value is no call, and says so', () => {
  isCut('<function=patch>\n<parameter=path>\napp.py\n</parameter>\n<parameter=search>\ndef main():\n    a()\n    b()\n</parameter>\n<parameter=replace>\ndef main():\n    a()');
  isCut('<tool_call>\n<function=write_file>\n<parameter=path>\napp.py\n</parameter>\n<parameter=content>\nimport os\n\ndef main():\n    print(');
  isCut('<invoke name="write_file"><parameter name="path">a.py</parameter><parameter name="content">x = 1');
  isCut('<function name="write_file"><param name="content"><![CDATA[x = 1');
});

test('Qwen XML cut while the next parameter tag was being written is no call', () => {
  isCut('<function=write_file>\n<parameter=path>\na.py\n</parameter>\n<parameter=conte');
});

test('GLM cut inside a value or a key is no call', () => {
  isCut('<tool_call>write_file<arg_key>path</arg_key><arg_value>a.py</arg_value><arg_key>content</arg_key><arg_value>import os\ndef f(');
  isCut('<tool_call>write_file<arg_key>path</arg_key><arg_value>a.py</arg_value><arg_key>cont');
  isCut('<tool_call>write_file<arg_key>path</arg_key><arg_value>a.py</arg_value><arg_key>content</arg_key>');
});

test('a value missing only its closing tag still ends at the next parameter or the closing marker', () => {
  const want = [{ name: 'write_file', arguments: { path: 'a.py', content: 'x' } }];
  assert.deepEqual(parse('<function=write_file><parameter=path>a.py<parameter=content>x</parameter></function>').calls, want);
  assert.deepEqual(parse('<tool_call><function=write_file><parameter=path>a.py</parameter><parameter=content>x</tool_call>').calls, want);
  assert.deepEqual(parse('<tool_call>write_file<arg_key>path</arg_key><arg_value>a.py<arg_key>content</arg_key><arg_value>x</tool_call>').calls, want);
  // every value closed, only the closing tags lost (a stop sequence ate them): the call is whole
  assert.deepEqual(parse('<tool_call>\n<function=write_file>\n<parameter=path>\na.py\n</parameter>\n<parameter=content>\nx\n</parameter>\n').calls, want);
  assert.deepEqual(parse('<tool_call>write_file<arg_key>path</arg_key><arg_value>a.py</arg_value><arg_key>content</arg_key><arg_value>x</arg_value>').calls, want);
});

test('a cut call after a whole one: the whole one is read, the cut one reported', () => {
  const r = parse('<tool_call>{"name": "read_file", "arguments": {"path": "a.py"}}</tool_call>\n<tool_call>\n<function=write_file>\n<parameter=path>\nb.py\n</parameter>\n<parameter=content>\nimport o');
  assert.deepEqual(r.calls, [{ name: 'read_file', arguments: { path: 'a.py' } }]);
  assert.ok(r.repairs.some((x) => x.kind === 'cut-off' && /write_file/.test(x.detail)));
});

test('the half-written content of a cut call is not searched for other calls', () => {
  const r = parse('<tool_call>\n<function=write_file>\n<parameter=path>\nfixture.txt\n</parameter>\n<parameter=content>\nexample:\n{"name": "read_file", "arguments": {"path": "/etc/passwd"}}\nmore');
  assert.deepEqual(r.calls, []);
  assert.ok(r.repairs.some((x) => x.kind === 'cut-off'));
});
