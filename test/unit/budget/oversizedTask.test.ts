// One task whose weight is in the model's own calls (write_file contents, never evicted) outgrows the
// window: the budget must drop its oldest steps once and decisively, say what they did, and keep the
// reply long enough for the next such call (a local server re-processes all that follows a change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest, type BuiltRequest } from '../../../src/core/budget/contextBudget';
import { heuristicCounter } from '../../../src/core/budget/tokenCounter';
import { messageTokens } from '../../../src/core/budget/messageTokens';
import { isRemovedStepsNote, removedStepsNote } from '../../../src/core/budget/removedSteps';
import type { ChatMessage } from '../../../src/core/llm/types';

const counter = heuristicCounter;
const fileText = (i: number) => Array.from({ length: 45 }, (_, k) => `export function f${i}_${k}(x: number): number { return x * ${k} + ${i}; }`).join('\n');
const write = (i: number): ChatMessage => ({ role: 'assistant', content: '', tool_calls: [{ id: `w${i}`, type: 'function', function: { name: 'write_file', arguments: JSON.stringify({ path: `src/gen${i}.ts`, content: fileText(i) }) } }] });
const wrote = (i: number): ChatMessage => ({ role: 'tool', tool_call_id: `w${i}`, name: 'write_file', content: `Created src/gen${i}.ts (45 lines).` });
const read = (id: string, path: string): ChatMessage => ({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path }) } }] });

/** Index of the first message that differs from the previous request (a prefix cache reuses all before it). */
function firstChanged(previous: ChatMessage[], next: ChatMessage[]): number {
  let i = 0;
  while (i < previous.length && JSON.stringify(previous[i]) === JSON.stringify(next[i])) i++;
  return i;
}

/** A task of `n` write_file steps (after one read), each request keeping what the previous one sent. */
function writeFiles(n: number, window: number, replyTokens = 2048): BuiltRequest[] {
  const sent = new WeakSet<ChatMessage>();
  let turn: ChatMessage[] = [];
  const requests: BuiltRequest[] = [];
  const steps = [[read('r', 'src/a.ts'), { role: 'tool', tool_call_id: 'r', name: 'read_file', content: 'export const a = 1;' } as ChatMessage], ...Array.from({ length: n }, (_, i) => [write(i), wrote(i)])];
  for (const step of steps) {
    const built = buildRequest({ system: 'SYS', history: [], task: 'Generate the helper modules', turn: [...turn, ...step], sent: (m) => sent.has(m) }, { window, replyTokens, counter });
    turn = built.turn;
    for (const m of turn) sent.add(m);
    requests.push(built);
  }
  return requests;
}

for (const [window, n] of [[8192, 14], [16_384, 20]] as const) {
  test(`a task of ${n} file writes at ${window}: compactions are decisive, the reply keeps room for the next write, the dropped steps are named (${window})`, () => {
    const requests = writeFiles(n, window);
    const writeTokens = messageTokens(write(0), (t) => counter.count(t));
    const compactions = requests.flatMap((r, i) => (r.compacted ? [i] : []));
    assert.ok(compactions.length > 0, 'the task outgrows the window');
    for (const [k, i] of compactions.entries()) {
      if (k > 0) assert.ok(i - compactions[k - 1]! >= 3, `at least two appends between compactions (compactions at ${compactions})`);
    }
    let reprocessed = 0;
    for (let i = 1; i < requests.length; i++) {
      const r = requests[i]!;
      const margin = r.report.sections.find((s) => s.name === 'margin')!.used;
      assert.ok(r.promptTokens + r.maxTokens + margin <= window, `request ${i} fits`);
      assert.ok(r.maxTokens >= Math.min(2048, Math.ceil(writeTokens * 1.2)), `request ${i} leaves room for a write_file as large as the last (${r.maxTokens} < 1.2 × ${writeTokens})`);
      const from = firstChanged(requests[i - 1]!.messages, r.messages);
      if (!r.compacted) assert.equal(from, requests[i - 1]!.messages.length, `request ${i} only appends`);
      reprocessed += r.messages.slice(from).reduce((s, m) => s + messageTokens(m, (t) => counter.count(t)), 0);
    }
    const appended = requests.slice(1).reduce((s, r, i) => s + Math.max(0, r.promptTokens - requests[i]!.promptTokens), 0);
    assert.ok(reprocessed < appended * 2.5, `re-processed ${reprocessed} vs appended ${appended}`);
    // The last request says which files the dropped steps wrote, in one note after the task.
    const last = requests.at(-1)!;
    const task = last.messages[1]!.content!;
    const kept = new Set(last.turn.flatMap((m) => (m.role === 'assistant' ? m.tool_calls ?? [] : []).map((c) => (JSON.parse(c.function.arguments) as { path: string }).path)));
    assert.ok(kept.size > 0 && kept.size < n, `some writes stay (${kept.size})`);
    for (let i = 0; i < n; i++) {
      const path = `src/gen${i}.ts`;
      assert.ok(kept.has(path) || task.includes(path), `${path} is either still sent or named in the note`);
    }
    assert.match(task, /Earlier steps of this task were removed to save context/);
    assert.match(task, /\n- read_file "src\/a\.ts"/);
    assert.equal(last.messages.filter((m) => m.content?.includes('Earlier steps of this task')).length, 1, 'one note');
  });
}

