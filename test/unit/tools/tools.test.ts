import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TOOLS,
  categoryPrompt,
  measureRoutingSavings,
  openAITools,
  parseCategoryChoice,
  renderToolsAsText,
  toolsFor,
  toolsForCategory,
  validateToolCall,
} from '../../../src/core/tools';

test('registry holds the agent tools, each in a routing category', () => {
  assert.deepEqual(TOOLS.map((t) => t.name), ['read_file', 'write_file', 'patch', 'search', 'find_files', 'find_symbol', 'explain_symbol', 'run', 'todo', 'memory_remember', 'memory_load']);
  assert.deepEqual(toolsFor({ codeIndex: false }).map((t) => t.name), ['read_file', 'write_file', 'patch', 'search', 'find_files', 'run', 'todo', 'memory_remember', 'memory_load'], 'no index: its tools are not offered');
  for (const c of ['read', 'write', 'search', 'run', 'plan'] as const) assert.ok(toolsForCategory(c).length > 0, c);
});

test('OpenAI tools field comes from z.toJSONSchema without the $schema header', () => {
  const t = openAITools().find((x) => x.function.name === 'read_file')!;
  assert.equal(t.type, 'function');
  assert.equal(t.function.parameters.type, 'object');
  assert.deepEqual(t.function.parameters.required, ['path']);
  assert.equal('$schema' in t.function.parameters, false);
});

test('descriptions stay short', () => {
  for (const t of TOOLS) assert.ok(t.description.length <= 70, t.name);
});

test('compact text rendering lists each tool on one line with optional marks', () => {
  const text = renderToolsAsText();
  assert.match(text, /^read_file\(path: string, start_line\?: integer, end_line\?: integer\) - /m);
  assert.match(text, /todo\(steps: \{text: string, state: "pending"\|"doing"\|"done"\}\[\]\)/);
});

test('validation passes a good call', () => {
  const v = validateToolCall({ name: 'read_file', arguments: { path: 'a.ts', start_line: 2 } });
  assert.equal(v.ok, true);
});

test('unknown tool error lists the valid names', () => {
  const v = validateToolCall({ name: 'delete', arguments: {} });
  assert.equal(v.ok, false);
  assert.match(!v.ok ? v.error : '', /Unknown tool "delete"\. Use one of: read_file, write_file/);
});

test('errors are phrased for a small model: missing, wrong type, unknown parameter, enum', () => {
  const err = (name: string, args: Record<string, unknown>) => {
    const v = validateToolCall({ name, arguments: args });
    assert.equal(v.ok, false);
    return v.ok ? '' : v.error;
  };
  assert.match(err('read_file', {}), /missing required parameter "path" \(string\)/);
  assert.match(err('read_file', { path: 'a', start_line: 'x' }), /"start_line" must be number, got string/);
  assert.match(err('run', { command: 'ls', cwd: '/' }), /unknown parameter "cwd".*Parameters: command/);
  assert.match(err('todo', { steps: [{ text: 'a', state: 'maybe' }] }), /"steps\.0\.state" must be one of "pending", "doing", "done"/);
});

test('todo steps as models also write them: bare strings, status for state, the plan\'s state words', () => {
  const steps = (input: unknown) => {
    const v = validateToolCall({ name: 'todo', arguments: { steps: input } });
    assert.ok(v.ok, v.ok ? '' : v.error);
    return v.arguments.steps;
  };
  assert.deepEqual(steps(['Read file', 'Fix bug']), [{ text: 'Read file', state: 'pending' }, { text: 'Fix bug', state: 'pending' }]);
  assert.deepEqual(steps([{ text: 'Read', status: 'completed' }, { text: 'Fix', status: 'in_progress' }, { text: 'Test', status: 'pending' }]), [
    { text: 'Read', state: 'done' }, { text: 'Fix', state: 'doing' }, { text: 'Test', state: 'pending' },
  ]);
  assert.deepEqual(steps([{ step: 'Read', state: 'In Progress' }]), [{ text: 'Read', state: 'doing' }]);
  // `failed` is the loop's to set; a word that names no state is still reported against the enum
  const v = validateToolCall({ name: 'todo', arguments: { steps: [{ text: 'a', status: 'failed' }] } });
  assert.match(v.ok ? '' : v.error, /"steps\.0\.state" must be one of/);
});

test('category choice read forgivingly', () => {
  assert.equal(parseCategoryChoice('search'), 'search');
  assert.equal(parseCategoryChoice('<think>maybe run?</think> I will READ.'), 'read');
  assert.equal(parseCategoryChoice('patch'), 'write');
  assert.equal(parseCategoryChoice('done'), 'done');
  assert.equal(parseCategoryChoice('hmm'), 'done');
  assert.match(categoryPrompt(), /read: read a file/);
});

test('two-stage routing sends fewer schema tokens than all tools at once', () => {
  const s = measureRoutingSavings();
  assert.ok(s.meanTwoStage < s.allTools);
  assert.ok(s.savedFraction > 0.5);
  for (const c of ['read', 'write', 'search', 'run', 'plan'] as const) assert.ok(s.categoryPrompt + s.perCategory[c] < s.allTools, c);
});
