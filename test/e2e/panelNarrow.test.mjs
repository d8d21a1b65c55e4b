// The chat panel in a narrow side bar (its default 280 px and a squeezed 220 px): what matters on a
// line is what stays visible. An approval card's warning shows the whole path it warns about, the
// proposed-edits bar keeps its count, and a long tool name gives way before the card's duration does.
// Boxes are measured in headless Chromium; screenshots go to test-output/layout/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWebview } from '../support/webviewPage.mjs';

const SHOTS = join(import.meta.dirname, '../../test-output/layout');
mkdirSync(SHOTS, { recursive: true });

const CONNECTED = { status: 'ready', model: 'qwen2.5-coder-7b-instruct', endpoint: 'http://127.0.0.1:8080/v1', serverName: 'llama.cpp', contextWindow: 8192 };
const LONG_PATH = 'packages/frontend/src/components/settings/NotificationPreferencesPanel.tsx';
const WARNINGS = [
  'writes to a file outside the workspace: /home/alice/.local/share/applications/updater.desktop',
  'changes packages/frontend/.config/vitest.setup.workspace.ts, a file that decides what the project\'s commands run',
];
const LONG_TOOL = 'mcp_filesystem_server_read_multiple_text_files_with_metadata';

for (const width of [280, 220]) {
  describe(`the panel at ${width} px wide`, () => {
    let wv;
    let page;
    before(async () => {
      wv = await openWebview({ width, height: 700 });
      page = wv.page;
      await wv.load('dark');
      await wv.deliver(
        { type: 'state', state: { entries: [], connection: CONNECTED } },
        { type: 'toolStart', tool: { id: 't1', name: LONG_TOOL, args: `path: ${LONG_PATH}`, headline: LONG_PATH, state: 'running', repairs: ['trailing comma removed'] } },
        { type: 'toolEnd', id: 't1', ok: true, result: '120 lines', durationMs: 5300 },
        { type: 'entry', entry: { id: 'ap1', role: 'approval', text: '', approval: { command: `cp build/out.js ${LONG_PATH}.bak`, warnings: WARNINGS, state: 'pending' } } },
        { type: 'pendingEdits', pending: { count: 12, files: [LONG_PATH] } },
      );
      await page.locator('.entry[data-id="ap1"] .approval-warnings').waitFor();
      await page.locator('.entry[data-id="t1"] .tool-duration').waitFor();
      await page.locator('#pending-edits:not([hidden])').waitFor();
    });
    after(async () => {
      assert.deepEqual(wv?.errors ?? [], [], 'the page threw');
      await wv?.close();
    });

    test('an approval card\'s warnings show the whole path they warn about', async () => {
      const lines = await page.locator('.approval-warnings li').evaluateAll((items) => items.map((li) => ({
        text: li.textContent, scrollWidth: li.scrollWidth, clientWidth: li.clientWidth, right: li.getBoundingClientRect().right,
      })));
      assert.deepEqual(lines.map((l) => l.text), WARNINGS.map((w) => `⚠ ${w}`));
      for (const line of lines) {
        assert.ok(line.scrollWidth <= line.clientWidth, `"${line.text}" is cut off: ${line.scrollWidth} px of text in ${line.clientWidth} px`);
        assert.ok(line.right <= width, `"${line.text}" ends at ${line.right} px, outside the panel`);
      }
      await page.locator('.entry[data-id="ap1"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `narrow-${width}-approval.png`) });
    });

    test('the proposed-edits bar shows its count in full beside Accept all / Reject all', async () => {
      const m = await page.evaluate(() => {
        const box = (selector) => document.querySelector(selector).getBoundingClientRect();
        const count = document.querySelector('#pending-edits .pending-count');
        return {
          count: count.textContent, countWidth: count.scrollWidth,
          shown: box('#pending-edits .pending-text').width, bar: box('#pending-edits'),
          buttons: [...document.querySelectorAll('#pending-edits vscode-button')].map((b) => b.getBoundingClientRect().right),
          buttonHeight: document.querySelector('#pending-edits vscode-button').getBoundingClientRect().height,
        };
      });
      assert.equal(m.count, '12 changes');
      assert.ok(m.shown >= m.countWidth, `the count is cut: ${m.countWidth} px of text in ${m.shown} px`);
      assert.ok(m.bar.right <= width, 'the bar stays inside the panel');
      // at the default width the bar keeps to one line (a second one takes the conversation's room)
      if (width >= 280) assert.ok(m.bar.height < 2 * m.buttonHeight, `the bar is ${m.bar.height} px high, a button ${m.buttonHeight} px`);
      for (const right of m.buttons) assert.ok(right <= m.bar.right, 'Accept all and Reject all stay inside the bar');
      await page.screenshot({ path: join(SHOTS, `narrow-${width}-pending.png`) });
    });

    test('a long tool name gives way: the repair badge and the duration stay on the card', async () => {
      const m = await page.locator('.entry[data-id="t1"] .tool-summary').evaluate((summary) => {
        const right = (selector) => summary.querySelector(selector).getBoundingClientRect().right;
        return { summary: summary.getBoundingClientRect().right, badge: right('.repair-badge'), duration: right('.tool-duration'), name: summary.querySelector('.tool-name').title };
      });
      assert.ok(m.summary <= width, 'the card is inside the panel');
      assert.ok(m.badge <= m.summary, `the repair badge ends at ${m.badge} px, past the card's ${m.summary} px`);
      assert.ok(m.duration <= m.summary, `the duration ends at ${m.duration} px, past the card's ${m.summary} px`);
      assert.equal(m.name, LONG_TOOL, 'the whole name is in the tooltip');
    });
  });
}
