import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FALLBACK_HEADING, summarizeMessages, type Completer } from '../../../src/core/budget/summarize';
import { heuristicCounter } from '../../../src/core/budget/tokenCounter';
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
