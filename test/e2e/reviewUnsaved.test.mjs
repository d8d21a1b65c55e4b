// An agent's edit to a file with the user's unsaved changes: accepting would save the file, the
// user's changes with it, so before the review opens a modal asks once. "Reject the Edit" leaves the
// file and the unsaved text as they are and tells the model why; "Save and Review" saves the user's
// text (their say-so), then the review opens as usual and Accept writes the edit beside it.
// Typing in the file while a review is open makes Accept ask too: "Don't Accept" applies and saves
// nothing (the hunk stays pending, the model is told nothing), "Save and Accept" saves both.
// The model is the replay server on 127.0.0.1; the dialog is answered by clicking it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchWorkspace } from '../support/vscodeHarness.mjs';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { poll } from '../support/poll.mjs';
import { ReviewWorkbench } from '../support/reviewWorkbench.mjs';
import { HUNK1, HUNK2 } from '../support/mathProposal.mjs';

const workspace = scratchWorkspace();
const MATH = join(workspace, 'src/math.js');
const ORIGINAL = readFileSync(MATH, 'utf8');
const NOTE = '// my unsaved note'; // at the end, after the last line break: Enter in a comment would continue it
const disk = () => readFileSync(MATH, 'utf8');

const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const patch = ([search, replace]) => ({ text: call('patch', { path: 'src/math.js', search: search.trim(), replace: replace.trim() }) });
function reply(req) {
  const last = req.body.messages.at(-1);
  const task = last?.role === 'user' ? String(last.content) : '';
  if (task.includes('Fix the loop in average')) return patch(HUNK1);
  if (task.includes('Export mean too')) return patch(HUNK2);
  return { text: 'Noted.' };
}

const { step, ctx } = e2eSuite({
  suite: 'reviewUnsaved', workspace, WorkbenchClass: ReviewWorkbench, screenshots: 'always',
  // code-server saves after a second by default; desktop VS Code does not: the unsaved text must stay unsaved.
  settings: { 'files.autoSave': 'off' },
  replay: { emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 32768, handler: reply },
});
const chat = () => ctx.wb.chat;
const dirtyTab = () => ctx.wb.page.locator('.tabs-container .tab.dirty', { hasText: 'math.js' });
const QUESTION = 'src/math.js has unsaved changes. Accepting SmallCode\'s edit to it saves the file, your other changes with it.';
const AT_ACCEPT = 'src/math.js has unsaved changes. Accepting the edit saves the file, your other changes with it.';
const TYPED = ' and more'; // typed at the end of the note while the review is open

/** The request the model got after its patch: what the tool told it. */
async function toolResultAfter(before) {
  await poll('the model to be told', () => ctx.replay.chatRequests.slice(before).length >= 2);
  return JSON.stringify(ctx.replay.chatRequests.slice(before)[1].body.messages.at(-1));
}

step('the user types a line in src/math.js and does not save it', async () => {
  await ctx.wb.openSmallCode();
  await chat().locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  await ctx.wb.openFile('src/math.js');
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await ctx.wb.page.keyboard.press('Control+End');
  await ctx.wb.page.keyboard.insertText(NOTE);
  await dirtyTab().waitFor({ timeout: 10_000 });
  assert.equal(disk(), ORIGINAL);
});

step('an edit arrives: asked first; "Reject the Edit" saves nothing, shows nothing, and the model is told why', async () => {
  const before = ctx.replay.chatRequests.length;
  await ctx.wb.send('Fix the loop in average.');
  const text = await ctx.wb.answerModal('has unsaved changes', 'Reject the Edit');
  assert.ok(text.includes(QUESTION), text);
  await chat().locator('.entry-assistant', { hasText: 'Noted.' }).last().waitFor({ timeout: 30_000 });
  assert.match(await toolResultAfter(before), /The user rejected this edit to src\/math\.js: src\/math\.js had unsaved changes, which accepting the edit would have saved too, and the user chose not to save them now\. Nothing was changed/);
  assert.equal(disk(), ORIGINAL, 'the unsaved line was not saved');
  assert.equal(await dirtyTab().count(), 1, 'still unsaved in the editor');
  assert.equal(await ctx.wb.page.locator('.monaco-diff-editor').count(), 0, 'no review was shown');
});

step('"Save and Review" saves the user\'s line, then the review opens; Accept writes the edit beside it', async () => {
  const before = ctx.replay.chatRequests.length;
  await ctx.wb.send('Export mean too.');
  await ctx.wb.answerModal('has unsaved changes', 'Save and Review');
  await ctx.wb.diffEditor.waitFor({ timeout: 30_000 });
  assert.equal(disk(), `${ORIGINAL}${NOTE}`, 'the user\'s line saved, with their say-so, before anything else');
  await ctx.wb.clickCodeLens('Accept');
  await poll('the edit on disk', () => disk() === `${ORIGINAL.replace(HUNK2[0], HUNK2[1])}${NOTE}`);
  assert.match(await toolResultAfter(before), /Edited src\/math\.js\./);
  assert.equal(await dirtyTab().count(), 0);
});

step('while a review is open the user types; Accept asks, and "Don\'t Accept" applies and saves nothing', async () => {
  const saved = disk();
  const before = ctx.replay.chatRequests.length;
  await ctx.wb.send('Fix the loop in average.');
  await ctx.wb.diffEditor.waitFor({ timeout: 30_000 });
  await ctx.wb.codeLens('Accept').first().waitFor({ timeout: 20_000 });
  await ctx.wb.openFile('src/math.js');
  await ctx.wb.page.keyboard.press('Control+End');
  await ctx.wb.page.keyboard.insertText(TYPED);
  await dirtyTab().waitFor({ timeout: 10_000 });
  await ctx.wb.codeLens('Accept').first().click();
  const text = await ctx.wb.answerModal('has unsaved changes', 'Don\'t Accept');
  assert.ok(text.includes(AT_ACCEPT), text);
  assert.equal(disk(), saved, 'neither the hunk nor the typing reached the disk');
  assert.equal(await dirtyTab().count(), 1, 'the typing is still unsaved in the editor');
  const editor = await ctx.wb.editorText();
  assert.ok(editor.includes(`${NOTE}${TYPED}`) && editor.includes(HUNK1[0].trim()), `the editor holds the typing, not the hunk: ${editor}`);
  assert.equal(await ctx.wb.codeLens('Accept').count(), 1, 'the hunk is still pending');
  assert.equal(await ctx.wb.diffEditor.count(), 1, 'the review is still open');
  assert.equal(ctx.replay.chatRequests.length, before + 1, 'the model was told nothing yet');
});

step('Accept again, "Save and Accept": the hunk and the typing are saved, and the model is told the file had other changes', async () => {
  const before = ctx.replay.chatRequests.length - 1; // the request that brought the patch
  await ctx.wb.codeLens('Accept').first().click();
  await ctx.wb.answerModal('has unsaved changes', 'Save and Accept');
  await poll('the hunk and the typing on disk', () => disk() === `${ORIGINAL.replace(HUNK2[0], HUNK2[1]).replace(HUNK1[0], HUNK1[1])}${NOTE}${TYPED}`);
  await poll('the tab saved', async () => await dirtyTab().count() === 0);
  assert.match(await toolResultAfter(before), /Edited src\/math\.js\. The user accepted all of it, and the file still differs from your edit \(every hunk was accepted and applied to the file as it was then, which also had changes made while the edit waited/);
});
