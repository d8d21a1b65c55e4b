// The whole product as a person uses it: a task typed into the SmallCode panel goes to a model
// (the replay server on 127.0.0.1 playing a small model's recorded style, calls written as text);
// the reply streams in, the plan, the budget bars and tool cards appear, the proposed edit opens
// in a diff, one hunk is accepted and one rejected through CodeLens, the disk holds exactly the
// accepted hunk and Ctrl+Z restores it. Then the same for "SmallCode: Fix selection" (Ctrl+Alt+F), accepted with
// Accept all's key (Ctrl+Alt+Enter) in the proposal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchWorkspace } from '../support/vscodeHarness.mjs';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { poll } from '../support/poll.mjs';
import { ReviewWorkbench } from '../support/reviewWorkbench.mjs';
import { startReplayServer } from '../support/replayServer.ts';

const workspace = scratchWorkspace();
const MATH = join(workspace, 'src/math.js');
const ORIGINAL = readFileSync(MATH, 'utf8');
const lines = ORIGINAL.split('\n');
// One patch whose SEARCH spans lines 4-14: two separate changes, so the diff has two hunks.
const SEARCH = lines.slice(3, 14).join('\n');
const REPLACE = SEARCH.replace('i <= values.length', 'i < values.length').replace('module.exports = { average, clamp };', 'module.exports = { average, clamp, mean: average };');
const ONLY_LOOP_FIX = ORIGINAL.replace('i <= values.length', 'i < values.length');
const CLAMP = '  return Math.min(Math.max(value, min), max);';
const CLAMP_FIXED = '  return min > max ? NaN : Math.min(Math.max(value, min), max);';

const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const SCRIPT = [
  { text: `I'll plan this first.\n${call('todo', { steps: [{ text: 'Fix the loop bound in average', state: 'doing' }, { text: 'Export mean as an alias', state: 'pending' }] })}` },
  { text: `Now the fix.\n${call('patch', { path: 'src/math.js', search: SEARCH, replace: REPLACE })}` },
  // The plan is brought up to date (the export was rejected, so it is dropped), then the answer.
  { text: call('todo', { steps: [{ text: 'Fix the loop bound in average', state: 'done' }] }) },
  { text: 'Fixed the loop bound in **average**: it now stops before `values.length`. I left the exports as they were, since you rejected that change.', chunkSize: 6, chunkDelayMs: 25 },
  { text: call('patch', { path: 'src/math.js', search: CLAMP, replace: CLAMP_FIXED }) },
  { text: '`clamp` now returns `NaN` when `min > max` instead of a misleading bound.', chunkSize: 6, chunkDelayMs: 25 },
];

let replay;
const { step, ctx } = e2eSuite({
  suite: 'agent', workspace, WorkbenchClass: ReviewWorkbench, screenshots: 'always',
  beforeStart: async () => {
    replay = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 32768, script: SCRIPT });
    return { settings: { 'smallcode.baseUrl': replay.baseUrl } };
  },
  afterAll: () => replay?.close(),
});
const disk = () => readFileSync(MATH, 'utf8');

step('the panel finds the model server and shows its model and context window', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection[data-status="ready"]', { hasText: 'qwen2.5-coder-7b-instruct' }).waitFor({ timeout: 30_000 });
  assert.match(await ctx.wb.chat.locator('#connection').textContent(), /32,768-token context/);
});

