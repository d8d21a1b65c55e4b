// A reply while it streams, and the markdown models write, in the real webview (headless Chromium):
// finished blocks keep their nodes (buttons clickable, focus held), what streamed renders exactly as
// the same text drawn whole, a long paragraph costs no more per paint as it grows, and code in list
// items and headings keep what the model wrote.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openWebview } from '../support/webviewPage.mjs';
import { poll } from '../support/poll.mjs';
import { prng } from '../support/prng.ts';

let wv;
let page;
const CONNECTED = { status: 'ready', model: 'qwen2.5-coder-7b-instruct', endpoint: 'http://127.0.0.1:8080/v1' };
const entry = (id, role, text) => ({ type: 'entry', entry: { id, role, text } });

before(async () => {
  wv = await openWebview();
  page = wv.page;
  await wv.load('dark');
  await wv.deliver({ type: 'state', state: { entries: [], connection: CONNECTED } });
});
after(async () => {
  assert.deepEqual(wv?.errors ?? [], [], 'the page threw');
  await wv?.close();
});

/** Streams `deltas` into reply `id` from inside the page, one every `everyMs` (as a local model does). */
function pump(id, deltas, everyMs) {
  wv.hostSaw(...deltas.map((delta) => ({ type: 'assistantDelta', id, delta })));
  return page.evaluate(async ({ id, deltas, everyMs }) => {
    for (const delta of deltas) {
      window.postMessage({ type: 'assistantDelta', id, delta }, '*');
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }, { id, deltas, everyMs });
}

test('while a reply streams, a finished code block keeps its node: Insert works and focus on Copy stays', async () => {
  await wv.deliver({ type: 'assistantStart', id: 'r1' }, { type: 'assistantDelta', id: 'r1', delta: 'Here is the fix:\n\n```ts\nconst a = 1;\n```\n\nNow I explain' });
  const reply = page.locator('.entry[data-id="r1"]');
  await reply.locator('.insert-code').waitFor();
  assert.equal(await reply.getAttribute('aria-busy'), 'true', 'a reader waits for the whole reply');
  // The reply keeps streaming (a few words every 30 ms) until the presses are done; renders are counted.
  await page.evaluate(() => {
    const body = document.querySelector('.entry[data-id="r1"] .entry-text');
    window.__renders = 0;
    new MutationObserver(() => { window.__renders++; }).observe(body, { childList: true });
    window.__streaming = true;
    void (async () => {
      for (let i = 0; window.__streaming; i++) {
        window.postMessage({ type: 'assistantDelta', id: 'r1', delta: ` word${i}` }, '*');
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    })();
  });
  const renders = () => page.evaluate(() => window.__renders);
  await wv.clearPosted();
  // Real presses, as a person makes them (down, held, up), each held until the reply rendered under it.
  const box = await reply.locator('.insert-code').boundingBox();
  for (let i = 0; i < 5; i++) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    const held = await renders();
    await poll('a render while the button is held', async () => (await renders()) > held);
    await page.mouse.up();
  }
  await reply.locator('.copy-code').focus();
  const seen = await renders();
  await poll('three more renders', async () => (await renders()) >= seen + 3);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('copy-code')), true, 'focus stayed on Copy');
  await page.evaluate(() => { window.__streaming = false; });
  assert.equal((await wv.posted()).filter((m) => m.type === 'codeBlockAction').length, 5, 'every press on Insert reached the host');
  await wv.deliver({ type: 'assistantEnd', id: 'r1' });
  await page.locator('.entry[data-id="r1"]:not([data-streaming])').waitFor();
  assert.equal(await reply.getAttribute('aria-busy'), null);
});

const TRICKY = [
  'Intro line\nstill the intro.\n\n## Steps to take ##\n\n1. Add the helper:\n\n   ```python\n   def clamp(x, lo, hi):\n       return max(lo, min(x, hi))\n   ```\n\n2. Call it\n   from `main`.\n\n10. Configure:\n\n    ```yaml\n    server:\n      port: 8080\n    ```\n',
  '> quoted\n> still quoted\n\n- a\n- b\n  - nested\n\n- c after a blank\n\nParagraph\n---\n**src/a.ts**\n```ts\nexport const a = 1;\n```\nafter the fence\n\n```\nunclosed at the end',
  '### Migrating to C#\n\nText with *em* and a [link](https://example.com).\n\n* star list\n+ plus list\n\n~~~\ntilde fence\n~~~\n\n1) one\n2) two\n\n   indented continuation\n\nThe end.',
];

