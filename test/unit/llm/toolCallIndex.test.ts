// A streamed tool_calls delta's `index` is the server's word, not an array position: 1e9, -1 and "x"
// each still give their call, in order, reported at positions 0, 1, 2 (issue 14, item 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplayServer } from '../../support/replayServer';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { MAX_STREAMED_CALLS, ToolCallAssembler } from '../../../src/core/llm/toolCallDeltas';

test('odd indexes over real SSE: every call kept, positions normalised, no giant array', async () => {
  const server = await startReplayServer({ script: [{
    text: '', finishReason: 'tool_calls',
    toolCallDeltas: [
      { index: 1e9, id: 'a', type: 'function', function: { name: 'read_file', arguments: '' } },
      { index: 1e9, function: { arguments: '{"path":"a.ts"}' } },
      { index: -1, id: 'b', type: 'function', function: { name: 'find_files', arguments: '{"glob":' } },
      { index: -1, function: { arguments: '"*.ts"}' } },
      { index: 'x', id: 'c', type: 'function', function: { name: 'search', arguments: '{"pattern":"x"}' } },
    ],
  }] });
  try {
    const positions: number[] = [];
    const result = await new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0 }).stream(
      { messages: [{ role: 'user', content: 'go' }] }, { onToolCall: (i) => positions.push(i) });
    assert.deepEqual(result.toolCalls.map((c) => [c.id, c.function.name, c.function.arguments]), [
      ['a', 'read_file', '{"path":"a.ts"}'],
      ['b', 'find_files', '{"glob":"*.ts"}'],
      ['c', 'search', '{"pattern":"x"}'],
    ]);
    assert.deepEqual([...new Set(positions)], [0, 1, 2]);
  } finally { await server.close(); }
});

test('without an index: a fragment with a name starts a call, one without continues the last; ids match up', () => {
  const a = new ToolCallAssembler();
  a.add({ id: 'p', function: { name: 'patch', arguments: '{"path":' } });
  a.add({ function: { arguments: '"a"}' } });
  a.add({ function: { name: 'run', arguments: '{}' } });
  a.add({ id: 'p', function: { arguments: '' } });
  a.add({ index: '3', id: 'q', function: { name: 'todo', arguments: '{"steps":[]}' } });
  assert.deepEqual(a.result().map((c) => [c.id, c.function.name, c.function.arguments]), [
    ['p', 'patch', '{"path":"a"}'], ['call_1', 'run', '{}'], ['q', 'todo', '{"steps":[]}'],
  ]);
});

test('a flood of distinct indexes stops at a bound instead of growing without end', () => {
  const a = new ToolCallAssembler();
  for (let i = 0; i < 10_000; i++) a.add({ index: i * 1000, id: `c${i}`, function: { name: 'run', arguments: '{}' } });
  assert.equal(a.result().length, MAX_STREAMED_CALLS);
});

test('Ollama /v1 sends every call at index 0 with its own id: each is its own call over real SSE', async () => {
  const server = await startReplayServer({ script: [{
    text: '', finishReason: 'tool_calls',
    toolCallDeltas: [
      { index: 0, id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
      { index: 0, id: 'call_b', type: 'function', function: { name: 'read_file', arguments: '{"path":' } },
      // a continuation: no id, or the same id and the name sent again
      { index: 0, function: { arguments: '"b.ts"' } },
      { index: 0, id: 'call_b', type: 'function', function: { name: 'read_file', arguments: '}' } },
    ],
  }] });
  try {
    const positions: number[] = [];
    const result = await new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0 }).stream(
      { messages: [{ role: 'user', content: 'go' }] }, { onToolCall: (i) => positions.push(i) });
    assert.deepEqual(result.toolCalls.map((c) => [c.id, c.function.name, c.function.arguments]), [
      ['call_a', 'read_file', '{"path":"a.ts"}'],
      ['call_b', 'read_file', '{"path":"b.ts"}'],
    ]);
    assert.deepEqual(positions, [0, 1, 1, 1]);
  } finally { await server.close(); }
});

test('a name streamed in pieces is still joined; a fragment for an earlier id goes back to that call', () => {
  const a = new ToolCallAssembler();
  a.add({ index: 0, id: 'x', function: { name: 'read_', arguments: '' } });
  a.add({ index: 0, function: { name: 'file', arguments: '{"path":"a"}' } });
  a.add({ index: 0, id: 'y', function: { name: 'search', arguments: '{"pattern":' } });
  a.add({ index: 0, id: 'x', function: { arguments: '' } });
  a.add({ index: 0, id: 'y', function: { arguments: '"q"}' } });
  assert.deepEqual(a.result().map((c) => [c.id, c.function.name, c.function.arguments]), [
    ['x', 'read_file', '{"path":"a"}'],
    ['y', 'search', '{"pattern":"q"}'],
  ]);
});

test('a fresh id on every fragment of one call (mlx-openai-server, Poolside): the arguments stay whole', () => {
  const a = new ToolCallAssembler();
  a.add({ index: 0, id: 'call_A1', function: { name: 'read_file', arguments: '{"pa' } });
  a.add({ index: 0, id: 'call_B2', function: { arguments: 'th": "src/a' } });
  a.add({ index: 0, id: 'call_C3', function: { arguments: '.ts"}' } });
  assert.deepEqual(a.result().map((c) => [c.id, c.function.name, c.function.arguments]), [['call_A1', 'read_file', '{"path": "src/a.ts"}']]);
});

test('LocalAI sends a call again (or goes on with it) under another index with its id: one call, run once, over real SSE', async () => {
  const server = await startReplayServer({ script: [{
    text: '', finishReason: 'tool_calls',
    toolCallDeltas: [
      { index: 0, id: 'LipwoT0p', type: 'function', function: { name: 'run', arguments: '{"command": "npm install left-pad"}' } },
      { index: 1, id: 'LipwoT0p', type: 'function', function: { name: 'run', arguments: '{"command": "npm install left-pad"}' } },
      { index: 2, id: 'X1', type: 'function', function: { name: 'read_file', arguments: '{"path": ' } },
      { index: 3, id: 'X1', function: { arguments: '"src/a.ts"}' } },
    ],
  }] });
  try {
    const result = await new ChatClient({ baseUrl: server.baseUrl, model: 'm', retries: 0 }).stream({ messages: [{ role: 'user', content: 'go' }] });
    assert.deepEqual(result.toolCalls.map((c) => [c.id, c.function.name, c.function.arguments]), [
      ['LipwoT0p', 'run', '{"command": "npm install left-pad"}'],
      ['X1', 'read_file', '{"path": "src/a.ts"}'],
    ]);
  } finally { await server.close(); }
});
