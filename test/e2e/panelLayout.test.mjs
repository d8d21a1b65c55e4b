// The chat panel at the side bar's default width (280 px) in a short and a tall window: the
// conversation gets the height, nothing is drawn outside the panel, Stop stays visible, and the
// transcript follows new output until the reader scrolls up. Boxes are measured, not guessed;
// screenshots in both themes go to test-output/layout/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWebview } from '../support/webviewPage.mjs';
import { panelBoxes } from '../support/panelBoxes.mjs';

const SHOTS = join(import.meta.dirname, '../../test-output/layout');
mkdirSync(SHOTS, { recursive: true });

const ADVICE = 'The model runs with a 4,096-token context, too small for agent work: SmallCode will forget files it read a few turns ago. Start the server with a larger window, e.g. `OLLAMA_CONTEXT_LENGTH=16384 ollama serve`, or set `smallcode.contextWindow`.';
const CONNECTED = { status: 'ready', model: 'qwen2.5-coder-7b-instruct-q4_k_m', endpoint: 'http://127.0.0.1:11434/v1', serverName: 'Ollama', contextWindow: 4096, contextSource: 'Ollama /api/ps', advice: ADVICE };
const PLAN = {
  steps: [
    { id: 1, text: 'Read src/cli.ts', state: 'done' },
    { id: 2, text: 'Add the --verbose flag to the argument parser', state: 'in_progress' },
    { id: 3, text: 'Run the tests', state: 'pending' },
  ],
  done: 1, total: 3, current: 2,
};
const BUDGET = { window: 4096, used: 3500, replyReserve: 1024, sections: [{ name: 'system', used: 600 }, { name: 'history', used: 1500, limit: 1600 }] };
const TRACES = [{ id: 't1', turn: 1, label: 'Add a --verbose flag', promptTokens: 3120, completionTokens: 212, durationMs: 4200, calls: 2, repairs: 0, current: true }];

/** A long conversation: tasks, replies with code, tool cards and a warning. */
function conversation(count) {
  const entries = [];
  for (let i = 0; i < count; i++) {
    entries.push({ id: `u${i}`, role: 'user', text: `Task ${i}: add a --verbose flag to the command line` });
    entries.push({ id: `c${i}`, role: 'tool', text: '', tool: { id: `c${i}`, name: 'read_file', args: 'src/cli.ts', state: 'ok', result: 'export function main() {}', repairs: [] } });
    entries.push({ id: `a${i}`, role: 'assistant', text: `Reply ${i}. I changed \`src/cli.ts\`:\n\n\`\`\`ts\nif (args.verbose) log.level = 'debug';\n\`\`\`\n\nThe tests pass.` });
  }
  entries.push({ id: 'warn', role: 'notice', level: 'warning', text: 'The model repeated the same failing patch; it was asked to re-read the file.' });
  return entries;
}

const measure = (page) => page.evaluate(panelBoxes);