test('a reply streamed in pieces renders exactly as the same text drawn whole', async () => {
  const rand = prng(20261206);
  for (const [n, text] of TRICKY.entries()) {
    const deltas = [];
    for (let at = 0; at < text.length;) {
      const size = 1 + Math.floor(rand() * 14);
      deltas.push(text.slice(at, at + size));
      at += size;
    }
    const id = `t${n}`;
    await wv.deliver({ type: 'assistantStart', id });
    await pump(id, deltas, 12);
    await wv.deliver({ type: 'assistantEnd', id }, entry(`${id}-whole`, 'assistant', text));
    await page.locator(`.entry[data-id="${id}-whole"]`).waitFor();
    const [streamed, whole] = await page.evaluate((id) => [id, `${id}-whole`].map((i) => document.querySelector(`.entry[data-id="${i}"] .entry-text`).innerHTML), id);
    assert.equal(streamed, whole, `text ${n} (seed 20261206)`);
  }
});

// Alone, and after a first paragraph (the render then resumes at the blank line between them).
for (const [id, intro] of [['long', ''], ['long-after', 'First, the plan.\n\n']]) test(`a long paragraph streams at a cost per paint that does not grow with it, and ends as the same text drawn whole${intro ? ' (after a first paragraph)' : ''}`, async () => {
  // 96 pieces of ~500 characters (48 KB, one paragraph): C prose whose `*p` never closes, spans that do,
  // and now and then a line break.
  const pieces = Array.from({ length: 96 }, (_, i) => `${i === 0 ? intro : ''}${'int *p, '.repeat(55)}see \`buf[${i}]\`, **step ${i}** and [doc](https://example.com/${i}) ${i % 8 === 7 ? '\n' : ''}`);
  await wv.deliver({ type: 'assistantStart', id });
  wv.hostSaw(...pieces.map((delta) => ({ type: 'assistantDelta', id, delta })));
  // One piece per paint; what each paint puts in the page is counted in characters.
  const perPaint = await page.evaluate(async ({ id, pieces }) => {
    const body = document.querySelector(`.entry[data-id="${id}"] .entry-text`);
    let painted = () => {};
    const added = [];
    const observer = new MutationObserver((records) => {
      added.push(records.reduce((sum, r) => sum + [...r.addedNodes].reduce((n, node) => n + node.textContent.length, 0), 0));
      painted();
    });
    observer.observe(body, { childList: true, subtree: true });
    for (const delta of pieces) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no paint after piece ${added.length}`)), 10_000);
        painted = () => { clearTimeout(timer); resolve(); };
        window.postMessage({ type: 'assistantDelta', id, delta }, '*');
      });
    }
    observer.disconnect();
    return added;
  }, { id, pieces });
  const most = (paints) => Math.max(...paints);
  const [early, late] = [most(perPaint.slice(0, 48)), most(perPaint.slice(48))];
  // Rendering the whole paragraph again at each paint would double from the first half to the second.
  assert.ok(late < early * 1.5, `a paint added up to ${early} characters while the paragraph grew to 24 KB, then up to ${late} while it grew to 48 KB`);
  const text = pieces.join('');
  await wv.deliver({ type: 'assistantEnd', id }, entry(`${id}-whole`, 'assistant', text));
  await page.locator(`.entry[data-id="${id}-whole"]`).waitFor();
  const [streamed, whole] = await page.evaluate((id) => [id, `${id}-whole`].map((i) => document.querySelector(`.entry[data-id="${i}"] .entry-text`).innerHTML), id);
  assert.equal(streamed, whole);
});

test('code in a numbered list item keeps its own indentation (Copy and Insert give runnable code)', async () => {
  await wv.deliver(entry('l1', 'assistant', TRICKY[0]));
  const blocks = page.locator('.entry[data-id="l1"] pre code');
  await blocks.first().waitFor();
  assert.deepEqual(await blocks.allTextContents(), ['def clamp(x, lo, hi):\n    return max(lo, min(x, hi))', 'server:\n  port: 8080']);
  // A model that indents under "1. " by two spaces only.
  await wv.deliver(entry('l2', 'assistant', '1. Add:\n\n  ```python\n  def f():\n      return 1\n  ```'));
  await page.locator('.entry[data-id="l2"] pre code').waitFor();
  assert.equal(await page.locator('.entry[data-id="l2"] pre code').textContent(), 'def f():\n    return 1');
  await wv.clearPosted();
  await page.locator('.entry[data-id="l1"] .insert-code').first().click();
  assert.equal((await wv.posted())[0].code, 'def clamp(x, lo, hi):\n    return max(lo, min(x, hi))');
});

test('a heading keeps a # that ends a word; a closing run of #s goes', async () => {
  await wv.deliver(entry('h1', 'assistant', '## Migrating to C#\n\n## Steps ##\n\n# F#'));
  await page.locator('.entry[data-id="h1"] h4').first().waitFor();
  assert.deepEqual(await page.locator('.entry[data-id="h1"] .md-heading').allTextContents(), ['Migrating to C#', 'Steps', 'F#']);
});
