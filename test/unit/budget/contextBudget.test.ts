import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest, BudgetError, formatBudgetReport, learnFromUsage, SUMMARY_HEADING } from '../../../src/core/budget/contextBudget';
import { evictedResult, isEvictedResult } from '../../../src/core/budget/eviction';
import { CalibratedCounter } from '../../../src/core/budget/calibratedCounter';
import { heuristicCounter, estimateTokens } from '../../../src/core/budget/tokenCounter';
import { promptTokens } from '../../../src/core/budget/messageTokens';
import { keepHeadAndTail, truncateToTokens } from '../../../src/core/budget/truncate';
import type { ChatMessage } from '../../../src/core/llm/types';

const counter = heuristicCounter;
const big = (n: number, tag = 'x') => Array.from({ length: n }, (_, i) => `line ${i} ${tag} const value${i} = compute(${i});`).join('\n');
const call = (id: string): ChatMessage => ({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name: 'read_file', arguments: `{"path":"f${id}.ts"}` } }] });
const result = (id: string, text: string): ChatMessage => ({ role: 'tool', tool_call_id: id, name: 'read_file', content: text });

test('a small request is sent whole, in order: system, history, task, turn; the system prompt is the given text', () => {
  const history: ChatMessage[] = [{ role: 'user', content: 'old task' }, { role: 'assistant', content: 'done' }];
  const built = buildRequest({ system: 'SYS', history, task: 'TASK', turn: [call('1'), result('1', 'short')] }, { window: 8192, replyTokens: 1024, counter });
  assert.deepEqual(built.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user', 'assistant', 'tool']);
  assert.equal(built.messages[0]!.content, 'SYS');
  assert.equal(built.messages[3]!.content, 'TASK');
  assert.equal(built.maxTokens, 1024);
  assert.equal(built.compacted, false);
  assert.deepEqual(built.dropped, []);
  assert.equal(built.promptTokens, promptTokens(built.messages, undefined, estimateTokens));
});

test('a huge tool result is cut once, with a pointer to read on; once sent, it is never cut again', () => {
  const built = buildRequest({ system: 'SYS', history: [], task: 'T', turn: [call('1'), result('1', big(3000))] }, { window: 8192, replyTokens: 1024, counter, toolResultCap: 1000 });
  const content = built.messages.at(-1)!.content!;
  assert.ok(estimateTokens(content) <= 1000);
  assert.match(content, /cut to fit the context: \d+ of 3000 lines not shown\. Ask for less at a time/);
  assert.doesNotMatch(content, /read lines/, 'lines of a result are not lines any tool reads');
  assert.equal(built.report.truncatedResults, 1);
  // The counter now counts 30 % more (calibration): a new result is cut shorter, the sent one stays as sent.
  const scaled = { name: 'scaled', exact: false, count: (t: string) => Math.ceil(estimateTokens(t) * 1.3) };
  const sent = new Set(built.turn);
  const again = buildRequest({ system: 'SYS', history: [], task: 'T', turn: [...built.turn, call('2'), result('2', big(3000))], sent: (m) => sent.has(m) },
    { window: 8192, replyTokens: 1024, counter: scaled, toolResultCap: 1000 });
  assert.equal(again.messages[3]!.content, content);
  assert.ok(again.messages.at(-1)!.content!.length < content.length);
});

/** A session that only grows: each step adds a call and a result of `lines` lines, keeping what each request sent. */
function grow(steps: number, lines: number, opts: { window: number; history?: ChatMessage[] }) {
  const sent = new WeakSet<ChatMessage>();
  let history = opts.history ?? [];
  let turn: ChatMessage[] = [];
  const requests = [];
  for (let i = 0; i < steps; i++) {
    const built = buildRequest({ system: 'SYS', history, task: 'TASK', turn: [...turn, call(`${i}`), result(`${i}`, big(lines, `r${i}`))], sent: (m) => sent.has(m) },
      { window: opts.window, replyTokens: 1024, counter });
    ({ history, turn } = built);
    for (const m of [...history, ...turn]) sent.add(m);
    requests.push(built);
  }
  return requests;
}

/** Whether `next` starts with every message of `previous` unchanged (a prefix cache reuses all of it). */
const extends_ = (previous: ChatMessage[], next: ChatMessage[]) => previous.every((m, i) => JSON.stringify(m) === JSON.stringify(next[i]));

test('the conversation only grows until the high-water mark, compacts once to the low-water mark, then grows again', () => {
  const requests = grow(24, 40, { window: 8192 });
  const compactions = requests.flatMap((r, i) => (r.compacted ? [i] : []));
  assert.ok(compactions.length >= 1 && compactions.length <= 3, `compactions at ${compactions}`);
  for (let i = 1; i < requests.length; i++) {
    if (requests[i]!.compacted) continue;
    assert.ok(extends_(requests[i - 1]!.messages, requests[i]!.messages), `request ${i} re-sends request ${i - 1} byte for byte`);
  }
  for (const i of compactions) {
    const r = requests[i]!;
    const room = r.report.window - r.maxTokens - r.report.sections.find((s) => s.name === 'margin')!.used;
    assert.ok(r.promptTokens <= room, 'fits');
    assert.ok(requests[i - 1]!.promptTokens > room * 0.6 && r.promptTokens < room * 0.65, `compacted from ${requests[i - 1]!.promptTokens} to ${r.promptTokens} of ${room}`);
    assert.ok(!compactions.includes(i + 1), 'no compaction right after one');
    const results = r.messages.filter((m) => m.role === 'tool');
    assert.ok(!isEvictedResult(results.at(-1)!.content) && !isEvictedResult(results.at(-2)!.content), 'the newest results stay');
    assert.match(results[0]!.content, /^\[read_file result removed to save context/);
  }
});

test('large results: a compaction keeps only what fits half the low-water mark, so the next requests append again', () => {
  // Each read is cut to a quarter of the window: two of them kept used to leave the conversation above
  // the low-water mark, and every other request compacted again.
  const requests = grow(12, 2000, { window: 16_384 });
  const compactions = requests.flatMap((r, i) => (r.compacted ? [i] : []));
  assert.ok(compactions.length <= 3, `compactions at ${compactions}`);
  for (const [k, i] of compactions.entries()) {
    if (k > 0) assert.ok(i - compactions[k - 1]! >= 3, `two requests append between compactions (${compactions})`);
    const results = requests[i]!.messages.filter((m) => m.role === 'tool');
    assert.ok(!isEvictedResult(results.at(-1)!.content), 'the result the model has not seen yet stays');
  }
});

test('a compaction never removes results the model has not seen yet', () => {
  const sent = new Set<ChatMessage>();
  const seen = [call('1'), result('1', big(300, 'a')), call('2'), result('2', big(300, 'b'))];
  for (const m of seen) sent.add(m);
  const fresh = [call('3'), result('3', big(120, 'c')), call('4'), result('4', big(120, 'd')), call('5'), result('5', big(120, 'e'))];
  const built = buildRequest({ system: 'SYS', history: [], task: 'TASK', turn: [...seen, ...fresh], sent: (m) => sent.has(m) }, { window: 8192, replyTokens: 1024, counter });
  assert.equal(built.compacted, true);
  const results = built.turn.filter((m) => m.role === 'tool');
  assert.deepEqual(results.map((m) => isEvictedResult(m.content)), [true, true, false, false, false]);
});

test('a new task compacts the earlier ones once they pass the low-water mark: all their results go, nothing else', () => {
  const earlier = (n: number): ChatMessage[] => [{ role: 'user', content: 'first task' }, ...Array.from({ length: n }, (_, i) => [call(`h${i}`), result(`h${i}`, big(60, `h${i}`))]).flat(), { role: 'assistant', content: 'first answer' }];
  const small = buildRequest({ system: 'SYS', history: earlier(2), task: 'second task', turn: [] }, { window: 8192, replyTokens: 1024, counter });
  assert.equal(small.compacted, false, 'below the low-water mark the earlier task is sent as it was');
  const large = buildRequest({ system: 'SYS', history: earlier(5), task: 'second task', turn: [] }, { window: 8192, replyTokens: 1024, counter });
  assert.equal(large.compacted, true);
  assert.equal(large.report.evictedResults, 5);
  assert.ok(large.history.filter((m) => m.role === 'tool').every((m) => isEvictedResult(m.content)));
  assert.deepEqual(large.history.filter((m) => m.role !== 'tool'), earlier(5).filter((m) => m.role !== 'tool'));
  assert.deepEqual(large.dropped, []);
});

test('history is dropped by whole turns from the oldest, reported for summarising; the summary leads the conversation', () => {
  const history: ChatMessage[] = [];
  for (let t = 0; t < 8; t++) history.push({ role: 'user', content: `task ${t}` }, call(`h${t}`), result(`h${t}`, big(80, `h${t}`)), { role: 'assistant', content: `answer ${t}\n${big(40, 'a')}` });
  const built = buildRequest({ system: 'SYS', history, task: 'NOW', turn: [], summary: 'earlier: stuff' }, { window: 4096, replyTokens: 512, counter });
  assert.ok(built.dropped.length > 0);
  assert.equal(built.dropped.length % 4, 0, 'whole turns');
  assert.deepEqual(built.dropped, history.slice(0, built.dropped.length).map((m) => (m.role === 'tool' ? { ...m, content: evictedResult('read_file') } : m)));
  assert.equal(built.messages[0]!.content, 'SYS');
  assert.equal(built.messages[1]!.role, 'user');
  assert.ok(built.messages[1]!.content!.startsWith(`${SUMMARY_HEADING}earlier: stuff\n\ntask `), 'the summary joins the first user message');
  assert.ok(built.messages.some((m) => m.role === 'user' && m.content!.endsWith('NOW')));
  const ids = new Set(built.messages.flatMap((m) => (m.role === 'assistant' ? m.tool_calls ?? [] : []).map((c) => c.id)));
  for (const m of built.messages) if (m.role === 'tool') assert.ok(ids.has(m.tool_call_id), 'no orphan tool result');
});

test('one task alone over the window: its newest results are cut, its oldest steps dropped, and it still fits', () => {
  const turn = ['1', '2', '3'].flatMap((id) => [call(id), result(id, big(400, id))]);
  const built = buildRequest({ system: 'SYS', history: [], task: 'T', turn }, { window: 4096, replyTokens: 512, counter, keepRecentResults: 3, toolResultCap: 3000 });
  assert.equal(built.compacted, true);
  assert.ok(built.promptTokens + built.maxTokens + built.report.sections.find((s) => s.name === 'margin')!.used <= 4096);
  assert.equal(built.messages.at(-1)!.role, 'tool');
});

test('one task alone over the room: the reply reserve gives way first, only as far as needed and down to its minimum, before a result is cut', () => {
  const window = 4096;
  const opts = { window, replyTokens: 1024, counter, safetyMargin: 0 };
  const fits = (b: ReturnType<typeof buildRequest>) => b.promptTokens + b.maxTokens <= window;
  const system = big(185, 'sys'); // a prefix of ~3k tokens, as tool schemas and a repo map take at 4k
  // Slightly over what the whole reserve leaves: the reply shrinks a little, the result is sent whole.
  const base = buildRequest({ system, history: [], task: 'T', turn: [] }, opts);
  let lines = 1;
  while (estimateTokens(big(lines + 1)) < window - base.promptTokens - 1024 + 100) lines++;
  const slight = buildRequest({ system, history: [], task: 'T', turn: [call('1'), result('1', big(lines))] }, opts);
  assert.equal(slight.report.truncatedResults, 0);
  assert.equal(slight.messages.at(-1)!.content, big(lines));
  assert.ok(slight.maxTokens < 1024 && slight.maxTokens > 512, `reply ${slight.maxTokens}`);
  assert.ok(fits(slight));
  assert.equal(slight.compacted, false, 'a shorter reply leaves the prompt as it was: nothing to report or rebuild');
  // Far over: the reply is at its minimum, and the result takes what the reserve gave up.
  const far = buildRequest({ system, history: [], task: 'T', turn: [call('1'), result('1', big(400))] }, opts);
  assert.equal(far.maxTokens, 512);
  assert.ok(far.report.truncatedResults > 0);
  assert.ok(estimateTokens(far.messages.at(-1)!.content!) > window - base.promptTokens - 1024, 'the result got the reserve given up');
  assert.ok(fits(far));
  assert.equal(far.compacted, true);
});

test('a small earlier conversation is not dropped for a summary larger than itself when this task alone passes the mark', () => {
  const history: ChatMessage[] = [{ role: 'user', content: 'Where is parseConfig?' }, { role: 'assistant', content: 'In src/config.ts.' }];
  const turn = [call('1'), result('1', big(200, 'a')), call('2'), result('2', big(200, 'b'))];
  const sent = new Set<ChatMessage>([...history, ...turn.slice(0, 3)]);
  const built = buildRequest({ system: `You are SmallCode.\n${'rule line. '.repeat(300)}`, history, task: 'T', turn, sent: (m) => sent.has(m) }, { window: 8192, replyTokens: 2048, counter });
  assert.equal(built.compacted, true);
  assert.deepEqual(built.dropped, []);
  assert.deepEqual(built.history, history);
});

test('when this task alone passes the mark and the whole does not fit, every earlier turn goes at once (the next step would need the rest gone anyway)', () => {
  const window = 8192;
  const history: ChatMessage[] = [];
  for (let t = 0; t < 24; t++) history.push({ role: 'user', content: `task ${t}` }, { role: 'assistant', content: `answer ${t}\n${big(12, 'a')}` });
  const turn = [call('1'), result('1', big(160, 'a')), call('2'), result('2', big(160, 'b'))];
  const sent = new Set<ChatMessage>([...history, ...turn.slice(0, 3)]);
  const built = buildRequest({ system: 'SYS', history, task: 'T', turn, sent: (m) => sent.has(m) }, { window, replyTokens: 2048, counter });
  assert.equal(built.compacted, true);
  assert.ok(built.dropped.length > 0, 'some earlier turns go: the whole would not fit');
  assert.deepEqual(built.history, [], 'all of them, in one drop');
  assert.deepEqual(built.dropped, history);
  // With the largest summary added next time, the request still fits.
  const margin = built.report.sections.find((s) => s.name === 'margin')!.used;
  assert.ok(built.promptTokens + Math.floor(window * 0.1) + 2048 + margin <= window + 16);
});

test('the eviction marker has one owner: a stub is recognised and never evicted twice', () => {
  assert.ok(isEvictedResult(evictedResult('read_file')));
  assert.ok(isEvictedResult(evictedResult(undefined)));
  assert.ok(!isEvictedResult('[read_file] some output removed'));
  const history: ChatMessage[] = [{ role: 'user', content: 'a' }, call('1'), { ...result('1', ''), content: evictedResult('read_file') }, call('2'), result('2', big(200))];
  const built = buildRequest({ system: 'SYS', history, task: 'T', turn: [] }, { window: 8192, replyTokens: 1024, counter, lowWater: 0.01 });
  assert.equal(built.report.evictedResults, 1);
});

test('when the essentials alone barely fit, the reply reserve shrinks; when they cannot, it refuses', () => {
  const system = big(100);
  const sys = estimateTokens(system);
  const built = buildRequest({ system, history: [], task: 'T', turn: [] }, { window: sys + 900, replyTokens: 2048, counter, safetyMargin: 0 });
  assert.ok(built.maxTokens < 2048 && built.maxTokens >= 512);
  assert.throws(() => buildRequest({ system, history: [], task: 'T', turn: [] }, { window: sys, replyTokens: 2048, counter }), BudgetError);
});

test('the conversation\'s context (pinned text, the repo map) opens the first user message, before the summary: the system message and the tool schemas a template renders after it stay the same when the context changes', () => {
  const history: ChatMessage[] = [];
  for (let t = 0; t < 8; t++) history.push({ role: 'user', content: `task ${t}` }, { role: 'assistant', content: `answer ${t}\n${big(16, `a${t}`)}` });
  const context = `MAP\n${big(100, 'map')}`;
  const opts = { window: 4096, replyTokens: 512, counter };
  const built = buildRequest({ system: 'SYS', context, history, task: 'NOW', turn: [], summary: 'earlier: stuff' }, opts);
  assert.equal(built.messages[0]!.content, 'SYS');
  assert.ok(built.messages[1]!.content!.startsWith(`${context}\n\n${SUMMARY_HEADING}earlier: stuff\n\ntask `), built.messages[1]!.content!.slice(0, 80));
  assert.equal(built.messages.filter((m) => m.content?.includes('MAP')).length, 1, 'sent once');
  const prompt = built.report.sections.filter((s) => !['reply', 'margin'].includes(s.name)).reduce((n, s) => n + s.used, 0);
  assert.ok(Math.abs(prompt - built.promptTokens) <= 8, `the report counts it: ${prompt} vs ${built.promptTokens}`);
  const without = buildRequest({ system: 'SYS', history, task: 'NOW', turn: [], summary: 'earlier: stuff' }, opts);
  assert.ok(built.dropped.length > without.dropped.length, `its tokens take room from the conversation: ${built.dropped.length} messages dropped, ${without.dropped.length} without it`);
  const alone = buildRequest({ system: 'SYS', context, history: [], task: 'NOW', turn: [] }, opts);
  assert.deepEqual(alone.messages, [{ role: 'system', content: 'SYS' }, { role: 'user', content: `${context}\n\nNOW` }]);
});

test('the report adds up and reads well', () => {
  const built = buildRequest({ system: 'SYS', history: [], task: 'T', turn: [call('1'), result('1', big(50))] }, { window: 8192, replyTokens: 1024, counter });
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

test('once calibrated, readings far below our count (a server reporting only the uncached part) are not learnt', () => {
  const c = new CalibratedCounter(heuristicCounter);
  for (let i = 0; i < 3; i++) c.observe(1000, 1100);
  const learnt = c.scale;
  assert.ok(Math.abs(learnt - 1.1) < 0.01, String(learnt));
  for (let i = 1; i <= 30; i++) c.observe(1000 + i * 300, 150); // only the newest turn reprocessed
  assert.equal(c.scale, learnt);
  // a plausible over-count still relaxes the ratio, slowly
  c.observe(1000, 1000);
  assert.ok(c.scale < learnt && c.scale >= learnt - 0.02, String(c.scale));
});

test('truncation keeps a line-aligned head and leaves short text alone', () => {
  const text = big(500);
  const t = truncateToTokens(text, 300, counter);
  assert.ok(t.truncated && estimateTokens(t.text) <= 300);
  assert.ok(text.startsWith(t.text.split('\n[…')[0]!));
  assert.deepEqual(truncateToTokens('short', 300, counter), { text: 'short', truncated: false, shownLines: 1, totalLines: 1 });
});

test('head and tail: the first and last lines stay, with how many lines were left out between them', () => {
  const text = big(500);
  const t = keepHeadAndTail(text, 300, counter);
  assert.ok(t.truncated && estimateTokens(t.text) <= 300, String(estimateTokens(t.text)));
  const [head, tail] = t.text.split(/\n\[… \d+ lines omitted …\]\n/);
  assert.ok(text.startsWith(head!) && head!.includes('line 0 '));
  assert.ok(text.endsWith(tail!) && tail!.startsWith('line ') && tail!.includes('line 499 '));
  const omitted = Number(/\[… (\d+) lines omitted/.exec(t.text)![1]);
  assert.equal(head!.split('\n').length + omitted + tail!.split('\n').length, 500);
  assert.deepEqual(keepHeadAndTail(text, 300, counter), t, 'the same text is cut the same way');
  assert.equal(keepHeadAndTail('short', 300, counter).truncated, false);
});

test('each tool result is cut the way its tool says; the budget still keeps it within the cap', () => {
  const run = (id: string, text: string): ChatMessage => ({ role: 'tool', tool_call_id: id, name: 'run', content: text });
  const cuts: (string | undefined)[] = [];
  const built = buildRequest({ system: 'SYS', history: [], task: 'T', turn: [call('1'), result('1', big(3000)), call('2'), run('2', big(3000))] }, {
    window: 16384, replyTokens: 1024, counter, toolResultCap: 1000,
    resultCut: (tool) => { cuts.push(tool); return tool === 'run' ? keepHeadAndTail : truncateToTokens; },
  });
  assert.deepEqual(cuts, ['read_file', 'run']);
  const [read, ran] = built.messages.slice(-3).filter((m) => m.role === 'tool').map((m) => m.content!);
  assert.ok(estimateTokens(read!) <= 1000 && estimateTokens(ran!) <= 1000);
  assert.match(ran!, /line 2999 /, 'the command\'s tail stays');
  assert.doesNotMatch(read!, /line 2999 /);
  assert.equal(built.report.truncatedResults, 2);
});
