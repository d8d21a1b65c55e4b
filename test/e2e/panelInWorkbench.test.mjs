// The chat panel as a user meets it in the real workbench: the side bar dragged to 280 px, a window
// 600 and then 900 px tall, a small-context warning, a plan, a long reply and an edit waiting for
// review while the run is still going. The webview's boxes are measured where VS Code draws them;
// screenshots in the dark and light themes go to test-output/panel/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { scratchWorkspace } from '../support/vscodeHarness.mjs';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { ReviewWorkbench } from '../support/reviewWorkbench.mjs';
import { startReplayServer } from '../support/replayServer.ts';
import { panelBoxes } from '../support/panelBoxes.mjs';
import { poll } from '../support/poll.mjs';

const workspace = scratchWorkspace();
const ORIGINAL = readFileSync(join(workspace, 'src/math.js'), 'utf8');
const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const LONG_REPLY = Array.from({ length: 30 }, (_, i) => `${i + 1}. The loop in \`average\` reads one element past the end on step ${i + 1}.`).join('\n');
const SCRIPT = [
  { text: `Plan first.\n${call('todo', { steps: [{ text: 'Explain the bug in average', state: 'doing' }, { text: 'Fix the loop bound', state: 'pending' }] })}` },
  { text: `${LONG_REPLY}\n\n${call('patch', { path: 'src/math.js', search: 'i <= values.length', replace: 'i < values.length' })}` },
  { text: 'I left the file as it was, since you rejected the change.' },
];

let replay;
const { step, ctx } = e2eSuite({
  suite: 'panel', workspace, WorkbenchClass: ReviewWorkbench,
  beforeStart: async () => {
    // A 4k window: the header carries the small-context warning.
    replay = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct-q4_k_m'], reportedContext: 4096, script: SCRIPT });
    return { settings: { 'smallcode.baseUrl': replay.baseUrl, 'smallcode.maxReplyTokens': 512 } };
  },
  afterAll: () => replay?.close(),
});

/** The webview's boxes, measured inside its frame. */
const measure = () => ctx.wb.chat.locator('#app').evaluate(panelBoxes);

/** Drags the sash at the side bar's right edge, as a person resizes it. */
async function sideBarTo(width) {
  const page = ctx.wb.page;
  const sideBar = page.locator('#workbench\\.parts\\.sidebar');
  const box = await sideBar.boundingBox();
  const edge = box.x + box.width;
  const sashes = await page.locator('.monaco-sash.vertical').evaluateAll((nodes) => nodes.map((n) => { const r = n.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2, h: r.height }; }));
  const sash = sashes.filter((s) => s.h > 100).sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
  assert.ok(sash && Math.abs(sash.x - edge) < 6, 'the side bar\'s sash');
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(sash.x - (box.width - width), sash.y, { steps: 8 });
  await page.mouse.up();
  const now = (await sideBar.boundingBox()).width;
  assert.ok(Math.abs(now - width) <= 4, `side bar is ${now} px wide`);
}

async function checkLayout(label) {
  const m = await measure();
  assert.ok(m.transcript.height >= m.height / 2, `${label}: transcript ${m.transcript.height} px of a ${m.height} px panel`);
  assert.deepEqual(m.outside, [], `${label}: elements drawn outside the panel`);
  assert.ok(m.scrollWidth <= m.width, `${label}: no horizontal scrollbar`);
  assert.ok(m.send.top >= 0 && m.send.bottom <= m.height, `${label}: Stop is visible`);
  assert.ok(m.advice && m.advice.right <= m.width, `${label}: the warning is inside the panel`);
  assert.equal(m.atEnd, true, `${label}: the newest output is in view`);
  return m;
}

step('at 280 × 600 with a warning, a plan, a long reply and a pending review, the conversation gets the room', async () => {
  await ctx.wb.page.setViewportSize({ width: 1200, height: 600 });
  await ctx.wb.openSmallCode();
  await sideBarTo(280);
  await ctx.wb.chat.locator('#connection[data-status="ready"] .advice').waitFor({ timeout: 30_000 });
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.fill('Explain the bug in average, then fix it');
  await prompt.press('Enter');
  await ctx.wb.chat.locator('#pending-edits:not([hidden])').waitFor({ timeout: 30_000 });
  await ctx.wb.chat.locator('#send[aria-label="Stop (Escape)"]').waitFor();
  await ctx.wb.chat.locator('#plan summary', { hasText: 'Explain the bug in average' }).waitFor();
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'step 30' }).waitFor();
  await checkLayout('280 × 600');
  await ctx.wb.screenshot('panel-280x600-dark');
});

step('at 280 × 900 the same holds, in the dark and the light theme', async () => {
  await ctx.wb.page.setViewportSize({ width: 1200, height: 900 });
  await ctx.wb.chat.locator('#transcript').waitFor();
  await checkLayout('280 × 900 dark');
  await ctx.wb.screenshot('panel-280x900-dark');
  // The theme set in the user's settings.json, which VS Code watches (its theme picker also offers
  // the marketplace, which is offline here).
  const settingsFile = join(ctx.server.userDataDir, 'User', 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), 'workbench.colorTheme': 'Default Light Modern' }, null, 2));
  await ctx.wb.page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs'));
  await ctx.wb.chat.locator('body.vscode-light').waitFor();
  await checkLayout('280 × 900 light');
  await ctx.wb.screenshot('panel-280x900-light');
});

step('rejecting the edit ends the run; the answer is in view at the end of the conversation', async () => {
  await ctx.wb.chat.locator('#pending-edits #reject-all').click();
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'since you rejected the change' }).waitFor({ timeout: 30_000 });
  await ctx.wb.chat.locator('#send[aria-label="Send message"]').waitFor();
  const m = await measure();
  assert.equal(m.atEnd, true, 'the answer is in view');
  assert.equal(readFileSync(join(workspace, 'src/math.js'), 'utf8'), ORIGINAL);
  // the review is over: its lenses leave the file's editor (VS Code redraws them after a short delay)
  await poll('the review lenses to go', async () => (await ctx.wb.codeLens('Reject all').count()) === 0 && (await ctx.wb.codeLens('Reject').count()) === 0);
  await ctx.wb.screenshot('panel-answer-light');
});
