// What a screen reader and voice control are given in the chat panel, read from Chromium's own
// accessibility tree (CDP): a tool card's name says which command ran or which file it read, every
// small button's name starts with the label it shows (WCAG 2.5.3: "click Close" reaches Close), and
// the context-window advice is an alert whose text is a real button that says it expands.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openWebview } from '../support/webviewPage.mjs';

let wv;
let page;
const ADVICE = 'The model runs with a 4,096-token context, too small for agent work. Start the server with a larger window, e.g. `OLLAMA_CONTEXT_LENGTH=16384 ollama serve`.';
const CONNECTED = { status: 'ready', model: 'qwen2.5-coder-7b-instruct', endpoint: 'http://127.0.0.1:11434/v1', serverName: 'Ollama', contextWindow: 4096, advice: ADVICE };
const TRACES = [{ id: 't1', turn: 1, label: 'Add a --verbose flag', promptTokens: 3120, completionTokens: 212, durationMs: 4200, calls: 2, repairs: 0, current: true }];
const entry = (e) => ({ type: 'entry', entry: e });

/** Every node of the accessibility tree with `role`: its computed name, and the DOM element it stands for (a toolkit button's host). */
async function axNodes(role) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const found = [];
    for (const node of nodes) {
      if (node.ignored || node.role?.value !== role || !node.backendDOMNodeId) continue;
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId });
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId, returnByValue: true,
        functionDeclaration: 'function () { const e = this.getRootNode().host ?? this; return { label: e.innerText.trim(), small: e.matches(".small-button, vscode-button") }; }',
      });
      found.push({ name: node.name?.value ?? '', ...result.value });
    }
    return found;
  } finally {
    await cdp.detach();
  }
}

/** The labels of the small buttons on screen whose accessible name does not start with that label. */
async function misnamedButtons(seen) {
  const buttons = (await axNodes('button')).filter((b) => b.small && b.label);
  for (const b of buttons) seen.add(b.label);
  return buttons.filter((b) => !b.name.toLowerCase().startsWith(b.label.toLowerCase())).map((b) => `${b.label} → "${b.name}"`);
}

before(async () => {
  wv = await openWebview({ width: 400, height: 800 });
  page = wv.page;
  await wv.load('dark');
  await wv.deliver({ type: 'state', state: { entries: [], connection: CONNECTED, run: 'idle', traces: TRACES, budget: { window: 4096, used: 1000, replyReserve: 512, sections: [] } } });
});
after(async () => {
  assert.deepEqual(wv?.errors ?? [], [], 'the page threw');
  await wv?.close();
});

test('a tool card is named with what it did (the command that ran), not only with its tool and state', async () => {
  await wv.deliver(
    { type: 'toolStart', tool: { id: 'c1', name: 'run_command', args: 'command: npm test -- --grep settings', headline: 'npm test -- --grep settings', state: 'running', repairs: [] } },
    { type: 'toolEnd', id: 'c1', ok: false, result: '3 failing', durationMs: 5300 },
  );
  await page.locator('.entry[data-id="c1"] .tool-card[data-state="failed"]').waitFor();
  const names = (await axNodes('DisclosureTriangle')).map((n) => n.name);
  assert.ok(names.includes('Tool run_command: npm test -- --grep settings, failed in 5.3 s'), `the card's name: ${JSON.stringify(names)}`);
});

test('every small button is named first by the label it shows', async () => {
  const seen = new Set();
  await wv.deliver(entry({ id: 'u1', role: 'user', text: 'Explain clamp' }), entry({ id: 'a1', role: 'assistant', text: 'It limits a value.' }));
  await page.locator('.entry[data-id="a1"] button[data-action="retry"]').waitFor();
  assert.deepEqual(await misnamedButtons(seen), [], 'the conversation');

  await page.locator('#budget summary').click();
  await page.locator('#traces .small-button', { hasText: 'Export latest' }).waitFor();
  assert.deepEqual(await misnamedButtons(seen), [], 'the context panel with its traces');
  await page.keyboard.press('Escape');

  await page.locator('.entry[data-id="u1"] button[data-action="edit"]').click();
  await page.locator('.entry[data-id="u1"] .entry-edit-input').waitFor();
  assert.deepEqual(await misnamedButtons(seen), [], 'a message being edited');
  await page.locator('.entry[data-id="u1"] .small-button', { hasText: 'Cancel' }).click();

  await wv.deliver({ type: 'history', history: { query: '', warnings: [], items: [{ id: 'c1', title: 'One', updatedAt: new Date().toISOString(), model: 'm' }] }, show: true });
  await page.locator('#history .history-item[data-id="c1"]').waitFor();
  assert.deepEqual(await misnamedButtons(seen), [], 'the history');
  await page.keyboard.press('Escape');
  await page.locator('#history').waitFor({ state: 'hidden' });

  await wv.deliver({ type: 'connection', connection: { status: 'no-server', model: '', endpoint: 'http://127.0.0.1:11434/v1' } });
  await page.locator('.setup').waitFor();
  assert.deepEqual(await misnamedButtons(seen), [], 'the setup card');
  for (const label of ['Retry', 'Edit', 'Change', 'Open', 'Export latest', 'Send', 'Cancel', 'Close', 'Rename', 'Delete', 'Settings']) {
    assert.ok(seen.has(label), `${label} was checked (seen: ${[...seen].join(', ')})`);
  }
  await wv.deliver({ type: 'connection', connection: CONNECTED });
});

test('the context-window advice is an alert whose text is a button that expands it', async () => {
  const advice = page.locator('#connection .advice[role="alert"]');
  await advice.waitFor();
  const toggle = advice.getByRole('button', { name: /^The model runs with a 4,096-token context/ });
  assert.equal(await toggle.count(), 1, 'the advice text is a button');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  const clamped = (await advice.boundingBox()).height;
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.ok((await advice.boundingBox()).height > clamped, 'the whole text shows');
  await page.keyboard.press(' ');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  const alerts = await axNodes('alert');
  assert.equal(alerts.length, 1, 'one alert');
  assert.equal((await axNodes('button')).filter((b) => b.name.startsWith('The model runs')).length, 1, 'its text is one button');
});
