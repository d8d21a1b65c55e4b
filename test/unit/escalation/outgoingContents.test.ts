// What an escalation offer says leaves the machine, read from the messages the escalated request sends:
// every task's live results (not only the current task's calls), search and command output by kind, the
// repo map and the summary; an evicted result no longer counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outgoingContents, outgoingText, type OutgoingContents } from '../../../src/core/agent/escalation';
import { assistantMessage, toolMessage } from '../../../src/core/agent/messages';
import { systemPrompt, REPO_MAP_HEADING } from '../../../src/core/agent/systemPrompt';
import { contextMessages, evictedResult, joinUserRuns, summaryMessages } from '../../../src/core/budget';
import type { ChatMessage } from '../../../src/core/llm';
import { ActiveRules, alwaysRule } from '../../../src/core/rules';
import { heuristicCounter } from '../../../src/core/budget';
import { StateNotes } from '../../../src/core/agent/stateNotes';
import { EMPTY_PLAN } from '../../../src/core/plan';
import { attachedFileText, selectionText } from '../../../src/core/security';
import { buildFixSelectionTask } from '../../../src/core/fixSelectionTask';

let ids = 0;
/** One step: the model's call and the tool's result. */
function step(name: string, args: Record<string, unknown>, result: string): ChatMessage[] {
  const call = { id: `call_${ids++}`, name, arguments: args };
  return [assistantMessage('', [call]), toolMessage(call, result)];
}
/** A step whose result the budget has since evicted (its stub stands in its place). */
const evictedStep = (name: string, args: Record<string, unknown>) => step(name, args, evictedResult(name));
const system: ChatMessage = { role: 'system', content: systemPrompt('native', []) };
const user = (content: string): ChatMessage => ({ role: 'user', content });
const NOTHING: OutgoingContents = { files: [], searchResults: false, commandOutput: false, otherResults: [], repoMap: false, projectRules: false, projectMemory: false, summary: false };

test("an earlier task's read is listed, and so is this task's", () => {
  const messages = [
    system,
    user('Where is the database configured?'),
    ...step('read_file', { path: 'config.ts' }, '1| export const dbUrl = "postgres://admin:pw@db/app";'),
    { role: 'assistant', content: 'In config.ts.' } as ChatMessage,
    user('Add a function b to a.ts.'),
    ...step('read_file', { path: './src/a.ts' }, '1| export const a = 1;'),
  ];
  assert.deepEqual(outgoingContents(messages), { ...NOTHING, files: ['config.ts', 'src/a.ts'] });
});

test('an evicted result is not listed; a written file is, by its call (the arguments hold the content)', () => {
  const messages = [
    system, user('task'),
    ...evictedStep('read_file', { path: 'old.ts' }),
    ...step('write_file', { path: 'new.ts', content: 'export {}' }, 'Created new.ts'),
    ...evictedStep('patch', { path: 'edited.ts', search: 'a', replace: 'b' }),
  ];
  assert.deepEqual(outgoingContents(messages).files, ['edited.ts', 'new.ts']);
});

test('files the user attached to a task (@ mentions, a selection, Fix selection\'s code) are named by path', () => {
  const task = `Why does login fail?\n\n${attachedFileText('config/.env', 'DB_PASSWORD=hunter2')}\n\n${selectionText('src/login.ts', 3, 4, 'connect(env.DB_PASSWORD);')}`;
  const fix = buildFixSelectionTask({ path: 'src/util.ts', languageId: 'typescript', startLine: 2, endLine: 2, code: 'return a +;', diagnostics: [] });
  assert.deepEqual(outgoingContents([system, user(task), user(fix)]).files, ['config/.env', 'src/login.ts', 'src/util.ts']);
  assert.deepEqual(outgoingContents([system, user('File a.ts: is it used anywhere?')]).files, []);
});

test('search and run results are named as such, other tools by name; the repo map and the summary that lead the conversation are said', () => {
  const messages = [
    system,
    // as the budget sends them: the map, then the summary, joined with the first task
    ...joinUserRuns([...contextMessages(`${REPO_MAP_HEADING}src/a.ts: a()`), ...summaryMessages('The user asked about config.ts.'), user('task')]),
    ...step('search', { pattern: 'dbUrl', path: 'src/**' }, 'config.ts:1: dbUrl'),
    ...step('run', { command: 'env' }, 'DB_PASSWORD=x'),
    ...step('web_fetch', { url: 'https://example.com' }, 'page'),
    ...step('todo', { steps: [{ text: 'a', state: 'done' }] }, 'Plan saved.'),
  ];
  assert.deepEqual(outgoingContents(messages), { ...NOTHING, searchResults: true, commandOutput: true, otherResults: ['web_fetch'], repoMap: true, summary: true });
});

test('project rules in the system prompt and project memory (told, loaded or saved) are said', () => {
  const rules = ActiveRules.from([alwaysRule('AGENTS.md', 'Use tabs.')], () => false, { counter: heuristicCounter, window: 16_384 }).stable;
  assert.equal(outgoingContents([{ role: 'system', content: systemPrompt('native', [], rules) }, user('task')]).projectRules, true);
  assert.equal(outgoingContents([system, user('task'), ...step('memory_load', { query: 'db' }, 'db: postgres on port 5433')]).projectMemory, true);
  assert.equal(outgoingContents([system, user('task'), ...evictedStep('memory_load', { query: 'db' })]).projectMemory, false, 'an evicted load is gone');
  assert.equal(outgoingContents([system, user('task'), ...step('memory_remember', { key: 'db', value: 'port 5433' }, 'Saved.')]).projectMemory, true);
  const told = new StateNotes().pending([], EMPTY_PLAN, [{ key: 'db', value: 'port 5433' }]);
  assert.equal(outgoingContents([system, user('task'), user(told!)]).projectMemory, true);
  assert.equal(outgoingContents([system, user('task')]).projectMemory, false);
});

test('an evicted search or run result does not count', () => {
  const messages = [system, user('task'), ...evictedStep('search', { pattern: 'x' }), ...evictedStep('run', { command: 'env' })];
  assert.deepEqual(outgoingContents(messages), NOTHING);
});

test('the words: files listed up to a cap with "and N more", then everything else that goes', () => {
  const files = Array.from({ length: 11 }, (_, i) => `f${i}.ts`);
  const text = outgoingText({ files, searchResults: true, commandOutput: true, otherResults: ['web_fetch'], repoMap: true, projectRules: true, projectMemory: true, summary: true });
  assert.equal(text, "It includes your messages and the model's replies, plus: what it holds of the files f0.ts, f1.ts, f2.ts, f3.ts, f4.ts, f5.ts, f6.ts, f7.ts and 3 more; search results; command output; results of web_fetch; the repository map (file paths and signatures); the project's rules (AGENTS.md, .smallcode/rules); project memory notes; a summary of earlier messages.");
  assert.equal(outgoingText({ ...NOTHING, files: ['config.ts'] }), "It includes your messages and the model's replies, plus: what it holds of the file config.ts.");
  assert.equal(outgoingText(NOTHING), "It includes your messages and the model's replies, no file contents or tool results.");
});
