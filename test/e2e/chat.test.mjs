// End to end, as a person uses it: the real workbench in headless Chromium, the SmallCode view
// opened from the activity bar, a message typed into the webview and answered by the host through
// the protocol, the panel hidden and shown again, and "Fix selection" run from the command palette.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { poll } from '../support/poll.mjs';
import { startReplayServer } from '../support/replayServer.ts';

let replay;
const { step, ctx } = e2eSuite({ suite: 'e2e', afterAll: () => replay?.close() });

step('the SmallCode view opens from the activity bar and shows the setup state when no server runs', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('.empty-state').waitFor();
  await ctx.wb.chat.locator('.setup', { hasText: 'No model server found' }).waitFor({ timeout: 20_000 });
  const setup = await ctx.wb.chat.locator('.setup').textContent();
  for (const place of ['LM Studio on 127.0.0.1:1234', 'Ollama on 127.0.0.1:11434', 'llama.cpp server on 127.0.0.1:8080', 'vLLM on 127.0.0.1:8000']) {
    assert.ok(setup.includes(place), `setup state does not say it tried ${place}`);
  }
  assert.match(setup, /OLLAMA_CONTEXT_LENGTH=16384 ollama serve/);
  assert.equal(await ctx.wb.chat.locator('#send').getAttribute('aria-label'), 'Send message');
});

step('once a server is configured, the panel shows its model and real context window, with the fix for a small one', async () => {
  replay = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 8192, script: [] });
  // As a user would: the Settings button opens the settings UI, where the endpoint is typed in;
  // SmallCode notices the change and looks again.
  await ctx.wb.chat.locator('vscode-button', { hasText: 'Settings' }).click();
  const field = ctx.wb.page.locator('.settings-editor .setting-item-contents', { hasText: 'Base URL' }).locator('input').first();
  await field.waitFor({ timeout: 20_000 });
  await field.fill(replay.baseUrl);
  await field.press('Tab');
  const header = ctx.wb.chat.locator('#connection[data-status="ready"]');
  await header.waitFor({ timeout: 20_000 });
  const text = await header.textContent();
  assert.match(text, /qwen2\.5-coder-7b-instruct/);
  assert.match(text, /llama\.cpp server/);
  assert.match(text, /8,192-token context/);
  assert.match(await ctx.wb.chat.locator('.advice').textContent(), /-c 16384|--ctx-size/);
  await ctx.wb.page.locator('.statusbar-item', { hasText: 'qwen2.5-coder-7b-instruct · 8k' }).waitFor();
});

step('a typed message is echoed by the extension host through the protocol', async () => {
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.click();
  await prompt.fill('Rename clamp to limit');
  await prompt.press('Enter');
  await ctx.wb.chat.locator('.entry-user .entry-text', { hasText: 'Rename clamp to limit' }).waitFor();
  await ctx.wb.chat.locator('.entry-notice').waitFor();
  assert.equal(await prompt.inputValue(), '', 'the input was not cleared after sending');
});

step('@ completes workspace files from the host, and the picked file goes to the model with the task', async () => {
  // SmallCode's own state (traces, memory) is never offered, however well it matches.
  mkdirSync(join(ctx.server.workspace, '.smallcode/traces'), { recursive: true });
  writeFileSync(join(ctx.server.workspace, '.smallcode/traces/mathj-trace.json'), '{}');
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.click();
  await ctx.wb.page.keyboard.type('Explain @mathj');
  // The completion list is the host's answer to the panel's mentionQuery request.
  await ctx.wb.chat.locator('#completion .completion-label', { hasText: 'math.js' }).waitFor({ timeout: 20_000 });
  assert.deepEqual((await ctx.wb.chat.locator('#completion .completion-label').allTextContents()).filter((l) => l.includes('.smallcode')), []);
  await ctx.wb.page.keyboard.press('Enter');
  assert.equal(await prompt.inputValue(), 'Explain @src/math.js ');
  const before = replay.chatRequests.length;
  await ctx.wb.page.keyboard.press('Enter');
  const math = readFileSync(join(ctx.server.workspace, 'src/math.js'), 'utf8');
  const request = await poll('the task with the mentioned file to reach the model', () => replay.chatRequests.slice(before).find((r) => JSON.stringify(r.body).includes('File src/math.js:')), { timeoutMs: 20_000 });
  assert.ok(JSON.stringify(request.body).includes(JSON.stringify(math).slice(1, 60)), 'the file content is attached');
  // the script is empty: the run ends once the client's retries give up (a message sent before is refused as busy)
  await ctx.wb.chat.locator('#send[aria-label="Send message"]').waitFor({ timeout: 30_000 });
});

