// An Ollama older than 0.12.6 ignores `truncate: false` and cuts an over-long prompt without a word. When
// SmallCode connects to one (the replay server playing Ollama 0.12.5), VS Code shows one warning that
// says so and to update Ollama; detecting the same server again does not show it again.
import assert from 'node:assert/strict';
import { e2eSuite } from '../support/e2eSuite.mjs';

const WARNING = 'is older than 0.12.6: it may cut a long prompt silently';

const { step, ctx } = e2eSuite({
  suite: 'old-ollama',
  replay: { emulate: 'ollama', models: ['qwen2.5-coder:7b'], ollama: { version: '0.12.5' }, script: [] },
});

/** The notifications whose text holds `text` (in the notification center: toasts are not shown under the test driver). */
async function notifications(text) {
  await ctx.wb.runCommand('Notifications: Show Notifications');
  const found = ctx.wb.page.locator('.notifications-center .notification-list-item', { hasText: text });
  await found.first().waitFor({ timeout: 15_000 });
  return found;
}

step('connecting to Ollama 0.12.5 shows one warning: it may cut long prompts silently, update Ollama', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection[data-status="ready"]', { hasText: 'qwen2.5-coder:7b' }).waitFor({ timeout: 30_000 });
  const warning = await notifications(WARNING);
  assert.equal(await warning.count(), 1);
  assert.match(await warning.textContent(), new RegExp(`SmallCode: Ollama 0\\.12\\.5 at ${ctx.replay.origin.replace(/\./g, '\\.')} ${WARNING}.*Update Ollama`));
});

step('detecting the same server again (Select model) does not say it again', async () => {
  const detections = ctx.replay.requests.filter((r) => r.path === '/api/version').length;
  await ctx.wb.runCommand('SmallCode: Select model');
  // the pick opens once the detection has answered
  await ctx.wb.page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: 'qwen2.5-coder:7b' }).waitFor({ timeout: 30_000 });
  await ctx.wb.page.keyboard.press('Escape');
  assert.ok(ctx.replay.requests.filter((r) => r.path === '/api/version').length > detections, 'the server was asked again');
  assert.equal(await (await notifications(WARNING)).count(), 1);
});