test('the note of removed steps is stable until the next drop, which merges into it', () => {
  const requests = writeFiles(14, 8192);
  const notes = requests.map((r) => r.turn[0]?.role === 'user' ? r.turn[0].content : undefined);
  const compactions = requests.flatMap((r, i) => (r.compacted ? [i] : []));
  const drops = compactions.filter((i) => notes[i] !== notes[i - 1]);
  assert.ok(drops.length >= 2, `dropped twice at least (${drops})`);
  for (let i = 1; i < requests.length; i++) if (!drops.includes(i)) assert.equal(notes[i], notes[i - 1], `request ${i} sends the same note`);
  const final = notes.at(-1)!;
  assert.match(final, /write_file "src\/gen0\.ts", "src\/gen1\.ts"/, 'the first drop\'s paths stay, in order');
  assert.equal(final.match(/write_file/g)!.length, 1, 'one entry per tool');
});

test('a task with nothing older to drop: the reply gives way below what the calls needed, the one step is sent whole, nothing overflows', () => {
  const window = 4096;
  const opts = { window, replyTokens: 1024, counter, safetyMargin: 0 };
  const base = buildRequest({ system: 'SYS', history: [], task: 'T', turn: [] }, opts);
  const huge = (lines: number): ChatMessage => ({ role: 'assistant', content: '', tool_calls: [{ id: 'h', type: 'function', function: { name: 'write_file', arguments: JSON.stringify({ path: 'big.ts', content: Array.from({ length: lines }, (_, k) => `export const v${k} = compute(${k}); // helper value`).join('\n') }) } }] });
  const done: ChatMessage = { role: 'tool', tool_call_id: 'h', name: 'write_file', content: 'Created big.ts.' };
  // 300 tokens over what the full reply reserve leaves
  let lines = 1;
  while (lines < 5000 && messageTokens(huge(lines + 1), (t) => counter.count(t)) < window - base.promptTokens - 1024 + 300) lines++;
  const built = buildRequest({ system: 'SYS', history: [], task: 'T', turn: [huge(lines), done] }, opts);
  assert.ok(built.promptTokens + built.maxTokens <= window);
  assert.ok(built.maxTokens < 1024 && built.maxTokens >= 512, `reply ${built.maxTokens}`);
  assert.deepEqual(built.turn, [huge(lines), done]);
});

test('the note names each tool once with its paths, counts what it cannot name, and merges a later drop into itself', () => {
  const first = removedStepsNote(undefined, [read('r', 'src/a.ts'), ...Array.from({ length: 18 }, (_, i) => write(i)), { role: 'assistant', content: '', tool_calls: [{ id: 't', type: 'function', function: { name: 'todo', arguments: '{"steps":[]}' } }] }]);
  assert.equal(first.role, 'user');
  assert.ok(isRemovedStepsNote(first));
  assert.match(first.content!, /^Earlier steps of this task were removed to save context\. They called:\n- read_file "src\/a\.ts"\n- write_file "src\/gen0\.ts", "src\/gen1\.ts", .*"src\/gen17\.ts"\n- todo$/);
  const second = removedStepsNote(first, [write(18), write(19), write(20), write(21), read('r2', 'src/a.ts'), read('r3', 'src/b.ts')]);
  assert.match(second.content!, /\n- read_file "src\/a\.ts", "src\/b\.ts"\n- write_file "src\/gen0\.ts", .*"src\/gen19\.ts" \(\+2 more\)\n- todo$/);
  assert.equal(removedStepsNote(second, [write(22)]).content, second.content!.replace('(+2 more)', '(+3 more)'));
  assert.ok(!isRemovedStepsNote({ role: 'user', content: 'Earlier steps were fine' }));
});
