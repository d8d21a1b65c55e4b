// Reviewing from the diff tab the user is looking at: its title bar offers Accept / Reject for the
// change and "Reject edit with feedback…", whose sentence goes back to the model with the rejection.
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
const LOOP = ['i <= values.length', 'i < values.length'];
const EXPORTS = ['module.exports = { average, clamp };', 'module.exports = { average, clamp, mean: average };'];
const lines = ORIGINAL.split('\n');
const SEARCH = lines.slice(3, 14).join('\n');
const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const SCRIPT = [
  { text: call('patch', { path: 'src/math.js', search: SEARCH, replace: SEARCH.replace(LOOP[0], LOOP[1]).replace(EXPORTS[0], EXPORTS[1]) }) },
  { text: 'Understood: the loop is fixed and the exports stay as they were.' },
];

let replay;
const { step, ctx } = e2eSuite({
  suite: 'review-diff', workspace, WorkbenchClass: ReviewWorkbench,
  beforeStart: async () => {
    replay = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384, script: SCRIPT });
    return { settings: { 'smallcode.baseUrl': replay.baseUrl } };
  },
  afterAll: () => replay?.close(),
});
const disk = () => readFileSync(MATH, 'utf8');
/** An action in the title bar of the review diff (the editor group that shows it). */
const titleAction = (label) => ctx.wb.page.locator('.editor-group-container', { has: ctx.wb.page.locator('.monaco-diff-editor') })
  .locator('.editor-actions .action-item a', { has: ctx.wb.page.locator(`xpath=self::*[starts-with(@aria-label, "${label}")]`) }).first();

step('the diff tab\'s title bar offers Accept, Reject and Reject with feedback', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.fill('Fix the loop in average and export mean');
  await prompt.press('Enter');
  await ctx.wb.diffEditor.waitFor({ timeout: 30_000 });
  // The user turns to the diff tab (VS Code shows a group's title actions while it is the active one).
  await ctx.wb.page.locator('.tabs-container .tab', { hasText: "SmallCode's proposal" }).click();
  for (const label of ['Accept edit', 'Reject edit', 'Reject edit with feedback']) await titleAction(label).waitFor({ timeout: 20_000 });
});

step('Accept in the diff\'s title bar applies the first change', async () => {
  await titleAction('Accept edit').click();
  await poll('the loop fix on disk', () => disk() === ORIGINAL.replace(LOOP[0], LOOP[1]));
});

step('Reject with feedback asks for a sentence, rejects the other change and tells the model why', async () => {
  await titleAction('Reject edit with feedback').click();
  const input = ctx.wb.page.locator('.quick-input-widget:visible input');
  await input.waitFor();
  await input.fill('keep the exports as they are, other modules import them by name');
  await ctx.wb.page.keyboard.press('Enter');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'the exports stay as they were' }).waitFor({ timeout: 30_000 });
  assert.equal(disk(), ORIGINAL.replace(LOOP[0], LOOP[1]), 'only the accepted change is on disk');
  const told = JSON.stringify(replay.chatRequests[1].body.messages);
  assert.match(told, /the user said: \\"keep the exports as they are, other modules import them by name\\"/);
});