step('a typed task shows the plan, the budget bars and tool cards, and the edit opens in a diff', async () => {
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.fill('Fix the off-by-one bug in average and export mean');
  await prompt.press('Enter');
  await ctx.wb.chat.locator('.entry-user', { hasText: 'Fix the off-by-one bug in average' }).waitFor();
  // The plan folds to one line (the step in progress) and opens over the conversation on demand.
  await ctx.wb.chat.locator('#plan summary', { hasText: 'Fix the loop bound in average' }).waitFor({ timeout: 30_000 });
  assert.equal(await ctx.wb.chat.locator('.plan-step').count(), 2);
  await ctx.wb.chat.locator('[role="meter"][aria-label="Context window used"]').waitFor();
  await ctx.wb.chat.locator('.tool-card', { hasText: 'todo' }).waitFor();
  await ctx.wb.chat.locator('.tool-card', { hasText: 'patch' }).waitFor();
  await ctx.wb.diffEditor.waitFor({ timeout: 30_000 });
  await poll('two hunks with CodeLens', async () => (await ctx.wb.codeLens('Accept').count()) >= 2 && (await ctx.wb.codeLens('Reject').count()) >= 2);
  await ctx.wb.chat.locator('#pending-edits', { hasText: '2 changes · src/math.js' }).waitFor();
  assert.equal(disk(), ORIGINAL, 'nothing is written before the user decides');
});

step('accepting one hunk and rejecting the other writes exactly the accepted hunk, and the reply streams in', async () => {
  await ctx.wb.clickCodeLens('Accept');
  await ctx.wb.clickCodeLens('Reject');
  await poll('the accepted hunk on disk', () => disk() === ONLY_LOOP_FIX);
  await ctx.wb.chat.locator('#pending-edits').waitFor({ state: 'hidden' });
  const answer = ctx.wb.chat.locator('.entry-assistant', { hasText: 'since you rejected that change' });
  await answer.waitFor({ timeout: 30_000 });
  assert.equal(disk(), ONLY_LOOP_FIX, 'the rejected hunk was not written');
  await ctx.wb.chat.locator('.tool-card', { hasText: 'patch' }).locator('.tool-state').first().waitFor();
  // The model was told which part was not applied.
  assert.match(JSON.stringify(replay.chatRequests[2].body.messages), /accepted only part of your edit \(rejected by the user: hunk 2 of 2/);
});

step('Ctrl+Z in the editor restores the file', async () => {
  await ctx.wb.openFile('src/math.js');
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await ctx.wb.page.keyboard.press('Control+Z');
  await poll('the editor to show the original', async () => /i <= values\.length/.test(await ctx.wb.editorText()));
  await ctx.wb.page.keyboard.press('Control+S');
  await poll('the original on disk', () => disk() === ORIGINAL);
});

step('"SmallCode: Fix selection" sends the selection and its fix comes back as a reviewed edit', async () => {
  await ctx.wb.selectLines(11, 11);
  await ctx.wb.page.keyboard.press('Control+Alt+F');
  await ctx.wb.chat.locator('.entry-user', { hasText: 'Change only src/math.js line 11.' }).waitFor({ timeout: 20_000 });
  await poll('the proposal', async () => (await ctx.wb.codeLens('Accept').count()) >= 1);
  // This time with the keyboard, in the proposal (the chat's Accept all runs the same command: webview.test).
  await ctx.wb.diffEditor.locator('.editor.modified .view-lines:not(.line-delete)').click();
  await ctx.wb.page.keyboard.press('Control+Alt+Enter');
  await poll('the fix on disk', () => disk() === ORIGINAL.replace(CLAMP, CLAMP_FIXED));
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'instead of a misleading bound' }).waitFor({ timeout: 30_000 });
});

step('/clear starts over: no conversation, and no plan or context left from the old one', async () => {
  await ctx.wb.chat.locator('#plan summary').waitFor();
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.fill('/clear');
  await prompt.press('Enter');
  await ctx.wb.chat.locator('.empty-state').waitFor();
  await ctx.wb.chat.locator('#plan').waitFor({ state: 'hidden' });
  await ctx.wb.chat.locator('#budget').waitFor({ state: 'hidden' });
  await prompt.fill('/budget');
  await prompt.press('Enter');
  const answer = ctx.wb.chat.locator('.entry-notice').last();
  await answer.waitFor();
  assert.match(await answer.textContent(), /No request has been sent yet in this conversation/, 'no budget of the old conversation');
});
