import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUnescapedQuote, parseToolCalls } from '../../../src/core/parse';
import { parserTools } from '../../../src/core/tools';

test('an unescaped quote inside a string value is found, with its key and whether the value holds raw line breaks', () => {
  const code = '<tool_call>{"name": "write_file", "arguments": {"path": "a.py", "content": "def f():\n    return "x"\n"}}</tool_call>';
  assert.equal(parseToolCalls(code, { tools: parserTools() }).unreadableCall, true, 'the parser refuses it');
  assert.deepEqual(findUnescapedQuote(code), { key: 'content', rawLineBreak: true });
  assert.deepEqual(findUnescapedQuote('{"name": "run", "arguments": {"command": "echo "hi""}}'), { key: 'command', rawLineBreak: false });
});

test('nothing is blamed on a quote when there is none to blame', () => {
  assert.equal(findUnescapedQuote('<tool_call>{"name": "write_file", "arguments": {"path": "a.py", "content": "print(\\"hi\\")\\n"}}</tool_call>'), undefined, 'escaped quotes');
  assert.equal(findUnescapedQuote('{"name": "run", "arguments": {"command": "echo'), undefined, 'cut off');
  assert.equal(findUnescapedQuote('{"name": "run", "arguments": {"command": "ls"}} and then "x" said'), undefined, 'quotes after the object');
  assert.equal(findUnescapedQuote('She said "hello" and left.'), undefined, 'no call object');
  assert.equal(findUnescapedQuote('<function=write_file><parameter=content>a "b"</parameter></function>'), undefined, 'not JSON');
});
