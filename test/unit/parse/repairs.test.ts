// Loose JSON repairs, each recorded in `repairs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLooseWhole, parseToolCalls } from '../../../src/core/parse';

const kinds = (text: string) => parseLooseWhole(text)?.repairs.map((r) => r.kind) ?? null;
const value = (text: string) => parseLooseWhole(text)?.value;

test('trailing commas', () => {
  assert.deepEqual(value('{"a": [1, 2,],}'), { a: [1, 2] });
  assert.ok(kinds('{"a": 1,}')!.includes('trailing-comma'));
});

test('single quotes and escaped quote inside them', () => {
  assert.deepEqual(value("{'a': 'it\\'s'}"), { a: "it's" });
  assert.ok(kinds("{'a': 1}")!.includes('single-quotes'));
});

test('unquoted keys', () => {
  assert.deepEqual(value('{path: "a", start_line: 2}'), { path: 'a', start_line: 2 });
  assert.ok(kinds('{a: 1}')!.includes('unquoted-key'));
});

test('Python literals True/False/None', () => {
  assert.deepEqual(value('{"a": True, "b": False, "c": None}'), { a: true, b: false, c: null });
  assert.ok(kinds('[None]')!.includes('python-literal'));
});

test('unclosed braces at the end are closed', () => {
  assert.deepEqual(value('{"name": "run", "arguments": {"command": "ls"'), { name: 'run', arguments: { command: 'ls' } });
  assert.ok(kinds('{"a": {"b": 1}')!.includes('unclosed-bracket'));
});

test('doubled closing braces are dropped', () => {
  assert.deepEqual(value('{"a": 1}}'), { a: 1 });
  assert.ok(kinds('{"a": 1}}')!.includes('extra-bracket'));
});

test('invalid escapes keep the backslash (regexes, Windows paths)', () => {
  assert.deepEqual(value('{"p": "\\d+\\.ts"}'), { p: '\\d+\\.ts' });
  assert.ok(kinds('{"p": "\\d"}')!.includes('invalid-escape'));
});

test('raw newline inside a string is accepted', () => {
  assert.deepEqual(value('{"c": "a\nb"}'), { c: 'a\nb' });
});

test('missing comma between members', () => {
  assert.deepEqual(value('{"a": 1 "b": 2}'), { a: 1, b: 2 });
});

test('a string cut off by the end is not a value', () => {
  assert.equal(parseLooseWhole('{"a": "unfinished'), null);
});

test('__proto__ stays a plain key', () => {
  const v = value('{"__proto__": {"x": 1}}') as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ['__proto__']);
});

test('repairs made inside a call are reported by parseToolCalls', () => {
  const r = parseToolCalls("<tool_call>{'name': 'run', 'arguments': {'command': 'ls',}}</tool_call>");
  assert.deepEqual(r.calls, [{ name: 'run', arguments: { command: 'ls' } }]);
  assert.deepEqual(r.repairs.map((x) => x.kind).sort(), ['single-quotes', 'trailing-comma']);
});
