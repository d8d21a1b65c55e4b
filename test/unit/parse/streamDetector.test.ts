import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createToolCallDetector } from '../../../src/core/parse';

function feed(chunks: string[]) {
  const d = createToolCallDetector();
  let last = { visible: '', callStarted: false };
  const seen: string[] = [];
  for (const c of chunks) {
    last = d.push(c);
    seen.push(last.visible);
  }
  return { last, seen };
}

test('prose streams through unchanged', () => {
  const { last } = feed(['Hello, ', 'world.']);
  assert.deepEqual({ visible: last.visible, callStarted: last.callStarted }, { visible: 'Hello, world.', callStarted: false });
});

test('an opener split across chunks is held back, never shown', () => {
  const { last, seen } = feed(['Let me look. <tool', '_call>{"name": "run"']);
  assert.equal(last.callStarted, true);
  assert.equal(last.visible, 'Let me look. ');
  assert.ok(seen.every((v) => !v.includes('<tool')));
});

test('bare JSON call and whole-message pythonic are detected', () => {
  assert.equal(feed(['{"na', 'me": "run", "arguments": {}}']).last.callStarted, true);
  assert.equal(feed(['[read_', 'file(path="a")]']).last.callStarted, true);
  assert.equal(feed(['[read_', 'file(path="a")]']).seen.join(''), '');
});

test('special-token dialects are detected (Kimi, DeepSeek, Mistral, harmony)', () => {
  for (const t of ['<|tool_calls_section_begin|>', '<｜tool▁calls▁begin｜>', '[TOOL_CALLS]', '<|channel|>commentary to=functions.run']) {
    assert.equal(feed(['ok ', t]).last.callStarted, true, t);
  }
});

test('visible text only grows', () => {
  const { seen } = feed(['a <', 'b> c', ' d']);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.startsWith(seen[i - 1]!));
  assert.equal(seen.at(-1), 'a <b> c d');
});

function feedWith(tools: string[], chunks: string[]) {
  const d = createToolCallDetector({ tools });
  let last = { visible: '', callStarted: false };
  for (const c of chunks) last = d.push(c);
  return { visible: last.visible, callStarted: last.callStarted };
}

const TOOLS = ['read_file', 'run', 'patch'];

test('with the tools known, an answer opening with code streams as text', () => {
  assert.deepEqual(feedWith(TOOLS, ['mul', '() now doubles', ' its input.']), { visible: 'mul() now doubles its input.', callStarted: false });
  assert.deepEqual(feedWith(TOOLS, ['print(x) shows ', 'the value.']), { visible: 'print(x) shows the value.', callStarted: false });
});

test('with the tools known, the text-editor tool (str_replace_editor) is a call as it streams, its name held back, never shown', () => {
  const d = createToolCallDetector({ tools: TOOLS });
  const seen: string[] = [];
  for (const c of ['str_repl', 'ace_edi', 'tor(command="view", path="a.ts")']) seen.push(d.push(c).visible);
  assert.deepEqual(seen, ['', '', '']);
  assert.equal(feedWith(TOOLS, ['{"name": "str_replace_editor", "arguments": {"command": "view", "path": "a.ts"}}']).callStarted, true);
  // without a tool its commands become, it is no call of ours
  assert.deepEqual(feedWith(['run'], ['str_replace_editor(command="view")']), { visible: 'str_replace_editor(command="view")', callStarted: false });
});

test('with the tools known, a bare call to one of them is still a call, hidden from the start', () => {
  const seen: string[] = [];
  const d = createToolCallDetector({ tools: TOOLS });
  for (const c of ['read_', 'file(path=', '"a.ts")']) seen.push(d.push(c).visible);
  assert.deepEqual(seen, ['', '', '']);
  assert.equal(feedWith(TOOLS, ['readFile(path="a")']).callStarted, true, 'names are matched as forgivingly as the parser does');
  assert.equal(feedWith(TOOLS, ['run.call(command="ls")']).callStarted, true);
});

test('with the tools known, the list form [name( is a call whatever the name', () => {
  assert.equal(feedWith(TOOLS, ['[get_we', 'ather(city="Paris")]']).callStarted, true);
  assert.equal(feedWith(TOOLS, ['[get_we', 'ather(city="Paris")]']).visible, '');
});

test('a word that could still become a tool name is held only while it could', () => {
  const d = createToolCallDetector({ tools: TOOLS });
  assert.equal(d.push('Ru').visible, '');
  assert.equal(d.push('nning the tests now.').visible, 'Running the tests now.');
});

import { assertScalesLinearly } from '../../support/linear';

test('the detector is incremental: prose in 4-character chunks costs linear time (size ratio)', () => {
  const prose = 'The quick brown fox jumps over the lazy dog; {braces} and [brackets] and <tags> too. ';
  const stream = (text: string) => {
    const d = createToolCallDetector({ tools: TOOLS });
    let shown = 0;
    for (let i = 0; i < text.length; i += 4) shown += d.push(text.slice(i, i + 4)).delta.length;
    assert.equal(shown, text.length);
  };
  assertScalesLinearly('prose', (n) => prose.repeat(n), stream, 400);
  // a `{` followed by a long word, and a long run of spaces, are not held back without end
  assertScalesLinearly('held tails', (n) => `{${'x'.repeat(n * 40)} ${' '.repeat(n * 40)}.`, stream, 400);
});

test('delta is exactly what became visible with this chunk', () => {
  const d = createToolCallDetector({ tools: TOOLS });
  let all = '';
  for (const c of ['Hello ', '<tool', '_ca', 'n be text', '. Then <tool_call>{"name": "run"']) all += d.push(c).delta;
  assert.equal(all, 'Hello <tool_can be text. Then ');
  assert.equal(d.push(' more').delta, '');
});

function feedSplit(chunks: string[]) {
  const d = createToolCallDetector({ tools: TOOLS });
  let shown = '';
  let thought = '';
  let started = false;
  for (const c of chunks) {
    const s = d.push(c);
    shown += s.delta;
    thought += s.reasoningDelta;
    started = s.callStarted;
  }
  return { shown, thought, started };
}

test('inline reasoning that opens the reply goes to reasoningDelta, in any chunking, never to the visible text', () => {
  const reply = '<think>\nI should read a.py first.\n</think>\n<tool_call>{"name": "read_file", "arguments": {"path": "a.py"}}</tool_call>';
  for (const size of [1, 3, 8, 1000]) {
    const chunks = reply.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
    assert.deepEqual(feedSplit(chunks), { shown: '', thought: '\nI should read a.py first.\n', started: true }, `chunks of ${size}`);
  }
  assert.deepEqual(feedSplit(['  [THI', 'NK]plan[/THINK]', '\n\nIt is 4.']), { shown: 'It is 4.', thought: 'plan', started: false });
  // two blocks in a row, then the answer
  assert.deepEqual(feedSplit(['<think>a</think><seed:think>b</seed:think>Done.']), { shown: 'Done.', thought: 'ab', started: false });
});

test('a reasoning tag later in an answer, or a reply that only starts like one, is text', () => {
  assert.deepEqual(feedSplit(['Use the <think>', ' tag for reasoning.']), { shown: 'Use the <think> tag for reasoning.', thought: '', started: false });
  assert.deepEqual(feedSplit(['<', 'b>bold</b> text.']), { shown: '<b>bold</b> text.', thought: '', started: false });
  assert.deepEqual(feedSplit(['[', 'read_file(path="a")]']).started, true);
});
