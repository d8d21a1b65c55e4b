// End to end, as a person reviews an edit: SmallCode proposes a two-hunk edit to src/math.js (through
// the e2e test hook, as the agent would), the diff editor shows it, the CodeLens "Accept" of the
// first hunk and "Reject" of the second are clicked, the disk holds exactly the accepted hunk, and
// Ctrl+Z in the editor then Ctrl+S bring the original back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, openBrowser, removeScratch, scratchWorkspace, startCodeServer, workbenchUrl } from '../support/vscodeHarness.mjs';
import { ReviewWorkbench } from '../support/reviewWorkbench.mjs';

const workspace = scratchWorkspace();
const MATH = join(workspace, 'src/math.js');
const ORIGINAL = readFileSync(MATH, 'utf8');
const HUNK1 = ['  for (let i = 0; i <= values.length; i++) {', '  for (let i = 0; i < values.length; i++) {'];
const HUNK2 = ['module.exports = { average, clamp };', 'module.exports = { average, clamp, mean: average };'];
const PROPOSED = ORIGINAL.replace(HUNK1[0], HUNK1[1]).replace(HUNK2[0], HUNK2[1]);
const ONLY_HUNK1 = ORIGINAL.replace(HUNK1[0], HUNK1[1]);
const PROPOSAL = join(workspace, '.smallcode', 'test-proposal.json');

let server;
let browser;
let wb;
let failed = false;

async function waitFor(what, probe, ms = 20_000) {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const disk = () => readFileSync(MATH, 'utf8');

before(async () => {
  mkdirSync(join(workspace, '.smallcode'), { recursive: true });
  writeFileSync(PROPOSAL, JSON.stringify({ path: 'src/math.js', proposed: PROPOSED }));
  server = await startCodeServer({ workspace, smokeTestDriver: true, env: { SMALLCODE_E2E_PROPOSAL_FILE: PROPOSAL } });
  browser = await openBrowser(server, { onConsole: (t) => process.env.SMALLCODE_E2E_CONSOLE && console.log('[console]', t) });
  wb = new ReviewWorkbench(browser.page, 'review');
  await browser.page.goto(workbenchUrl(server, { extensionDevelopmentPath: REPO }));
  await wb.ready();
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (server && !failed) removeScratch(server);
});

/** A UI step with a screenshot after it (and on failure). */
function step(name, fn) {
  test(name, async () => {
    const slug = name.replace(/\W+/g, '-').slice(0, 60);
    try {
      await fn();
      await wb.screenshot(slug);
    } catch (error) {
      failed = true;
      const shot = await wb.screenshot(`FAILED-${slug}`).catch(() => 'none');
      throw new Error(`${error.message}\nscreenshot: ${shot}; code-server log: ${server.logFile}`, { cause: error });
    }
  });
}

step('the proposed edit opens in the diff editor with Accept | Reject above each hunk', async () => {
  await wb.openSmallCode(); // activates SmallCode, which proposes the edit from the test hook
  await wb.diffEditor.waitFor({ timeout: 30_000 });
  await wb.page.locator('.tabs-container .tab', { hasText: "math.js ↔ SmallCode's proposal" }).waitFor();
  await waitFor('two hunks with CodeLens', async () => (await wb.codeLens('Accept').count()) >= 2 && (await wb.codeLens('Reject').count()) >= 2);
  assert.ok(await wb.codeLens('Accept all').count() >= 1);
  assert.equal(disk(), ORIGINAL, 'nothing is written before a decision');
});

step('Accept on hunk 1 writes exactly that hunk to disk', async () => {
  await wb.clickCodeLens('Accept');
  await waitFor('hunk 1 on disk', () => disk() === ONLY_HUNK1);
});

step('Reject on hunk 2 ends the review: the diff closes and the decision is partial', async () => {
  await wb.clickCodeLens('Reject');
  await waitFor('the decision', () => existsSync(`${PROPOSAL}.decision.json`));
  const decision = JSON.parse(readFileSync(`${PROPOSAL}.decision.json`, 'utf8'));
  assert.equal(decision.kind, 'partial');
  assert.equal(decision.content, ONLY_HUNK1);
  assert.match(decision.reason, /^rejected by the user: hunk 2 of 2/, 'the model is told which hunk was rejected');
  await waitFor('the diff to close', async () => (await wb.page.locator('.monaco-diff-editor').count()) === 0);
  assert.equal(disk(), ONLY_HUNK1, 'the file on disk holds exactly the accepted hunk');
});

step('Ctrl+Z in the editor restores the original, and Ctrl+S saves it', async () => {
  await wb.openFile('src/math.js');
  assert.match(await wb.editorText(), /i < values\.length/);
  await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await wb.page.keyboard.press('Control+Z');
  await waitFor('the editor to show the original', async () => /i <= values\.length/.test(await wb.editorText()));
  await wb.page.keyboard.press('Control+S');
  await waitFor('the original on disk', () => disk() === ORIGINAL);
});
