// Where the keyboard is after an action in the chat webview (headless Chromium, the host played by
// the test): when the host redraws what was pressed, focus stays on it or next to it, never on the
// page's <body> (where Tab starts again from the top of the panel); Copy's result is said, not only shown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openWebview } from '../support/webviewPage.mjs';
import { poll } from '../support/poll.mjs';

let wv;
let page;
const CONNECTED = { status: 'ready', model: 'qwen2.5-coder-7b-instruct', endpoint: 'http://127.0.0.1:8080/v1' };
const entry = (e) => ({ type: 'entry', entry: e });

/** The focused element, as "tag.class" plus the id of the entry or history row it is in. */
const focused = () => page.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  const owner = a?.closest('[data-id]');
  return `${a?.tagName.toLowerCase()}${a?.classList[0] ? `.${a.classList[0]}` : ''}${owner ? ` in ${owner.dataset.id}` : ''}`;
});

before(async () => {
  wv = await openWebview();
  page = wv.page;
  await wv.load('dark');
  await wv.deliver({ type: 'state', state: { entries: [], connection: CONNECTED, run: 'running' } });
});
after(async () => {
  assert.deepEqual(wv?.errors ?? [], [], 'the page threw');
  await wv?.close();
});

test('Run on an approval card: the answered card keeps the keyboard', async () => {
  const card = (state) => entry({ id: 'ap1', role: 'approval', text: '', approval: { command: 'npm test', warnings: [], state } });
  await wv.deliver(card('pending'));
  await page.locator('.entry[data-id="ap1"] button[data-choice="run"]').focus();
  await page.keyboard.press('Enter');
  await poll('the decision posted', async () => (await wv.posted()).some((m) => m.type === 'approvalDecision'));
  await wv.deliver(card('approved'));
  await page.locator('.entry[data-id="ap1"] .approval-card[data-state="approved"]').waitFor();
  assert.equal(await focused(), 'div.approval-card in ap1');
});

test('Undo this run: the redrawn checkpoint card keeps the keyboard', async () => {
  const checkpoint = (state) => entry({ id: 'cp1', role: 'checkpoint', text: '', checkpoint: { state, files: [{ path: 'src/a.ts', change: 'edited' }] } });
  await wv.deliver(checkpoint('available'), { type: 'runState', run: 'idle' });
  await page.locator('.entry[data-id="cp1"] .checkpoint-undo').focus();
  await page.keyboard.press('Enter');
  await wv.deliver(checkpoint('undone'));
  await page.locator('.entry[data-id="cp1"] .checkpoint-card[data-state="undone"]').waitFor();
  assert.equal(await focused(), 'article.entry in cp1');
});

test('Retry: the reply keeps the keyboard when its buttons go away for the run', async () => {
  await wv.deliver(entry({ id: 'u1', role: 'user', text: 'Explain clamp' }), entry({ id: 'a1', role: 'assistant', text: 'It limits a value.' }));
  const retry = page.locator('.entry[data-id="a1"] button[data-action="retry"]');
  await retry.focus();
  await page.keyboard.press('Enter');
  await wv.deliver({ type: 'runState', run: 'running' });
  await retry.waitFor({ state: 'detached' });
  assert.equal(await focused(), 'article.entry in a1');
  await wv.deliver({ type: 'runState', run: 'idle' });
});

test('Edit and resend: after the host redraws the conversation the keyboard is on the message, not <body>', async () => {
  await page.locator('.entry[data-id="u1"] button[data-action="edit"]').click();
  const input = page.locator('.entry[data-id="u1"] .entry-edit-input');
  await input.fill('Explain clamp briefly');
  await input.press('Enter');
  await wv.deliver({ type: 'state', state: { entries: [{ id: 'u1', role: 'user', text: 'Explain clamp briefly' }], connection: CONNECTED, run: 'running' } });
  await page.locator('.entry[data-id="a1"]').waitFor({ state: 'detached' });
  assert.equal(await focused(), 'article.entry in u1');
  // A redraw that drops the entry the keyboard was on gives it to the composer.
  await wv.deliver({ type: 'state', state: { entries: [], connection: CONNECTED, run: 'idle' } });
  await page.locator('.empty-state').waitFor();
  assert.equal(await focused(), 'textarea.control');
});

