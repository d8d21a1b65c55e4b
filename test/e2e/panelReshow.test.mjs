// The panel hidden and shown again (VS Code rebuilds the webview; the page is reloaded here and the
// test's host answers `ready` with the conversation): the reader is back where they were, with the
// message they were editing and the history search they had typed; redraws do not read the
// connection's advice out again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openWebview } from '../support/webviewPage.mjs';
import { poll } from '../support/poll.mjs';

let wv;
let page;
const ADVICE = 'The model has a 4k window: load it with `-c 16384`.';
const CONNECTED = { status: 'ready', model: 'qwen2.5-coder-7b-instruct', endpoint: 'http://127.0.0.1:8080/v1', advice: ADVICE };
const ENTRIES = Array.from({ length: 40 }, (_, i) => (i % 2
  ? { id: `a${i}`, role: 'assistant', text: `Reply ${i}.\n\n${'A line of the answer that takes room. '.repeat(6)}` }
  : { id: `u${i}`, role: 'user', text: `Question ${i}` }));

before(async () => {
  wv = await openWebview({ width: 400, height: 700 });
  page = wv.page;
  await wv.load('dark');
  await wv.deliver({ type: 'state', state: { entries: ENTRIES, connection: CONNECTED, run: 'idle' } });
  await page.locator('.entry[data-id="a39"]').waitFor();
});
after(async () => {
  assert.deepEqual(wv?.errors ?? [], [], 'the page threw');
  await wv?.close();
});

test('shown again, the panel is where the reader scrolled to, with the message being edited and its text', async () => {
  await page.locator('.entry[data-id="u38"] button[data-action="edit"]').click();
  await page.locator('.entry[data-id="u38"] .entry-edit-input').fill('Question 38, asked better');
  await page.locator('#transcript').evaluate((t) => { t.scrollTop = 600; });
  await poll('the scroll position to be kept', async () => (await wv.savedState())?.scroll?.top === 600);
  assert.deepEqual((await wv.savedState()).editing, { id: 'u38', text: 'Question 38, asked better' });

  await wv.load('dark');
  await page.locator('.entry[data-id="a39"]').waitFor();
  assert.equal(await page.locator('#transcript').evaluate((t) => t.scrollTop), 600);
  assert.equal(await page.locator('#jump-latest').isVisible(), true, 'and it offers to jump to the latest');
  assert.equal(await page.locator('.entry[data-id="u38"] .entry-edit-input').inputValue(), 'Question 38, asked better');

  // Back at the end, and the edit sent: the next time it opens at the end, with no editor.
  await page.locator('#jump-latest').click();
  await page.locator('.entry[data-id="u38"] .entry-edit-input').press('Enter');
  await poll('the end and the sent edit to be kept', async () => { const s = await wv.savedState(); return !s.scroll && !s.editing; });
  await wv.load('dark');
  await page.locator('.entry[data-id="a39"]').waitFor();
  assert.equal(await page.locator('.entry-edit-input').count(), 0);
  assert.equal(await page.locator('#transcript').evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight < 2), true);
});

test('shown again with the history open, the history is open on the search typed', async () => {
  await wv.deliver({ type: 'history', history: { query: '', warnings: [], items: [] }, show: true });
  await page.locator('#history .history-search').fill('verbose');
  await poll('the search to be kept', async () => (await wv.savedState())?.history === 'verbose');
  await wv.load('dark');
  await page.locator('#history').waitFor();
  assert.equal(await page.locator('#history .history-search').inputValue(), 'verbose');
  assert.deepEqual((await wv.posted()).filter((m) => m.type === 'historyQuery'), [{ type: 'historyQuery', query: 'verbose' }]);
  await page.keyboard.press('Escape');
  await page.locator('#history').waitFor({ state: 'hidden' });
  assert.equal((await wv.savedState()).history, undefined);
});

test('a redraw with the same connection leaves its advice alone (a screen reader does not hear it again)', async () => {
  const advice = page.locator('#connection .advice[role="alert"]');
  await advice.evaluate((node) => { node.dataset.marked = 'yes'; });
  await wv.deliver({ type: 'state', state: { entries: ENTRIES, connection: CONNECTED, run: 'idle' } }, { type: 'connection', connection: CONNECTED });
  await page.locator('.entry[data-id="a39"]').waitFor();
  assert.equal(await advice.getAttribute('data-marked'), 'yes', 'the same node: not inserted again');
  await wv.deliver({ type: 'connection', connection: { ...CONNECTED, advice: 'Another advice.' } });
  await page.locator('#connection .advice', { hasText: 'Another advice.' }).waitFor();
});
