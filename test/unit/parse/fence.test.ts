// One fence reader for every place a body may come fenced: inside call markup, after DeepSeek's tool name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';
import { stripFence } from '../../../src/core/parse/fence';
import { assertScalesLinearly } from '../../support/linear';

test('stripFence: the inside of a whole fence, with or without a language tag; other text untouched', () => {
  assert.equal(stripFence('```json\n{"a": 1}\n```'), '{"a": 1}');
  assert.equal(stripFence('  ```\n{"a": 1}\n```  \n'), '{"a": 1}');
  assert.equal(stripFence('```json {"a": 1}```'), '{"a": 1}');
  assert.equal(stripFence('```\n```'), '');
  assert.equal(stripFence('{"a": 1}'), '{"a": 1}');
  assert.equal(stripFence('```json\n{"a": 1}'), '```json\n{"a": 1}', 'an unclosed fence is not a fence');
  assert.equal(stripFence('x ```a``` y'), 'x ```a``` y');
});

test('fenced arguments read the same in Hermes markup and after a DeepSeek name', () => {
  const want = [{ name: 'run', arguments: { command: 'ls' } }];
  assert.deepEqual(parseToolCalls('<tool_call>\n```json\n{"name": "run", "arguments": {"command": "ls"}}\n```\n</tool_call>').calls, want);
  assert.deepEqual(parseToolCalls('<｜tool▁call▁begin｜>function<｜tool▁sep｜>run\n```json\n{"command": "ls"}\n```<｜tool▁call▁end｜>').calls, want);
  assert.deepEqual(parseToolCalls('<｜tool▁call▁begin｜>function<｜tool▁sep｜>run\n  ```\n{"command": "ls"}\n  ```  <｜tool▁call▁end｜>').calls, want);
});

test('a long unclosed fence is read in linear time', () => {
  assertScalesLinearly('unclosed fence', (n) => '```' + ' '.repeat(n) + 'x', (body) => {
    stripFence(body);
    parseToolCalls(`<tool_call>${body}</tool_call>`);
  }, 20_000);
});
