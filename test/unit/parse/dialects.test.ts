// One test per dialect, written from each format's documented shape (chat templates / model cards).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';

const one = (text: string, tools?: string[]) => parseToolCalls(text, tools ? { tools } : {}).calls;

test('Hermes/Qwen2.5 <tool_call> JSON', () => {
  assert.deepEqual(one('<tool_call>\n{"name": "read_file", "arguments": {"path": "a.ts"}}\n</tool_call>'), [{ name: 'read_file', arguments: { path: 'a.ts' } }]);
});

test('Qwen3-Coder XML <function=…><parameter=…> keeps code verbatim', () => {
  const r = one('<tool_call>\n<function=write_file>\n<parameter=path>\nx.py\n</parameter>\n<parameter=content>\n  if a:\n    b()\n</parameter>\n</function>\n</tool_call>');
  assert.deepEqual(r, [{ name: 'write_file', arguments: { path: 'x.py', content: '  if a:\n    b()' } }]);
});

test('Llama 3 bare JSON with "parameters"', () => {
  assert.deepEqual(one('{"name": "run", "parameters": {"command": "ls"}}'), [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('Llama 3.1 <|python_tag|> builtin call form', () => {
  assert.deepEqual(one('<|python_tag|>brave_search.call(query="zod 4")'), [{ name: 'brave_search', arguments: { query: 'zod 4' } }]);
});

test('Mistral [TOOL_CALLS] JSON list and v11 name[ARGS]', () => {
  assert.deepEqual(one('[TOOL_CALLS][{"name": "run", "arguments": {"command": "ls"}}]'), [{ name: 'run', arguments: { command: 'ls' } }]);
  assert.deepEqual(one('[TOOL_CALLS]run[ARGS]{"command": "ls"}'), [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('pythonic list [f(a=1), g(b="x")] with Python literals', () => {
  assert.deepEqual(one("[f(a=1, ok=True, none=None), g(b='x', t=(1, 2))]"), [
    { name: 'f', arguments: { a: 1, ok: true, none: null } },
    { name: 'g', arguments: { b: 'x', t: [1, 2] } },
  ]);
});

test('DeepSeek V3 special tokens with fenced JSON arguments', () => {
  const t = '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>search\n```json\n{"pattern": "TODO"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>';
  assert.deepEqual(one(t), [{ name: 'search', arguments: { pattern: 'TODO' } }]);
});

test('DeepSeek V3.1 name<｜tool▁sep｜>args', () => {
  assert.deepEqual(one('<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>run<｜tool▁sep｜>{"command":"npm test"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>'), [{ name: 'run', arguments: { command: 'npm test' } }]);
});

test('gpt-oss harmony commentary to=functions.NAME', () => {
  const t = '<|channel|>analysis<|message|>Need to list.<|end|><|start|>assistant<|channel|>commentary to=functions.find_files <|constrain|>json<|message|>{"glob": "*.md"}<|call|>';
  const r = parseToolCalls(t);
  assert.deepEqual(r.calls, [{ name: 'find_files', arguments: { glob: '*.md' } }]);
  assert.equal(r.reasoning, 'Need to list.');
});

test('harmony message to a built-in tool (to=python) is not a function call', () => {
  assert.deepEqual(one('<|start|>assistant<|channel|>commentary to=python <|constrain|>code<|message|>print(1)'), []);
});

test('GLM-4.5 <arg_key>/<arg_value>', () => {
  assert.deepEqual(one('<tool_call>read_file\n<arg_key>path</arg_key>\n<arg_value>src/a.ts</arg_value>\n<arg_key>start_line</arg_key>\n<arg_value>3</arg_value>\n</tool_call>'), [
    { name: 'read_file', arguments: { path: 'src/a.ts', start_line: 3 } },
  ]);
});

test('Kimi K2 section tokens with functions.NAME:IDX ids', () => {
  const t = '<|tool_calls_section_begin|><|tool_call_begin|>functions.run:0<|tool_call_argument_begin|>{"command": "ls"}<|tool_call_end|><|tool_calls_section_end|>';
  assert.deepEqual(one(t), [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('Gemma 4 call:NAME{key:<|"|>text<|"|>}', () => {
  assert.deepEqual(one('<|tool_call>call:search{pattern:<|"|>a, b<|"|>,path:<|"|>src<|"|>}<tool_call|>'), [{ name: 'search', arguments: { pattern: 'a, b', path: 'src' } }]);
});

test('MiniMax-M2 <invoke name> and DeepSeek DSML parameters with string attribute', () => {
  assert.deepEqual(one('<minimax:tool_call><invoke name="run"><parameter name="command">make</parameter></invoke></minimax:tool_call>'), [{ name: 'run', arguments: { command: 'make' } }]);
  const dsml = '<｜DSML｜function_calls>\n<｜DSML｜invoke name="read_file">\n<｜DSML｜parameter name="path" string="true">007</｜DSML｜parameter>\n<｜DSML｜parameter name="end_line" string="false">9</｜DSML｜parameter>\n</｜DSML｜invoke>\n</｜DSML｜function_calls>';
  assert.deepEqual(one(dsml), [{ name: 'read_file', arguments: { path: '007', end_line: 9 } }]);
});

test('Command-R action list with tool_name/parameters', () => {
  assert.deepEqual(one('<|START_ACTION|>[{"tool_call_id": "0", "tool_name": "run", "parameters": {"command": "ls"}}]<|END_ACTION|>'), [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('LFM2 pythonic inside <|tool_call_start|>', () => {
  assert.deepEqual(one('<|tool_call_start|>[run(command="ls -la")]<|tool_call_end|>'), [{ name: 'run', arguments: { command: 'ls -la' } }]);
});

test('MiniCPM <function name><param name> with CDATA', () => {
  assert.deepEqual(one('<function name="write_file"><param name="path">a.html</param><param name="content"><![CDATA[<b>x</b></param>]]></param></function>'), [
    { name: 'write_file', arguments: { path: 'a.html', content: '<b>x</b></param>' } },
  ]);
});

test('fenced JSON after a sentence of prose', () => {
  const r = parseToolCalls('I will read it.\n```json\n{"name": "read_file", "arguments": {"path": "x"}}\n```', { tools: ['read_file'] });
  assert.deepEqual(r.calls, [{ name: 'read_file', arguments: { path: 'x' } }]);
  assert.equal(r.content, 'I will read it.');
});

test('two calls on two lines without brackets', () => {
  assert.deepEqual(one('read_file(path="a")\nread_file(path="b")', ['read_file']), [
    { name: 'read_file', arguments: { path: 'a' } },
    { name: 'read_file', arguments: { path: 'b' } },
  ]);
});

test('leaked <end_of_turn> after a call', () => {
  assert.deepEqual(one('[run(command="ls")]\n<end_of_turn>', ['run']), [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('Seed-OSS <seed:tool_call> with its <seed:think> reasoning', () => {
  const r = parseToolCalls('<seed:think>plan</seed:think><seed:tool_call>\n<function=run>\n<parameter=command>ls</parameter>\n</function>\n</seed:tool_call>');
  assert.deepEqual(r.calls, [{ name: 'run', arguments: { command: 'ls' } }]);
  assert.equal(r.reasoning, 'plan');
});

test('OpenAI-like {tool_calls: [{function: {name, arguments: "<json string>"}}]} as text', () => {
  assert.deepEqual(one('{"tool_calls": [{"id": "1", "type": "function", "function": {"name": "run", "arguments": "{\\"command\\": \\"ls\\"}"}}]}'), [{ name: 'run', arguments: { command: 'ls' } }]);
});

test('markers inside a JSON string neither close the call nor open another (a test fixture, a parser\'s source)', () => {
  const content = 'const reply = `<tool_call>\\n{"name": "x"}\\n</tool_call>`;\nexport default reply;\n';
  const text = `I will add the fixture.\n<tool_call>\n${JSON.stringify({ name: 'write_file', arguments: { path: 'test/fixture.ts', content } })}\n</tool_call>\nDone.`;
  const r = parseToolCalls(text, { tools: ['write_file'] });
  assert.equal(r.calls.length, 1);
  assert.deepEqual(r.calls[0]!.arguments, { path: 'test/fixture.ts', content });
  assert.doesNotMatch(r.content, /tool_call|fixture\.ts/, 'nothing of the call is left in the prose');
  assert.match(r.content, /I will add the fixture\.[\s\S]*Done\./);
  // Two calls, the first holding a marker: both read, each whole.
  const two = `<tool_call>\n${JSON.stringify({ name: 'write_file', arguments: { path: 'a.md', content: 'Write </tool_call> to end a call.' } })}\n</tool_call>\n<tool_call>\n{"name": "read_file", "arguments": {"path": "b.md"}}\n</tool_call>`;
  assert.deepEqual(parseToolCalls(two, { tools: ['write_file', 'read_file'] }).calls.map((c) => [c.name, c.arguments]),
    [['write_file', { path: 'a.md', content: 'Write </tool_call> to end a call.' }], ['read_file', { path: 'b.md' }]]);
  // A whole call inside the content is data: never run, and the outer call is kept.
  const tools = ['write_file', 'run_command'];
  for (const inner of [
    'Example:\n<tool_call>\n<function=run_command>\n<parameter=command>rm -rf dist</parameter>\n</function>\n</tool_call>\n',
    'use <tool_call>name</tool_call> here',
    'Use <tool_call> to start a call.',
    '<tool_call>\n{"name": "run_command", "arguments": {"command": "rm -rf dist"}}\n</tool_call>',
  ]) {
    for (const gap of ['\n', '']) {
      const reply = `<tool_call>${gap}${JSON.stringify({ name: 'write_file', arguments: { path: 'test/fixture.ts', content: inner } })}${gap}</tool_call>`;
      assert.deepEqual(parseToolCalls(reply, { tools }).calls.map((c) => [c.name, c.arguments]), [['write_file', { path: 'test/fixture.ts', content: inner }]], `${JSON.stringify(inner)} ${JSON.stringify(gap)}`);
    }
  }
});
