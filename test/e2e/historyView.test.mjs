// The history view and the entry buttons (Retry, Edit and resend, Continue) in the chat webview alone,
// at a 280 px side bar: what is shown, what each click posts to the host, and screenshots in dark and
// light theme (test-output/webview/history-*.png).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWebview } from '../support/webviewPage.mjs';
import { poll } from '../support/poll.mjs';

const SHOTS = join(import.meta.dirname, '../../test-output/webview');
mkdirSync(SHOTS, { recursive: true });
let wv;
let page;

const CONNECTED = { status: 'ready', model: 'qwen2.5-coder-7b-instruct', endpoint: 'http://127.0.0.1:8080/v1', serverName: 'llama.cpp server', contextWindow: 8192 };
const today = new Date();
const at = (daysAgo, hours, minutes) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - daysAgo, hours, minutes).toISOString();
const HISTORY = {
  query: '', current: 'c3', warnings: [],
  items: [
    { id: 'c3', title: 'Fix the off-by-one bug in average and export mean as an alias', updatedAt: at(0, 15, 3), model: 'qwen2.5-coder-7b-instruct' },
    { id: 'c2', title: 'Add a --verbose flag to the CLI', updatedAt: at(1, 9, 12), model: 'qwen2.5-coder-7b-instruct' },
    { id: 'c1', title: 'Why does clamp return NaN?', updatedAt: at(40, 11, 30), model: 'llama-3.2-3b-instruct' },
  ],
};
const ENTRIES = [
  { id: 'u1', role: 'user', text: 'Rename clamp to limit' },
  { id: 'a1', role: 'assistant', text: 'Renamed `clamp` to `limit` in src/math.js.' },
  { id: 'u2', role: 'user', text: 'Explain the whole module in detail' },
  { id: 'a2', role: 'assistant', text: 'The module exports two functions: `average`, which sums the values and' },
  { id: 'n1', role: 'notice', level: 'warning', text: 'The reply was cut off at 512 tokens.', action: 'continue' },
];
const buttons = (id) => page.locator(`.entry[data-id="${id}"] .entry-actions button`).allTextContents();

before(async () => {
  wv = await openWebview({ width: 280, height: 640 });
  page = wv.page;
  await wv.load('dark');
  await wv.deliver({ type: 'state', state: { entries: ENTRIES, connection: CONNECTED, run: 'idle' } });
  await page.locator('.entry[data-id="n1"]').waitFor();
});
after(async () => {
  assert.deepEqual(wv?.errors ?? [], [], 'the page threw');
  await wv?.close();
});

test('each entry offers what fits: Edit on messages, Continue on the cut notice, no Retry on the cut reply', async () => {
  assert.deepEqual(await buttons('u1'), ['Edit']);
  assert.deepEqual(await buttons('u2'), ['Edit']);
  assert.deepEqual(await buttons('a1'), [], 'an earlier reply has no Retry');
  assert.deepEqual(await buttons('a2'), ['Retry'], 'the last reply has Retry');
  assert.deepEqual(await buttons('n1'), ['Continue']);
  await wv.clearPosted();
  await page.locator('.entry[data-id="n1"] button[data-action="continue"]').click();
  assert.deepEqual(await wv.posted(), [{ type: 'entryAction', action: 'continue', id: 'n1' }]);
});

test('while a run is in progress there are no buttons; an error notice of the last exchange offers Retry', async () => {
  await wv.deliver({ type: 'runState', run: 'running' });
  await poll('the buttons to go', async () => (await page.locator('.entry-actions').count()) === 0);
  await wv.deliver({ type: 'entry', entry: { id: 'n2', role: 'notice', level: 'error', text: 'HTTP 500: the server failed.', action: 'retry' } }, { type: 'runState', run: 'idle' });
  await poll('Retry on the error', async () => (await buttons('n2')).join() === 'Retry');
  assert.deepEqual(await buttons('a2'), [], 'one Retry per exchange: the error\'s');
  await wv.clearPosted();
  await page.locator('.entry[data-id="n2"] button[data-action="retry"]').click();
  assert.deepEqual(await wv.posted(), [{ type: 'entryAction', action: 'retry', id: 'n2' }]);
});

test('the buttons are laid again only where they change: a change elsewhere keeps them; an entry rendered anew gets its own', async () => {
  await page.evaluate(() => { for (const bar of document.querySelectorAll('.entry-actions')) bar.dataset.laid = 'before'; });
  const before = await page.locator('.entry-actions').count();
  assert.equal(before, 4, 'Edit on u1 and u2, Continue on n1, Retry on n2');
  await wv.deliver({ type: 'entry', entry: { id: 'n3', role: 'notice', level: 'info', text: 'The run changed no file.' } }, { type: 'runState', run: 'idle' });
  await page.locator('.entry[data-id="n3"]').waitFor();
  assert.equal(await page.locator('.entry-actions[data-laid="before"]').count(), before, 'every bar is the one laid before');
  assert.equal(await page.locator('.entry-actions').count(), before);
  await wv.deliver({ type: 'entry', entry: { id: 'u2', role: 'user', text: 'Explain the whole module in detail' } });
  await poll('u2 rendered anew with a bar of its own', async () => (await page.locator('.entry[data-id="u2"] .entry-actions:not([data-laid])').count()) === 1);
  assert.deepEqual(await buttons('u2'), ['Edit']);
  assert.equal(await page.locator('.entry-actions[data-laid="before"]').count(), before - 1, 'the others stay');
});

