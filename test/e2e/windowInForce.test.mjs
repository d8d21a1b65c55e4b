// After the server refuses a prompt as too long, the agent budgets with a window 15 % smaller: the status
// bar and the panel header show that window (with the detected one in the header), not the detected one
// the budget no longer uses. The replay server plays llama.cpp reporting 16,384 tokens and refuses the
// first prompt.
import assert from 'node:assert/strict';
import { e2eSuite } from '../support/e2eSuite.mjs';

const MODEL = 'qwen2.5-coder-7b-instruct';

const { step, ctx } = e2eSuite({
  suite: 'window-in-force',
  replay: {
    emulate: 'llamacpp', models: [MODEL], reportedContext: 16384,
    script: [
      { error: { status: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } },
      { text: '`sum` adds the values.' },
    ],
  },
});

step('before any refusal, the status bar and the header show the detected window', async () => {
  await ctx.wb.openSmallCode();
  const header = ctx.wb.chat.locator('#connection[data-status="ready"] .context');
  await header.waitFor({ timeout: 30_000 });
  assert.equal(await header.textContent(), '16,384-token context');
  await ctx.wb.page.locator('.statusbar-item', { hasText: `${MODEL} · 16k` }).waitFor();
});

step('after the server refused a prompt, both show the window in force; the header names the detected one and why', async () => {
  await ctx.wb.send('What does sum do?');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'adds the values' }).waitFor({ timeout: 60_000 });
  assert.equal(ctx.replay.chatRequests.length, 2, 'refused once, then answered');
  const header = ctx.wb.chat.locator('#connection .context', { hasText: 'shrunk' });
  await header.waitFor({ timeout: 15_000 });
  assert.equal(await header.textContent(), '13,926-token context (shrunk from 16,384)');
  assert.match(await header.getAttribute('title'), /^SmallCode budgets for 13,926 tokens since the server refused a prompt as too long; detected: 16,384-token context \(llama\.cpp \/props \(n_ctx\)\)$/);
  await ctx.wb.page.locator('.statusbar-item', { hasText: `${MODEL} · 14k` }).waitFor({ timeout: 15_000 });
});

step('a panel shown again (its state rebuilt by the host) still shows the window in force', async () => {
  await ctx.wb.runCommand('View: Show Explorer');
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection .context', { hasText: '13,926-token context (shrunk from 16,384)' }).waitFor({ timeout: 15_000 });
});
