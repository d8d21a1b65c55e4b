// The header's actions for a server that answers but cannot be used yet, in the real workbench. With
// no smallcode.baseUrl, auto-detection looks at one port (the suite's own): LM Studio there wants a
// key. The setup card says so and offers "Set API key", which stores the key and makes that server the
// configured one (detection never sends a key to the ports it looks at). Then the model's window is
// too small, the advice shows, the user reloads the model at 32k and presses "Detect again".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { freePort } from '../support/vscodeHarness.mjs';
import { poll } from '../support/poll.mjs';
import { startReplayServer } from '../support/replayServer.ts';

const KEY = 'sk-e2e-lmstudio-7';
const lmStudio = (port, reportedContext) => startReplayServer({ port, emulate: 'lmstudio', apiKey: KEY, models: ['qwen2.5-coder-7b'], reportedContext, script: [] });

let port;
let replay;
const { step, ctx } = e2eSuite({
  suite: 'connection-actions',
  beforeStart: async () => {
    port = await freePort();
    replay = await lmStudio(port, 4096);
    return { env: { SMALLCODE_TEST_DETECT_PORTS: String(port) } };
  },
  afterAll: () => replay?.close(),
});

step('a keyed server on a known port: the card says it needs a key, the status bar says "key needed"', async () => {
  await ctx.wb.openSmallCode();
  const card = ctx.wb.chat.locator('.setup[data-problem="unauthorised"]');
  await card.waitFor({ timeout: 20_000 });
  assert.equal(await card.locator('.setup-title').textContent(), 'The server needs an API key');
  assert.match(await card.textContent(), new RegExp(`127\\.0\\.0\\.1:${port} needs an API key`));
  assert.equal(await card.locator('.how').count(), 0, 'no "start a server" list: one answered');
  await ctx.wb.page.locator('.statusbar-item', { hasText: 'SmallCode: key needed' }).waitFor();
  assert.ok(replay.requests.every((r) => r.headers.authorization === undefined), 'no key was sent to the scanned port');
  // The status bar's click leads to that card (Select model cannot list a keyed server's models).
  await ctx.wb.runCommand('View: Show Explorer');
  await ctx.wb.page.locator('iframe.webview.ready').waitFor({ state: 'hidden' });
  await ctx.wb.page.locator('.statusbar-item', { hasText: 'SmallCode: key needed' }).click();
  await ctx.wb.chat.locator('#set-api-key').waitFor({ state: 'visible', timeout: 10_000 });
});

step('"Set API key" on the card stores the key and uses that server', async () => {
  await ctx.wb.chat.locator('#set-api-key').click();
  const input = ctx.wb.page.locator('.quick-input-widget:visible input[type="password"]');
  await input.waitFor();
  await input.fill(KEY);
  await ctx.wb.page.keyboard.press('Enter');
  await ctx.wb.chat.locator('#connection[data-status="ready"]', { hasText: 'qwen2.5-coder-7b' }).waitFor({ timeout: 20_000 });
  const settings = await poll('smallcode.baseUrl in the user settings', () => {
    const text = readFileSync(join(ctx.server.userDataDir, 'User', 'settings.json'), 'utf8');
    return text.includes(replay.baseUrl) && text;
  });
  assert.ok(!settings.includes(KEY), 'the key stays out of settings.json');
});

step('after reloading the model at 32k as advised, "Detect again" finds the new window', async () => {
  const header = ctx.wb.chat.locator('#connection');
  await header.locator('.advice', { hasText: 'Context Length 32768' }).waitFor();
  await replay.close();
  replay = await lmStudio(port, 32768);
  await header.locator('#detect-again').click();
  await header.locator('.context', { hasText: '32,768-token context' }).waitFor({ timeout: 20_000 });
  assert.equal(await header.locator('.advice').count(), 0);
  await ctx.wb.page.locator('.statusbar-item', { hasText: 'qwen2.5-coder-7b · 32k' }).waitFor();
});
