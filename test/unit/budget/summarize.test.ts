import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FALLBACK_HEADING, IN_CONVERSATION_INSTRUCTION, summarizeMessages, type Completer } from '../../../src/core/budget/summarize';
import { heuristicCounter } from '../../../src/core/budget/tokenCounter';
import { fitSummary } from '../../../src/core/budget/contextBudget';
import { promptTokens } from '../../../src/core/budget/messageTokens';
import type { ChatMessage } from '../../../src/core/llm/types';

const dropped: ChatMessage[] = [
  { role: 'user', content: 'Rename parseArgs to parseFlags in src/cli.ts.' },
  { role: 'assistant', content: 'Renamed it.' },
];
const answering = (text: string): Completer => ({ complete: async () => ({ text }) });
const summarize = (text: string, previousSummary?: string) => {
  const warnings: string[] = [];
  return summarizeMessages(answering(text), dropped, { counter: heuristicCounter, window: 8192, onWarning: (m) => warnings.push(m), ...(previousSummary ? { previousSummary } : {}) })
    .then((summary) => ({ summary, warnings }));
};

test('the summary is the answer without its reasoning', async () => {
  const { summary, warnings } = await summarize('<think>The user renamed a function.</think>\n- parseArgs renamed to parseFlags in src/cli.ts');
  assert.equal(summary, '- parseArgs renamed to parseFlags in src/cli.ts');
  assert.deepEqual(warnings, []);
});

test('a reply that is only reasoning (cut at the limit, or split out by the server) keeps a marked, shortened transcript', async () => {
  for (const text of ['<think>The user asked to rename parseArgs, so I should list', '', '  \n']) {
    const { summary, warnings } = await summarize(text, '- Earlier: the tests were fixed.');
    assert.ok(summary.includes(FALLBACK_HEADING), JSON.stringify(text));
    assert.match(summary, /- Earlier: the tests were fixed\./, 'what was summarised before stays');
    assert.match(summary, /user: Rename parseArgs to parseFlags in src\/cli\.ts\./);
    assert.doesNotMatch(summary, /so I should list/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /summary of the dropped messages was empty/);
  }
});

test('with the conversation\'s prefix the summary is asked within it: its system message, tools and messages as sent, one instruction at the end', async () => {
  const requests: Parameters<Completer['complete']>[0][] = [];
  const client: Completer = { complete: async (r) => { requests.push(r); return { text: '- parseArgs renamed.' }; } };
  const tools = [{ type: 'function' as const, function: { name: 'read_file', parameters: { type: 'object', properties: {} } } }];
  const system: ChatMessage = { role: 'system', content: 'You are a coding agent.' };
  const opts = { counter: heuristicCounter, window: 8192 };
  assert.equal(await summarizeMessages(client, dropped, { ...opts, prefix: { messages: [system, ...dropped], tools, stop: ['<|im_end|>'] } }), '- parseArgs renamed.');
  const [asked] = requests;
  assert.deepEqual(asked!.messages, [system, ...dropped, { role: 'user', content: IN_CONVERSATION_INSTRUCTION }]);
  assert.deepEqual(asked!.tools, tools);
  assert.deepEqual(asked!.stop, ['<|im_end|>']);
  // a prefix that no longer fits the window (restored from a larger one): the transcript prompt
  const huge: ChatMessage = { role: 'user', content: 'word '.repeat(20_000) };
  await summarizeMessages(client, dropped, { ...opts, prefix: { messages: [system, huge, ...dropped] } });
  assert.match(requests[1]!.messages[0]!.content as string, /^Summarise this earlier part/);
  assert.equal(requests[1]!.tools, undefined);
});

test('a summary request answered with a tool call keeps the shortened transcript', async () => {
  const warnings: string[] = [];
  const system: ChatMessage = { role: 'system', content: 'You are a coding agent.' };
  for (const reply of [{ text: '', toolCalls: [{}] }, { text: '<tool_call>{"name": "read_file", "arguments": {"path": "a"}}</tool_call>' }]) {
    const summary = await summarizeMessages({ complete: async () => reply }, dropped, { counter: heuristicCounter, window: 8192, prefix: { messages: [system, ...dropped] }, onWarning: (m) => warnings.push(m) });
    assert.ok(summary.startsWith(FALLBACK_HEADING), summary);
  }
  assert.equal(warnings.length, 2);
});

test('the transcript request counts the previous summary: it keeps the margin every request keeps free', async () => {
  const count = (t: string) => heuristicCounter.count(t);
  for (const window of [4096, 8192, 32_768]) {
    const previousSummary = fitSummary(Array.from({ length: 2000 }, (_, i) => `- step ${i}: read src/file${i}.ts and changed handler ${i}`).join('\n'), window, heuristicCounter);
    const long: ChatMessage[] = Array.from({ length: 200 }, (_, i) => ({ role: 'user', content: `task ${i}: ${'change handleRequest in src/server.ts so that it retries. '.repeat(20)}` }));
    let needed = 0;
    const client: Completer = { complete: async (r) => { needed = promptTokens(r.messages, r.tools, count) + (r.maxTokens ?? 0); return { text: '- done' }; } };
    await summarizeMessages(client, long, { counter: heuristicCounter, window, previousSummary });
    assert.ok(needed > window / 2, 'the transcript fills the room');
    assert.ok(needed <= window * 0.88, `${needed} of ${window}: an estimate 10 % low would overflow`);
  }
});