test('Edit turns a message into an input: Escape keeps it, Enter sends the edited text', async () => {
  const user = page.locator('.entry[data-id="u1"]');
  await user.hover();
  await page.screenshot({ path: join(SHOTS, 'entry-actions-dark.png') });
  await user.locator('button[data-action="edit"]').click();
  const input = user.locator('textarea.entry-edit-input');
  await input.waitFor();
  assert.equal(await input.inputValue(), 'Rename clamp to limit');
  await page.screenshot({ path: join(SHOTS, 'edit-dark.png') });
  await input.press('Escape');
  await input.waitFor({ state: 'detached' });
  assert.equal(await user.locator('.entry-text').textContent(), 'Rename clamp to limit');
  // the keyboard goes back to the Edit button it came from, not to the page (a screen reader would start over)
  const editFocused = () => user.locator('button[data-action="edit"]').evaluate((b) => b === document.activeElement);
  assert.equal(await editFocused(), true, 'Escape leaves the keyboard on Edit');
  await page.keyboard.press('Enter');
  await input.waitFor();
  await user.getByRole('button', { name: /^Cancel/ }).click();
  await input.waitFor({ state: 'detached' });
  assert.equal(await editFocused(), true, 'Cancel leaves the keyboard on Edit');
  await user.hover();
  await user.locator('button[data-action="edit"]').click();
  await wv.clearPosted();
  await input.fill('Rename clamp to bound');
  await input.press('Enter');
  assert.deepEqual(await wv.posted(), [{ type: 'entryAction', action: 'edit', id: 'u1', text: 'Rename clamp to bound' }]);
});

for (const theme of ['dark', 'light']) {
  test(`the history view lists, searches, opens, renames and deletes (${theme})`, async () => {
    if (theme === 'light') {
      await wv.load('light');
      await wv.deliver({ type: 'state', state: { entries: ENTRIES, connection: CONNECTED, run: 'idle' } });
    }
    await wv.deliver({ type: 'history', history: HISTORY, show: true });
    const view = page.locator('#history');
    await view.waitFor();
    assert.equal(await page.locator('#transcript').isVisible(), false, 'the history takes the conversation\'s place');
    assert.deepEqual(await view.locator('.history-item-title').allTextContents(), HISTORY.items.map((i) => i.title));
    const metas = await view.locator('.history-item-meta').allTextContents();
    assert.match(metas[0], /^Open now · Today 15:03 · qwen2\.5-coder-7b-instruct$/);
    assert.match(metas[1], /^Yesterday 09:12 · /);
    assert.equal(await view.locator('.history-item[aria-current="true"]').getAttribute('data-id'), 'c3');
    // nothing overflows the 280 px side bar
    const overflow = await page.evaluate(() => [...document.querySelectorAll('#history *')].filter((n) => n.getBoundingClientRect().right > window.innerWidth + 0.5).map((n) => n.className));
    assert.deepEqual(overflow, []);
    await page.screenshot({ path: join(SHOTS, `history-${theme}.png`) });

    await wv.clearPosted();
    await view.locator('.history-search').fill('verbose');
    await poll('the search to reach the host', async () => (await wv.posted()).some((m) => m.type === 'historyQuery' && m.query === 'verbose'));
    await wv.deliver({ type: 'history', history: { ...HISTORY, query: 'verbose', items: [HISTORY.items[1]] } });
    await poll('one result', async () => (await view.locator('.history-item').count()) === 1);
    await wv.deliver({ type: 'history', history: { ...HISTORY, query: 'verbose', items: [], warnings: ['Conversation x is damaged (not a JSON object).'] } });
    await poll('the empty result says so', async () => /No conversation mentions “verbose”\. 1 saved conversation could not be read/.test(await view.locator('.history-status').textContent()));
    // an answer for a query the user has typed past is stale: it changes nothing
    await view.locator('.history-search').fill('verbose f');
    // delivered, and seen by the panel's own listener (registered first, so it has run when this one does)
    await page.evaluate((m) => new Promise((resolve) => { window.addEventListener('message', () => resolve(), { once: true }); window.postMessage(m, '*'); }), { type: 'history', history: { ...HISTORY, query: 'verbose' } });
    assert.equal(await view.locator('.history-item').count(), 0, 'the stale answer is ignored');
    await view.locator('.history-search').fill('');
    await poll('the cleared search to reach the host', async () => (await wv.posted()).some((m) => m.type === 'historyQuery' && m.query === ''));
    await wv.deliver({ type: 'history', history: HISTORY });

    await wv.clearPosted();
    const second = view.locator('.history-item[data-id="c2"]');
    await second.locator('button', { hasText: 'Rename' }).click();
    const rename = view.locator('.history-rename');
    await rename.waitFor();
    await rename.fill('Verbose flag');
    await rename.press('Enter');
    await wv.deliver({ type: 'history', history: { ...HISTORY, items: HISTORY.items.map((i) => (i.id === 'c2' ? { ...i, title: 'Verbose flag' } : i)) } });
    await second.locator('.history-item-title', { hasText: 'Verbose flag' }).waitFor();
    await second.locator('button', { hasText: 'Delete' }).click();
    await view.locator('.history-item[data-id="c1"] .history-open').click();
    assert.deepEqual(await wv.posted(), [
      { type: 'historyAction', action: 'rename', id: 'c2', title: 'Verbose flag' },
      { type: 'historyAction', action: 'delete', id: 'c2' },
      { type: 'historyAction', action: 'open', id: 'c1' },
    ]);
    await view.waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#transcript').isVisible(), true, 'opening one goes back to the conversation');
  });
}

test('Escape closes the history view; an empty history says how it fills', async () => {
  await wv.deliver({ type: 'history', history: { items: [], query: '', warnings: [] }, show: true });
  const view = page.locator('#history');
  await view.waitFor();
  assert.match(await view.locator('.history-status').textContent(), /No saved conversations yet/);
  await view.locator('.history-search').press('Escape');
  await view.waitFor({ state: 'hidden' });
});
