// web_fetch in the real workbench (smallcode.web.enabled on): the first fetch from a host is asked in a
// modal that shows the whole address; Cancel sends nothing and the model is told it was declined, so it
// goes on without the page; the next fetch from that host asks again (only "Always allow" would not); a
// URL holding a secret is refused without asking anyone.
import assert from 'node:assert/strict';
import { scratchWorkspace } from '../support/vscodeHarness.mjs';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { startReplayServer } from '../support/replayServer.ts';

const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const PAGE = 'https://docs.example.com/guide?topic=retries';
const SCRIPT = [
  { text: call('web_fetch', { url: PAGE }) },
  { text: 'I could not read the guide, so here is what I know about retries.' },
  { text: call('web_fetch', { url: 'https://docs.example.com/other' }) },
  { text: call('web_fetch', { url: 'https://docs.example.com/c?k=sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789' }) },
  { text: 'Neither page was read.' },
];

let replay;
const { step, ctx } = e2eSuite({
  suite: 'webFetch', workspace: scratchWorkspace(),
  beforeStart: async () => {
    replay = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384, script: SCRIPT });
    return { settings: { 'smallcode.baseUrl': replay.baseUrl, 'smallcode.web.enabled': true } };
  },
  afterAll: () => replay?.close(),
});

const sentTo = (i) => JSON.stringify(replay.chatRequests[i]?.body?.messages ?? []);

step('the first fetch from a host asks in a modal with the whole address; Cancel sends nothing and the model is told', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  await ctx.wb.send('How should retries work? Read the guide.');
  const asked = await ctx.wb.answerModal('Fetch a page from docs.example.com?', 'Cancel');
  assert.ok(asked.includes(PAGE), `the modal shows the whole address: ${asked}`);
  assert.match(asked, /Always allow docs\.example\.com/);
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'here is what I know about retries' }).waitFor({ timeout: 30_000 });
  assert.match(sentTo(1), /Not fetched: the user declined fetching from docs\.example\.com/);
});

step('a declined host asks again; a URL with a secret is refused without a question', async () => {
  await ctx.wb.send('Try the other page.');
  await ctx.wb.answerModal('Fetch a page from docs.example.com?', 'Cancel');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'Neither page was read' }).waitFor({ timeout: 30_000 });
  assert.match(sentTo(4), /Not fetched: the URL contains a secret/);
  assert.equal(await ctx.wb.page.locator('.monaco-dialog-box').count(), 0, 'no modal for the secret URL');
});
