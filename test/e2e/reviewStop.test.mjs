// Stop pressed while an agent's edit is under review, after the user accepted one of its two hunks:
// the accepted hunk is in the file, and SmallCode says so — the chat's stop notice names the file,
// the run's "Undo this run" card lists it (and takes it back), and the next request tells the model
// that part of its edit is in the file. The model is the replay server on 127.0.0.1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchWorkspace } from '../support/vscodeHarness.mjs';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { poll } from '../support/poll.mjs';
import { ReviewWorkbench } from '../support/reviewWorkbench.mjs';
import { mathProposal } from '../support/mathProposal.mjs';

const workspace = scratchWorkspace();
const MATH = join(workspace, 'src/math.js');
const ORIGINAL = readFileSync(MATH, 'utf8');
const { proposed: PROPOSED, onlyHunk1: ONLY_HUNK1 } = mathProposal(ORIGINAL);
const disk = () => readFileSync(MATH, 'utf8');

const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const lastUser = (req) => String([...req.body.messages].reverse().find((m) => m.role === 'user')?.content ?? '');
function reply(req) {
  if (lastUser(req).includes('Fix the loop in average')) return { text: call('write_file', { path: 'src/math.js', content: PROPOSED }) };
  return { text: 'Noted.' };
}

const { step, ctx } = e2eSuite({
  suite: 'reviewStop', workspace, WorkbenchClass: ReviewWorkbench, screenshots: 'always',
  replay: { emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 32768, handler: reply },
});
const chat = () => ctx.wb.chat;

step('the agent proposes a two-hunk edit; the user accepts the first, and the file holds it', async () => {
  await ctx.wb.openSmallCode();
  await chat().locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  await ctx.wb.send('Fix the loop in average and export it as mean too.');
  await ctx.wb.diffEditor.waitFor({ timeout: 30_000 });
  await poll('two hunks with CodeLens', async () => (await ctx.wb.codeLens('Accept').count()) >= 2);
  await ctx.wb.clickCodeLens('Accept');
  await poll('hunk 1 on disk', () => disk() === ONLY_HUNK1);
});

step('Stop: the notice names the changed file, the run\'s card lists it, the review closes', async () => {
  await chat().locator('#send', { hasText: 'Stop' }).click();
  await chat().locator('.entry-notice', { hasText: 'Stopped. This run already changed src/math.js' }).waitFor({ timeout: 20_000 });
  assert.equal(await chat().locator('.entry-notice', { hasText: 'No partial edit was written' }).count(), 0);
  const card = chat().locator('.checkpoint-card').last();
  await card.waitFor({ timeout: 10_000 });
  assert.deepEqual(await card.locator('.checkpoint-file').allInnerTexts().then((t) => t.map((s) => s.replace(/\s+/g, ' ').trim())), ['src/math.js edited']);
  await poll('the diff to close', async () => (await ctx.wb.page.locator('.monaco-diff-editor').count()) === 0);
  assert.equal(disk(), ONLY_HUNK1, 'the accepted hunk stays, the other was never written');
});

step('the next request tells the model that part of its edit is in the file', async () => {
  const before = ctx.replay.chatRequests.length;
  await ctx.wb.send('What changed?');
  await chat().locator('.entry-assistant', { hasText: 'Noted.' }).waitFor({ timeout: 30_000 });
  const request = ctx.replay.chatRequests.slice(before).at(-1);
  assert.match(JSON.stringify(request.body.messages), /accepted part of your edit to src\/math\.js: it is in the file now/);
});

step('Undo this run takes the accepted hunk back', async () => {
  await chat().locator('.checkpoint-card button.checkpoint-undo').first().click();
  await poll('the original on disk', () => disk() === ORIGINAL);
});
