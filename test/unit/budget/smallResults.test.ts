// What compaction leaves of a tool result: small results stay as they are (a stub longer than they are
// grows the prompt and loses whether the call worked), and a call that changed things keeps its first
// line and the checks' verdict, with a stub that says it already ran (not an invitation to run it again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest } from '../../../src/core/budget/contextBudget';
import { isEvictedResult } from '../../../src/core/budget/eviction';
import { heuristicCounter } from '../../../src/core/budget/tokenCounter';
import { messageTokens } from '../../../src/core/budget/messageTokens';
import { keptOnEviction } from '../../../src/core/tools/evictionKeeps';
import type { ChatMessage } from '../../../src/core/llm/types';

const counter = heuristicCounter;
const tokens = (ms: ChatMessage[]) => ms.reduce((n, m) => n + messageTokens(m, (t) => counter.count(t)), 0);
const call = (id: string, name: string, args: Record<string, unknown>): ChatMessage => ({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });
const result = (id: string, name: string, content: string): ChatMessage => ({ role: 'tool', tool_call_id: id, name, content });
const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i}: const value${i} = compute(${i});`).join('\n');
const verdict = 'Check found 1 error:\nsrc/a.ts:2:14 error TS1109: Expression expected.\nFix these errors next.';
const keepOnEviction = (tool: string | undefined, content: string) => keptOnEviction(tool, content);

/** An earlier task with a large read, then the given steps; a new task starts after it. */
function newTaskAfter(steps: ChatMessage[]) {
  const history: ChatMessage[] = [{ role: 'user', content: 'Fix add' }, call('c1', 'read_file', { path: 'src/a.ts' }), result('c1', 'read_file', lines(400, 'a')), ...steps, { role: 'assistant', content: 'Fixed.' }];
  return { history, built: buildRequest({ system: 'SYS', history, task: 'Next task', turn: [], sent: () => true }, { window: 8192, replyTokens: 1024, counter, keepOnEviction }) };
}

test('a compaction leaves small results as they are: a stub would be longer, and the model would lose whether its edit and command worked', () => {
  const ran = result('c2', 'run', 'Migrated 3 tables.');
  const edited = result('c3', 'patch', `Edited src/a.ts.\n\n${verdict}`);
  const looked = result('c4', 'search', 'src/a.ts:1: export function add');
  const { history, built } = newTaskAfter([call('c2', 'run', { command: 'npm run migrate' }), ran, call('c3', 'patch', { path: 'src/a.ts' }), edited, call('c4', 'search', { pattern: 'add' }), looked]);
  assert.equal(built.compacted, true, 'the large read goes');
  assert.equal(built.report.evictedResults, 1);
  assert.ok(isEvictedResult(built.history[2]!.content!));
  assert.deepEqual(built.history.filter((m) => m.role === 'tool').slice(1), [ran, edited, looked]);
  assert.ok(tokens(built.history) < tokens(history));
});

test('an earlier task\'s small results alone do not make a new task compact', () => {
  const history: ChatMessage[] = [{ role: 'user', content: 'Fix add' }];
  for (let i = 0; i < 40; i++) history.push(call(`r${i}`, 'run', { command: `npm test -- case${i}` }), result(`r${i}`, 'run', `case${i}: 3 passed.`), { role: 'assistant', content: `Case ${i}: ${lines(3, `n${i}`)}` });
  const built = buildRequest({ system: 'SYS', history, task: 'Next task', turn: [], sent: () => true }, { window: 8192, replyTokens: 1024, counter, keepOnEviction });
  assert.ok(tokens(history) > 8192 * 0.3, 'past the low-water mark');
  assert.equal(built.compacted, false);
  assert.deepEqual(built.history, history);
});

test('a large result of a call that changed things keeps its first line and the checks\' verdict, and says the call already ran', () => {
  const migrate = result('c2', 'run', `Migrated 3 tables.\n${lines(300, 'log')}`);
  const edit = result('c3', 'patch', `Edited src/a.ts: replaced lines 1-200.\n${lines(200, 'diff')}\n\n${verdict}`);
  const { built } = newTaskAfter([call('c2', 'run', { command: 'npm run migrate' }), migrate, call('c3', 'patch', { path: 'src/a.ts' }), edit]);
  const [, ran, edited] = built.history.filter((m) => m.role === 'tool').map((m) => m.content!);
  for (const stub of [ran!, edited!]) {
    assert.ok(isEvictedResult(stub), 'the budget knows its stub (never evicted twice; the governor sees the result as removed)');
    assert.match(stub, /already ran/);
    assert.match(stub, /do not run it again/);
    assert.doesNotMatch(stub, /Run the tool again/);
    assert.ok(counter.count(stub) < 80, stub);
  }
  assert.ok(ran!.startsWith('Migrated 3 tables.\n'), ran);
  assert.ok(edited!.startsWith('Edited src/a.ts: replaced lines 1-200.\n'), edited);
  assert.match(edited!, /Check found 1 error/);
  assert.equal(built.report.evictedResults, 3);
  // A stub is never evicted again: the next task keeps it byte for byte.
  const again = buildRequest({ system: 'SYS', history: [...built.history, { role: 'user', content: 'Next task' }, call('c9', 'read_file', { path: 'b.ts' }), result('c9', 'read_file', lines(400, 'b')), { role: 'assistant', content: 'ok' }], task: 'Third', turn: [], sent: () => true }, { window: 8192, replyTokens: 1024, counter, keepOnEviction });
  assert.deepEqual(again.history.slice(0, built.history.length), built.history);
});

test('a large read is replaced by the plain stub, which asks to read again if needed', () => {
  const { built } = newTaskAfter([]);
  assert.match(built.history[2]!.content!, /^\[read_file result removed to save context\. Run the tool again if you still need it\.\]$/);
});
