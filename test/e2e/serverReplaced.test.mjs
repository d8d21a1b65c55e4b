// A model server that stops while the header says it is connected, and another that starts on another
// port: the failed task makes SmallCode look again, the header shows the setup state instead of a server
// that is gone, the background watcher finds the new one, and the next task goes there. Auto-detection
// looks at two ports of the suite's own.
import assert from 'node:assert/strict';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { freePort } from '../support/vscodeHarness.mjs';
import { startReplayServer } from '../support/replayServer.ts';

let first;
let second;
let ports;
const { step, ctx } = e2eSuite({
  suite: 'server-replaced',
  beforeStart: async () => {
    ports = [await freePort(), await freePort()];
    first = await startReplayServer({ port: ports[0], emulate: 'lmstudio', models: ['first-model'], reportedContext: 16384, script: [] });
    return { env: { SMALLCODE_TEST_DETECT_PORTS: ports.join(',') } };
  },
  afterAll: async () => { await first?.close(); await second?.close(); },
});

const header = () => ctx.wb.chat.locator('#connection');

step('the server on the first port is found', async () => {
  await ctx.wb.openSmallCode();
  await header().locator('.server', { hasText: `127.0.0.1:${ports[0]}` }).waitFor({ timeout: 30_000 });
  await ctx.wb.chat.locator('#connection[data-status="ready"]', { hasText: 'first-model' }).waitFor();
});

step('it stops: the next task fails, and the header no longer claims it is connected', async () => {
  await first.close();
  first = undefined;
  await ctx.wb.send('Say hello');
  await ctx.wb.chat.locator('.entry-notice', { hasText: `Cannot reach a model server at http://127.0.0.1:${ports[0]}/v1` }).waitFor({ timeout: 30_000 });
  await ctx.wb.chat.locator('.setup', { hasText: 'No model server found' }).waitFor({ timeout: 20_000 });
});

step('another server started on the other port is found in the background, and the next task goes to it', async () => {
  second = await startReplayServer({ port: ports[1], emulate: 'llamacpp', models: ['second-model'], reportedContext: 16384, script: [{ text: 'Hello from the second server.' }] });
  await ctx.wb.chat.locator('#connection[data-status="ready"]', { hasText: 'second-model' }).waitFor({ timeout: 30_000 });
  assert.equal(second.chatRequests.length, 0, 'found without sending a task');
  await ctx.wb.send('Say hello again');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'Hello from the second server.' }).waitFor({ timeout: 30_000 });
  assert.equal(second.chatRequests.length, 1);
});
