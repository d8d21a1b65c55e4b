// A model server started after the panel opened is found by itself: no task sent, no Retry pressed.
// The configured endpoint is a free port on 127.0.0.1 where nothing listens yet; the panel shows the
// setup state, then the replay server starts on that port and the header turns ready.
import assert from 'node:assert/strict';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { freePort } from '../support/vscodeHarness.mjs';
import { startReplayServer } from '../support/replayServer.ts';

let port;
let replay;
const { step, ctx } = e2eSuite({
  suite: 'redetect',
  beforeStart: async () => {
    port = await freePort();
    return { settings: { 'smallcode.baseUrl': `http://127.0.0.1:${port}/v1` } };
  },
  afterAll: () => replay?.close(),
});

step('the panel says nothing answers at the configured endpoint', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('.setup', { hasText: 'No model server found' }).waitFor({ timeout: 20_000 });
  assert.match(await ctx.wb.chat.locator('.setup').textContent(), new RegExp(`127\\.0\\.0\\.1:${port}`));
});

step('a server started afterwards is found in the background, and the setup state goes away', async () => {
  replay = await startReplayServer({ port, emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384, script: [] });
  const header = ctx.wb.chat.locator('#connection[data-status="ready"]', { hasText: 'qwen2.5-coder-7b-instruct' });
  await header.waitFor({ timeout: 30_000 });
  assert.equal(await ctx.wb.chat.locator('.setup').count(), 0);
  assert.equal(replay.chatRequests.length, 0, 'found without sending anything to the model');
});