test('History: Delete moves the keyboard to the row that takes its place; Rename back to its row', async () => {
  const item = (id, title) => ({ id, title, updatedAt: new Date().toISOString(), model: 'm' });
  const history = (items) => ({ type: 'history', history: { query: '', warnings: [], items } });
  await wv.deliver({ ...history([item('c3', 'Three'), item('c2', 'Two'), item('c1', 'One')]), show: true });
  await page.locator('#history .history-item[data-id="c2"]').waitFor();
  await page.locator('.history-item[data-id="c2"] button[aria-label="Delete “Two”"]').focus();
  await page.keyboard.press('Enter');
  await wv.deliver(history([item('c3', 'Three'), item('c1', 'One')]));
  await page.locator('.history-item[data-id="c2"]').waitFor({ state: 'detached' });
  assert.equal(await focused(), 'button.history-open in c1');

  await page.locator('.history-item[data-id="c1"] button[aria-label="Rename “One”"]').focus();
  await page.keyboard.press('Enter');
  const rename = page.locator('.history-item[data-id="c1"] .history-rename');
  await poll('the rename field has focus', async () => (await focused()) === 'input.history-rename in c1');
  await rename.fill('The first one');
  await rename.press('Enter');
  await wv.deliver(history([item('c3', 'Three'), item('c1', 'The first one')]));
  await page.locator('.history-item[data-id="c1"] .history-open', { hasText: 'The first one' }).waitFor();
  assert.equal(await focused(), 'button.history-open in c1');

  // Everything deleted: the search field.
  await page.locator('.history-item[data-id="c3"] button[aria-label="Delete “Three”"]').focus();
  await wv.deliver(history([]));
  await page.locator('.history-item').first().waitFor({ state: 'detached' });
  assert.equal(await focused(), 'input.history-search');
  await page.keyboard.press('Escape');
});

test('History rename: Enter that picks an IME candidate does not save', async () => {
  await wv.deliver({ type: 'history', history: { query: '', warnings: [], items: [{ id: 'c9', title: 'Nine', updatedAt: new Date().toISOString(), model: 'm' }] }, show: true });
  await page.locator('.history-item[data-id="c9"] button[aria-label="Rename “Nine”"]').click();
  const rename = page.locator('.history-item[data-id="c9"] .history-rename');
  await rename.fill('九');
  await wv.clearPosted();
  await rename.dispatchEvent('keydown', { key: 'Enter', isComposing: true });
  await rename.press('Enter');
  assert.deepEqual((await wv.posted()).filter((m) => m.type === 'historyAction'), [{ type: 'historyAction', action: 'rename', id: 'c9', title: '九' }]);
  await page.locator('#history .small-button', { hasText: 'Close' }).click();
  await page.locator('#history').waitFor({ state: 'hidden' });
});

test('Copy says what it did to a screen reader, not only on the button', async () => {
  await wv.deliver(entry({ id: 'a9', role: 'assistant', text: '```ts\nconst a = 1;\n```' }));
  await page.locator('.entry[data-id="a9"] .copy-code').focus();
  await page.keyboard.press('Enter');
  await poll('the result to be said', async () => (await page.locator('.entry[data-id="a9"] .copy-status[role="status"]').textContent()) === 'Copied', { timeoutMs: 5000 });
});

test('Accept all: the bar goes away once nothing waits, and the keyboard goes to the composer', async () => {
  await wv.deliver({ type: 'runState', run: 'idle' }, { type: 'pendingEdits', pending: { count: 2, files: ['src/a.ts'] } });
  await page.locator('#pending-edits #accept-all').focus();
  // one of two accepted: the bar is drawn again, and the keyboard stays on Accept all
  await wv.deliver({ type: 'pendingEdits', pending: { count: 1, files: ['src/a.ts'] } });
  await page.locator('#pending-edits', { hasText: '1 change' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'accept-all');
  await page.keyboard.press('Enter');
  await poll('Accept all posted', async () => (await wv.posted()).some((m) => m.type === 'editAction' && m.action === 'acceptAll'));
  await wv.deliver({ type: 'pendingEdits', pending: { count: 0, files: [] } });
  await page.locator('#pending-edits').waitFor({ state: 'hidden' });
  assert.equal(await focused(), 'textarea.control');
});

test('Jump to latest: the button goes away, and the keyboard goes to the conversation', async () => {
  const replies = Array.from({ length: 30 }, (_, i) => entry({ id: `r${i}`, role: 'assistant', text: `Reply ${i}\n\nmore text here\n\nand more` }));
  await wv.deliver(...replies);
  await page.locator('#transcript').evaluate((t) => { t.scrollTop = 0; t.dispatchEvent(new Event('scroll')); });
  await wv.deliver(entry({ id: 'r-new', role: 'assistant', text: 'Something new arrived below.' }));
  const jump = page.locator('#jump-latest');
  await jump.waitFor();
  await jump.focus();
  await page.keyboard.press('Enter');
  await jump.waitFor({ state: 'hidden' });
  assert.equal(await focused(), 'section.transcript');
});
