import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest, BudgetError, formatBudgetReport, learnFromUsage } from '../../../src/core/budget/contextBudget';
import { CalibratedCounter } from '../../../src/core/budget/calibratedCounter';
import { heuristicCounter, estimateTokens } from '../../../src/core/budget/tokenCounter';
import { promptTokens } from '../../../src/core/budget/messageTokens';
import { truncateToTokens } from '../../../src/core/budget/truncate';
import type { ChatMessage } from '../../../src/core/llm/types';

const counter = heuristicCounter;
const big = (n: number, tag = 'x') => Array.from({ length: n }, (_, i) => `line ${i} ${tag} const value${i} = compute(${i});`).join('\n');
const call = (id: string): ChatMessage => ({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name: 'read_file', arguments: `{"path":"f${id}.ts"}` } }] });
const result = (id: string, text: string): ChatMessage => ({ role: 'tool', tool_call_id: id, name: 'read_file', content: text });

test('a small request is sent whole, in order: system, history, task, turn', () => {
  const history: ChatMessage[] = [{ role: 'user', content: 'old task' }, { role: 'assistant', content: 'done' }];
  const built = buildRequest({ system: 'SYS', memory: 'mem', plan: 'plan', history, task: 'TASK', turn: [call('1'), result('1', 'short')] }, { window: 8192, replyTokens: 1024, counter });
  assert.deepEqual(built.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user', 'assistant', 'tool']);
  assert.match(built.messages[0]!.content!, /^SYS\n\n## Memory\nmem\n\n## Plan\nplan$/);
  assert.equal(built.messages[3]!.content, 'TASK');
  assert.equal(built.maxTokens, 1024);
  assert.equal(built.droppedHistory, 0);
  assert.equal(built.promptTokens, promptTokens(built.messages, undefined, estimateTokens));
});

test('a huge tool result is cut with a pointer to read on', () => {
  const built = buildRequest({ system: 'SYS', history: [], task: 'T', turn: [call('1'), result('1', big(3000))] }, { window: 8192, replyTokens: 1024, counter, toolResultCap: 1000 });
  const content = built.messages.at(-1)!.content!;
  assert.ok(estimateTokens(content) <= 1000);
  assert.match(content, /showing lines 1–\d+ of 3000\. To see more, read lines \d+–3000/);
  assert.equal(built.report.truncatedResults, 1);
});

test('old results of this turn are evicted first; the newest stay', () => {
  const turn = ['1', '2', '3', '4', '5'].flatMap((id) => [call(id), result(id, big(120, id))]);
  const built = buildRequest({ system: 'SYS', history: [], task: 'T', turn }, { window: 8192, replyTokens: 1024, counter });
  const results = built.messages.filter((m) => m.role === 'tool').map((m) => m.content!);
  assert.equal(results.length, 5, 'calls keep their (stub) results');
  assert.match(results[0]!, /removed to save context/);
  assert.ok(!/removed/.test(results[4]!) && !/removed/.test(results[3]!));
  assert.ok(built.promptTokens + built.maxTokens + built.report.sections.find((s) => s.name === 'margin')!.used <= 8192);
});

test('history is dropped by whole turns from the oldest, and reported for summarising', () => {
  const history: ChatMessage[] = [];
  for (let t = 0; t < 8; t++) history.push({ role: 'user', content: `task ${t}` }, call(`h${t}`), result(`h${t}`, big(80, `h${t}`)), { role: 'assistant', content: `answer ${t}\n${big(40, 'a')}` });
  const built = buildRequest({ system: 'SYS', history, task: 'NOW', turn: [], summary: 'earlier: stuff' }, { window: 4096, replyTokens: 512, counter });
  assert.ok(built.droppedHistory > 0);
  assert.equal(built.droppedHistory % 4, 0, 'whole turns');
  assert.equal(built.messages[1]!.role, 'user', 'history resumes at a turn start');
  assert.match(built.messages[0]!.content!, /summary\)\nearlier: stuff/);
  assert.ok(built.messages.some((m) => m.content === 'NOW'));
  const ids = new Set(built.messages.flatMap((m) => (m.role === 'assistant' ? m.tool_calls ?? [] : []).map((c) => c.id)));
  for (const m of built.messages) if (m.role === 'tool') assert.ok(ids.has(m.tool_call_id), 'no orphan tool result');
});

test('when the essentials alone barely fit, the reply reserve shrinks; when they cannot, it refuses', () => {
  const system = big(100);
  const sys = estimateTokens(system);
  const built = buildRequest({ system, history: [], task: 'T', turn: [] }, { window: sys + 900, replyTokens: 2048, counter, safetyMargin: 0 });
  assert.ok(built.maxTokens < 2048 && built.maxTokens >= 512);
  assert.throws(() => buildRequest({ system, history: [], task: 'T', turn: [] }, { window: sys, replyTokens: 2048, counter }), BudgetError);
});

test('the report adds up and reads well', () => {
  const built = buildRequest({ system: 'SYS', memory: 'm', history: [], task: 'T', turn: [call('1'), result('1', big(50))] }, { window: 8192, replyTokens: 1024, counter });
  const r = built.report;
  assert.equal(r.used + r.free, 8192);
  const prompt = r.sections.filter((s) => !['reply', 'margin'].includes(s.name)).reduce((n, s) => n + s.used, 0);
  assert.ok(Math.abs(prompt - built.promptTokens) <= 8, `${prompt} vs ${built.promptTokens}`);
  const lines = formatBudgetReport(r);
  assert.match(lines[0]!, /Context window 8,192 tokens/);
  assert.ok(lines.some((l) => /^turn\s+\d/.test(l)));
});

test('calibration learns the server\'s ratio and tightens the margin', () => {
  const c = new CalibratedCounter(heuristicCounter);
  const messages: ChatMessage[] = [{ role: 'user', content: big(40) }];
  const ours = promptTokens(messages, undefined, estimateTokens);
  learnFromUsage(c, { messages }, Math.round(ours * 1.2));
  learnFromUsage(c, { messages }, Math.round(ours * 1.2));
  assert.ok(Math.abs(c.scale - 1.2) < 0.01, String(c.scale));
  assert.ok(c.count(big(40)) > estimateTokens(big(40)));
  assert.match(c.name, /calibrated ×1\.(19|20)/);
  // Over-counts relax the ratio only slowly (under-counting is what overflows).
  learnFromUsage(c, { messages }, Math.round(ours * 0.8));
  assert.ok(c.scale > 1.17);
});

test('truncation keeps a line-aligned head and leaves short text alone', () => {
  const text = big(500);
  const t = truncateToTokens(text, 300, counter);
  assert.ok(t.truncated && estimateTokens(t.text) <= 300);
  assert.ok(text.startsWith(t.text.split('\n[…')[0]!));
  assert.deepEqual(truncateToTokens('short', 300, counter), { text: 'short', truncated: false, shownLines: 1, totalLines: 1 });
});