for (const height of [600, 900]) {
  describe(`the panel at 280 × ${height}`, () => {
    let wv;
    let page;
    before(async () => {
      wv = await openWebview({ width: 280, height });
      page = wv.page;
      await wv.load('dark');
      await wv.deliver({ type: 'state', state: { entries: conversation(8), connection: CONNECTED, run: 'running', plan: PLAN, budget: BUDGET, traces: TRACES, pendingEdits: { count: 2, files: ['src/cli.ts'] } } });
      await page.locator('.entry[data-id="warn"]').waitFor();
      await page.locator('#pending-edits:not([hidden])').waitFor();
      await page.locator('#send[aria-label="Stop (Escape)"]').waitFor();
    });
    after(async () => {
      assert.deepEqual(wv?.errors ?? [], [], 'the page threw');
      await wv?.close();
    });

    test('the conversation gets at least half the height; nothing is outside the panel; Stop is visible', async () => {
      const m = await measure(page);
      assert.ok(m.transcript.height >= height / 2, `transcript ${m.transcript.height} px of ${height}`);
      assert.deepEqual(m.outside, [], 'elements drawn outside the panel');
      assert.ok(m.scrollWidth <= 280, `no horizontal scrollbar (content ${m.scrollWidth} px wide)`);
      assert.equal(m.pageScrolls, false, 'the panel itself does not scroll');
      assert.ok(m.send.bottom <= height && m.send.top >= 0, 'Stop is on screen');
      assert.ok(m.advice.right <= 280 && m.advice.height > 0 && m.advice.height < 60, `the warning is a compact strip inside the panel (${m.advice.height} px)`);
      assert.equal(m.atEnd, true, 'the newest output is in view');
    });

    test('an open panel lies over the conversation without shrinking it, and Escape closes it', async () => {
      const before = (await measure(page)).transcript.height;
      await page.locator('#budget summary').click();
      const body = page.locator('#budget .panel-body');
      await body.waitFor();
      const m = await measure(page);
      assert.equal(m.transcript.height, before, 'the transcript kept its height');
      const overlay = await body.boundingBox();
      assert.ok(overlay.y + overlay.height <= height && overlay.x + overlay.width <= 280, 'the panel stays inside the view');
      await page.locator('#plan summary').click(); // one at a time
      await page.locator('#plan .panel-body').waitFor();
      // the other panel closes on the plan's toggle event, which the browser fires after the plan is drawn
      await page.locator('#budget[open]').waitFor({ state: 'detached' });
      assert.equal(await page.locator('#budget').evaluate((d) => d.open), false);
      await page.keyboard.press('Escape');
      await page.locator('#plan .panel-body').waitFor({ state: 'hidden' });
      assert.equal((await wv.posted()).some((msg) => msg.type === 'stop'), false, 'Escape closed the panel instead of stopping the run');
    });

    test('the warning shows in full on demand', async () => {
      const advice = page.locator('.advice');
      const toggle = advice.getByRole('button');
      const clamped = (await advice.boundingBox()).height;
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.ok((await advice.boundingBox()).height > clamped, 'expanded');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    });

    test('follows new output at the end, stops when the reader scrolls up, and offers to jump back', async () => {
      await wv.deliver({ type: 'assistantStart', id: 's1' });
      for (let i = 0; i < 12; i++) await wv.deliver({ type: 'assistantDelta', id: 's1', delta: `Line ${i} of a long streamed reply.\n\n` });
      await wv.deliver({ type: 'assistantEnd', id: 's1' });
      await page.locator('.entry[data-id="s1"]:not([data-streaming])').waitFor();
      await page.waitForFunction(() => { const t = document.querySelector('#transcript'); return t.scrollHeight - t.scrollTop - t.clientHeight < 2; });
      assert.equal(await page.locator('#jump-latest').isHidden(), true);

      await page.locator('#transcript').evaluate((t) => { t.scrollTop = 0; t.dispatchEvent(new Event('scroll')); });
      await wv.deliver({ type: 'entry', entry: { id: 'later', role: 'assistant', text: 'Something new arrived below.' } });
      await page.locator('#jump-latest').waitFor();
      assert.equal(await page.locator('#transcript').evaluate((t) => t.scrollTop), 0, 'the reader keeps their place');
      await page.screenshot({ path: join(SHOTS, `jump-latest-${height}-dark.png`) });
      await page.locator('#jump-latest').click();
      await page.locator('#jump-latest').waitFor({ state: 'hidden' });
      assert.equal((await measure(page)).atEnd, true);
    });

    test('looks right in both themes', async () => {
      await page.screenshot({ path: join(SHOTS, `panel-${height}-dark.png`) });
      await wv.load('light');
      await page.locator('.entry[data-id="warn"]').waitFor();
      const m = await measure(page);
      assert.deepEqual(m.outside, []);
      assert.equal(m.atEnd, true, 'a re-shown panel opens at the end');
      await page.screenshot({ path: join(SHOTS, `panel-${height}-light.png`) });
    });
  });
}
