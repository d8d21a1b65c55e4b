// An Ollama older than 0.12.6 ignores `truncate: false` and cuts an over-long prompt without a word. When
// SmallCode connects to one (the replay server playing Ollama 0.12.5), VS Code shows one warning that
// says so and to update Ollama; detecting the same server again does not show it again. "Don't show
// again" silences it for that server at that version, also after a reload; the same server at another
// (still old) version warns again.
import assert from 'node:assert/strict';
import { e2eSuite } from '../support/e2eSuite.mjs';

const WARNING = 'is older than 0.12.6: it may cut a long prompt silently';

/** What the replay server plays: its `ollama.version` is read at each request, so a step can "update" it. */
const REPLAY = { emulate: 'ollama', models: ['qwen2.5-coder:7b'], ollama: { version: '0.12.5' }, script: [] };

const { step, ctx } = e2eSuite({ suite: 'old-ollama', replay: REPLAY });

/** The notifications whose text holds `text`, in the notification center (toasts are not shown under the test driver). */
async function notificationsNow(text) {
  await ctx.wb.runCommand('Notifications: Show Notifications');
  await ctx.wb.page.locator('.notifications-center').waitFor({ timeout: 15_000 });
  return ctx.wb.page.locator('.notifications-center .notification-list-item', { hasText: text });
}

/** The same, once at least one is there. */
async function notifications(text) {
  const found = await notificationsNow(text);
  await found.first().waitFor({ timeout: 15_000 });
  return found;
}

const versionRequests = () => ctx.replay.requests.filter((r) => r.path === '/api/version').length;

/** Detects again (Select model asks the server) and returns once the pick is shown: any warning of that
 * detection was sent to the workbench before it (one extension host channel, in order). */
async function detectAgain() {
  const detections = versionRequests();
  await ctx.wb.runCommand('SmallCode: Select model');
  await ctx.wb.page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: 'qwen2.5-coder:7b' }).waitFor({ timeout: 30_000 });
  await ctx.wb.page.keyboard.press('Escape');
  assert.ok(versionRequests() > detections, 'the server was asked again');
}

step('connecting to Ollama 0.12.5 shows one warning: it may cut long prompts silently, update Ollama', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection[data-status="ready"]', { hasText: 'qwen2.5-coder:7b' }).waitFor({ timeout: 30_000 });
  const warning = await notifications(WARNING);
  assert.equal(await warning.count(), 1);
  assert.match(await warning.textContent(), new RegExp(`SmallCode: Ollama 0\\.12\\.5 at ${ctx.replay.origin.replace(/\./g, '\\.')} ${WARNING}.*Update Ollama`));
  assert.deepEqual(await warning.locator('.monaco-button').allTextContents(), ['Update', "Don't show again"]);
});

step('detecting the same server again (Select model) does not say it again', async () => {
  await detectAgain();
  assert.equal(await (await notifications(WARNING)).count(), 1);
});

step("Don't show again: after a window reload, the same server at the same version is not named again", async () => {
  const warning = await notifications(WARNING);
  await warning.locator('.monaco-button', { hasText: "Don't show again" }).click();
  await warning.waitFor({ state: 'detached', timeout: 15_000 });
  const detections = versionRequests();
  const reloaded = ctx.wb.page.waitForEvent('domcontentloaded', { timeout: 60_000 });
  await ctx.wb.runCommand('Developer: Reload Window');
  await reloaded;
  await ctx.wb.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // the side bar comes back on SmallCode, whose header detects the server again
  await ctx.wb.chat.locator('#connection[data-status="ready"]', { hasText: 'qwen2.5-coder:7b' }).waitFor({ timeout: 60_000 });
  assert.ok(versionRequests() > detections, 'the reloaded window asked the server');
  await detectAgain();
  assert.equal(await (await notificationsNow(WARNING)).count(), 0);
  // closed again: a notification that arrives while the center is open is listed twice there
  await ctx.wb.hideNotifications();
});

step('the same server at another old version (0.12.4) warns again', async () => {
  REPLAY.ollama.version = '0.12.4';
  await detectAgain();
  const warning = await notifications(WARNING);
  assert.equal(await warning.count(), 1);
  assert.match(await warning.textContent(), /SmallCode: Ollama 0\.12\.4 at /);
});
