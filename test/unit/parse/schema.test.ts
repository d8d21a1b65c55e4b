// With tool schemas known: forgiving but safe names, parameter renames, type coercion, unknown tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStructuredToolCalls, parseToolCalls } from '../../../src/core/parse';
import { parserTools, TOOLS } from '../../../src/core/tools';

const tools = parserTools();

test('tool name matched across case, -/_ and a space', () => {
  for (const n of ['Read_File', 'read-file', 'read file', 'READFILE']) {
    const r = parseToolCalls(`<tool_call>{"name": "${n}", "arguments": {"path": "a"}}</tool_call>`, { tools });
    assert.equal(r.calls[0]?.name, 'read_file', n);
    assert.ok(r.repairs.some((x) => x.kind === 'tool-name'));
  }
});

test('a name two tools could match is not guessed', () => {
  const r = parseToolCalls('<tool_call>{"name": "ab", "arguments": {}}</tool_call>', { tools: ['a_b', 'a-b'] });
  assert.equal(r.calls[0]?.name, 'ab');
  assert.ok(r.repairs.some((x) => x.kind === 'unknown-tool'));
});

test('unknown tool is returned as written with a repair listing valid names (the validator reports it)', () => {
  const r = parseToolCalls('<tool_call>{"name": "delete_all", "arguments": {}}</tool_call>', { tools });
  assert.equal(r.calls[0]?.name, 'delete_all');
  const note = r.repairs.find((x) => x.kind === 'unknown-tool');
  assert.match(note!.detail, /read_file/);
});

test('common wrong parameter names map to the schema (filename/file → path, cmd → command)', () => {
  const r = parseToolCalls('<tool_call>{"name": "read_file", "arguments": {"filename": "a.ts"}}</tool_call><tool_call>{"name": "run", "arguments": {"cmd": "ls"}}</tool_call>', { tools });
  assert.deepEqual(r.calls, [
    { name: 'read_file', arguments: { path: 'a.ts' } },
    { name: 'run', arguments: { command: 'ls' } },
  ]);
  assert.equal(r.repairs.filter((x) => x.kind === 'param-name').length, 2);
});

test('str_replace_editor spellings of a patch map to search/replace (old_str/new_str, old_string/new_string)', () => {
  for (const [from, to] of [['old_str', 'new_str'], ['old_string', 'new_string']]) {
    const r = parseToolCalls(`<tool_call>{"name": "patch", "arguments": {"path": "a.ts", "${from}": "a", "${to}": "b"}}</tool_call>`, { tools });
    assert.deepEqual(r.calls[0]?.arguments, { path: 'a.ts', search: 'a', replace: 'b' }, from);
    assert.ok(r.repairs.some((x) => x.detail === `renamed parameter ${from} to search`));
  }
});

test("other agents' names for the shell tool are read as run, text and structured calls alike", () => {
  for (const n of ['run_command', 'bash', 'shell', 'Run-Command']) {
    const r = parseToolCalls(`<tool_call>{"name": "${n}", "arguments": {"command": "npm test"}}</tool_call>`, { tools });
    assert.deepEqual(r.calls, [{ name: 'run', arguments: { command: 'npm test' } }], n);
    assert.ok(r.repairs.some((x) => x.kind === 'tool-name' && x.detail === `read tool name ${n} as run`));
  }
  assert.deepEqual(parseStructuredToolCalls([{ function: { name: 'bash', arguments: '{"cmd": "ls"}' } }], { tools }).calls, [{ name: 'run', arguments: { command: 'ls' } }]);
  // an offered tool of that name is that tool; without run on offer the name stays unknown
  assert.equal(parseToolCalls('<tool_call>{"name": "bash", "arguments": {}}</tool_call>', { tools: ['bash', 'run'] }).calls[0]?.name, 'bash');
  assert.equal(parseToolCalls('<tool_call>{"name": "bash", "arguments": {}}</tool_call>', { tools: ['read_file'] }).repairs.some((x) => x.kind === 'unknown-tool'), true);
});

test('case/underscore variants of a parameter map too (startLine → start_line)', () => {
  const r = parseToolCalls('{"name": "read_file", "arguments": {"path": "a", "startLine": "3"}}', { tools });
  assert.deepEqual(r.calls[0]?.arguments, { path: 'a', start_line: 3 });
});

test('types coerced from the schema and recorded', () => {
  const r = parseToolCalls('<tool_call>{"name": "read_file", "arguments": {"path": 12, "start_line": "1", "end_line": "20"}}</tool_call>', { tools });
  assert.deepEqual(r.calls[0]?.arguments, { path: '12', start_line: 1, end_line: 20 });
  assert.equal(r.repairs.filter((x) => x.kind === 'type-coercion').length, 3);
});

test('XML string parameters stay strings when the schema says string', () => {
  const r = parseToolCalls('<function=write_file><parameter=path>\n0123\n</parameter><parameter=content>\ntrue\n</parameter></function>', { tools });
  assert.deepEqual(r.calls[0]?.arguments, { path: '0123', content: 'true' });
});

test('JSON-string array parameter is parsed for an array-typed property', () => {
  const r = parseToolCalls('<function=todo><parameter=steps>[{"text": "a", "state": "pending"}]</parameter></function>', { tools });
  assert.deepEqual(r.calls[0]?.arguments, { steps: [{ text: 'a', state: 'pending' }] });
});

test('zod tool definitions are accepted directly as `tools`', () => {
  const r = parseToolCalls('{"name": "read_file", "arguments": {"file": "x", "start_line": "2"}}', { tools: TOOLS });
  assert.deepEqual(r.calls[0]?.arguments, { path: 'x', start_line: 2 });
});

test('structured OpenAI tool_calls with malformed argument strings use the same repairs', () => {
  const r = parseStructuredToolCalls([{ id: '1', type: 'function', function: { name: 'run', arguments: "{'cmd': 'ls',}" } }], { tools });
  assert.deepEqual(r.calls, [{ name: 'run', arguments: { command: 'ls' } }]);
  assert.deepEqual(r.repairs.map((x) => x.kind).sort(), ['param-name', 'single-quotes', 'trailing-comma']);
});