step('a mention typed in full goes to the model too, also recalled with Up-arrow; one that cannot be attached is said', async () => {
  await ctx.wb.openFile('src/math.js');
  await ctx.wb.selectLines(4, 6);
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.click();
  // typed to the end: the list closes at each space, so nothing is picked from it
  const task = 'Explain @selection of @src/math.js please';
  await ctx.wb.page.keyboard.type(task);
  let before = replay.chatRequests.length;
  await ctx.wb.page.keyboard.press('Enter');
  const asked = (text) => (r) => JSON.stringify(r.body).includes(text);
  const request = await poll('the typed mentions to reach the model', () => replay.chatRequests.slice(before).find(asked('Selection in src/math.js (lines 4-6)')), { timeoutMs: 20_000 });
  assert.ok(asked('File src/math.js:')(request), 'the typed path is attached');
  await ctx.wb.chat.locator('#send[aria-label="Send message"]').waitFor({ timeout: 30_000 });
  // Nothing selected now: the recalled task still attaches the file, and the chat says what it could not attach.
  await ctx.wb.page.locator('.editor-instance .view-line', { hasText: 'function clamp' }).click();
  await poll('the selection to collapse', async () => !(await ctx.wb.page.locator('.statusbar').textContent()).includes('selected'));
  await prompt.click();
  await ctx.wb.page.keyboard.press('ArrowUp');
  assert.equal(await prompt.inputValue(), task);
  before = replay.chatRequests.length;
  await ctx.wb.page.keyboard.press('Enter');
  await ctx.wb.chat.locator('.entry-notice', { hasText: 'Not attached: @selection (nothing is selected in the editor).' }).waitFor({ timeout: 20_000 });
  const recalled = await poll('the recalled task to reach the model', () => replay.chatRequests.slice(before).find(asked('File src/math.js:')), { timeoutMs: 20_000 });
  assert.ok(asked('@selection: not attached (nothing is selected in the editor)')(recalled), 'the model is told too');
  await ctx.wb.chat.locator('#send[aria-label="Send message"]').waitFor({ timeout: 30_000 });
});

step('the conversation and an unsent draft survive hiding and showing the panel', async () => {
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.fill('half-written thought');
  await ctx.wb.activity('Explorer').click();
  await ctx.wb.page.locator('.explorer-folders-view').waitFor();
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('.entry-user .entry-text', { hasText: 'Rename clamp to limit' }).waitFor();
  assert.equal(await ctx.wb.chat.locator('#prompt textarea').inputValue(), 'half-written thought');
});

step('"SmallCode: Fix selection" from the command palette sends the selected code to the chat', async () => {
  await ctx.wb.openFile('src/math.js');
  await ctx.wb.selectLines(4, 6);
  await ctx.wb.runCommand('SmallCode: Fix selection');
  const task = ctx.wb.chat.locator('.entry-user .entry-text', { hasText: 'Change only src/math.js lines 4-6.' });
  await task.waitFor({ timeout: 20_000 });
  assert.match(await task.textContent(), /for \(let i = 0; i <= values\.length; i\+\+\) \{\n {4}total \+= values\[i\];\n {2}\}/);
});

step('New chat from the view title clears the conversation', async () => {
  await ctx.wb.page.locator('.pane-header[aria-label^="Chat"] .action-label[aria-label^="New chat"], .title-actions .action-label[aria-label^="New chat"]').first().click();
  await ctx.wb.chat.locator('.empty-state').waitFor();
  assert.equal(await ctx.wb.chat.locator('.entry').count(), 0);
  // The Fix selection run was still waiting for the model: it stops, and the new chat is idle.
  await ctx.wb.chat.locator('#send[aria-label="Send message"]').waitFor();
  // New chat ends with the composer focused; wait for it, or that focus can land on the next step's
  // command palette on a busy machine (and its Enter would send the composer's draft).
  const composer = ctx.wb.chat.locator('#prompt textarea');
  await poll('the composer to take the focus after New chat', () => composer.evaluate((el) => el.getRootNode().activeElement === el));
});

step('"SmallCode: Set API key" stores the key in secret storage, not in settings', async () => {
  await ctx.wb.runCommand('SmallCode: Set API key');
  const input = ctx.wb.page.locator('.quick-input-widget:visible input[type="password"]');
  await input.waitFor();
  await input.fill('sk-e2e-secret-4242');
  await ctx.wb.page.keyboard.press('Enter');
  // The confirmation lands in the notification center (toasts are not shown under the test driver).
  await ctx.wb.runCommand('Notifications: Show Notifications');
  await ctx.wb.page.locator('.notifications-center', { hasText: 'API key stored' }).waitFor({ timeout: 15_000 });
  const settings = readFileSync(join(ctx.server.userDataDir, 'User', 'settings.json'), 'utf8');
  assert.ok(!settings.includes('sk-e2e-secret-4242'), 'the API key leaked into settings.json');
});

step('a key set after the agent was built goes with the next request', async () => {
  const before = replay.chatRequests.length;
  await ctx.wb.send('Hello with a key');
  await poll('a chat request carrying the new key', () => replay.chatRequests.slice(before).find((r) => r.headers.authorization === 'Bearer sk-e2e-secret-4242'), { timeoutMs: 20_000 });
});
