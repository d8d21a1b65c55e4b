// Conversations that last, in the real workbench: two conversations, a window reload, the first one
// reopened from the history view and continued (the model's side too: the next request carries its
// earlier messages); Retry after an HTTP 500, Continue after a reply cut at the length limit, and Edit
// and resend of an earlier message (with the confirmation when a later run changed files). The model is
// the replay server on 127.0.0.1, answering by what each request asks.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { poll } from '../support/poll.mjs';
import { startReplayServer } from '../support/replayServer.ts';
import { HistoryStore } from '../../src/node/historyStore.ts';

const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
/** The text of a request's messages, and of its last user message (notes and results included). */
const said = (req) => JSON.stringify(req.body.messages);
const lastUser = (req) => String([...req.body.messages].reverse().find((m) => m.role === 'user')?.content ?? '');

let failing = false;
function reply(req) {
  const last = lastUser(req);
  const end = req.body.messages.at(-1);
  if (end.role === 'tool' || last.includes('write_file result')) return { text: 'Created notes.txt with the code word.' };
  if (last.includes('Write the code word to notes.txt')) return { text: call('write_file', { path: 'notes.txt', content: 'pelican\n' }) };
  if (last.includes('Count the birds')) return failing ? { error: { status: 500, message: 'the model runner crashed' } } : { text: 'Three birds: pelican, heron, crane.' };
  if (last.includes('Describe every bird')) return { text: 'The pelican is a large water bird with a', finishReason: 'length', usage: { prompt_tokens: 900, completion_tokens: 64 } };
  if (last.includes('cut off at the length limit')) return { text: 'pouch under its beak for catching fish.' };
  if (last.includes('Remember the code word')) return { text: 'Noted: the code word is pelican.' };
  if (last.includes('What is 6 times 7')) return { text: '42.' };
  if (last.includes('What was the code word')) return { text: said(req).includes('Noted: the code word is pelican.') ? 'It was pelican.' : 'I do not know.' };
  if (last.includes('Which bird was it')) return { text: 'A pelican.' };
  if (last.includes('Double it')) return { text: said(req).includes('42.') ? 'It is 84.' : 'Double what?' };
  // (after the reload the interrupted message and this one reach the model as one user turn)
  if (last.includes('Go on')) return { text: said(req).includes('Refactor the login flow') ? 'Going on with the login refactor.' : 'Go on with what?' };
  if (last.includes('Take your time') || last.includes('Refactor the login flow')) return slowReply();
  return { text: 'Done.' };
}

/** A reply that waits until the test lets it go (the request is answered with an error when aborted). */
let slowArrived;
let releaseSlow;
function slowReply() {
  slowArrived?.();
  return new Promise((resolve) => { releaseSlow = () => resolve({ text: 'Finally.' }); });
}

let replay;
const { step, ctx } = e2eSuite({
  suite: 'history', screenshots: 'always',
  settings: { 'smallcode.approval.edits': 'auto' },
  beforeStart: async () => {
    replay = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 32768, handler: reply });
    return { settings: { 'smallcode.baseUrl': replay.baseUrl } };
  },
  afterAll: () => replay?.close(),
});

const chat = () => ctx.wb.chat;
async function send(text) {
  const prompt = chat().locator('#prompt textarea');
  await prompt.fill(text);
  await prompt.press('Enter');
  await chat().locator('#send[aria-label="Send message"]').waitFor({ timeout: 30_000 }); // the run ended
}
const titleAction = (label) => ctx.wb.page.locator(`.pane-header .action-label[aria-label^="${label}"], .title-actions .action-label[aria-label^="${label}"]`).first();
/** The conversations saved in the extension's storage for this workspace. */
function savedFiles() {
  const root = join(ctx.server.userDataDir, 'User', 'workspaceStorage');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((ws) => {
    const dir = join(root, ws, 'smallcode.smallcode', 'history');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)) : [];
  });
}

step('two conversations: the first is kept when New chat starts the second', async () => {
  await ctx.wb.openSmallCode();
  await chat().locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  await send('Remember the code word: pelican.');
  await chat().locator('.entry-assistant', { hasText: 'Noted: the code word is pelican.' }).waitFor();
  await titleAction('New chat').click();
  await chat().locator('.empty-state').waitFor();
  await send('What is 6 times 7?');
  await chat().locator('.entry-assistant', { hasText: '42.' }).waitFor();
  await poll('both conversations saved', () => savedFiles().length === 2, { timeoutMs: 10_000 });
});

step('after a window reload the chat is back', async () => {
  const reloaded = ctx.wb.page.waitForEvent('domcontentloaded', { timeout: 60_000 });
  await ctx.wb.runCommand('Developer: Reload Window');
  await reloaded;
  await ctx.wb.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // the side bar comes back as it was: on the SmallCode view
  await chat().locator('.entry-user', { hasText: 'What is 6 times 7?' }).waitFor({ timeout: 30_000 });
});

step('after the reload the conversation on screen is continued: the next request carries its earlier messages', async () => {
  await chat().locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  const before = replay.chatRequests.length;
  await send('Double it.');
  await chat().locator('.entry-assistant', { hasText: 'It is 84.' }).waitFor({ timeout: 30_000 });
  const request = replay.chatRequests.slice(before).find((r) => lastUser(r).includes('Double it'));
  assert.ok(said(request).includes('What is 6 times 7?') && said(request).includes('42.'), 'the model was given the conversation back');
});

step('a conversation renamed in another window keeps that name through this window\'s next save', async () => {
  const file = () => savedFiles().find((f) => readFileSync(f, 'utf8').includes('What is 6 times 7?'));
  await poll('the run\'s end saved', () => readFileSync(file(), 'utf8').includes('It is 84.'), { timeoutMs: 10_000 });
  // the other window: its own store on the same history folder, renaming from its history list
  const saved = JSON.parse(readFileSync(file(), 'utf8'));
  await new HistoryStore(dirname(file())).rename(saved.id, 'Times tables');
  await send('And times 3?');
  await poll('the run saved, at its start and its end', () => readFileSync(file(), 'utf8').includes('"text":"Done."'), { timeoutMs: 10_000 });
  assert.equal(JSON.parse(readFileSync(file(), 'utf8')).title, 'Times tables');
});

step('the history lists both conversations', async () => {
  await titleAction('Chat history').click();
  const history = chat().locator('#history');
  await history.waitFor({ timeout: 20_000 });
  await poll('two saved conversations listed', async () => (await history.locator('.history-item').count()) === 2);
  assert.deepEqual(await history.locator('.history-item-title').allTextContents(), ['Times tables', 'Remember the code word: pelican.']);
  assert.match(await history.locator('.history-item[aria-current="true"] .history-item-meta').textContent(), /Open now · Today \d\d:\d\d · qwen2\.5-coder-7b-instruct/);
});

step('the first conversation reopened is continued: the next request carries its earlier messages', async () => {
  await chat().locator('#history .history-item', { hasText: 'Remember the code word' }).locator('.history-open').click();
  await chat().locator('.entry-user', { hasText: 'Remember the code word: pelican.' }).waitFor();
  assert.equal(await chat().locator('.entry-user', { hasText: 'What is 6 times 7?' }).count(), 0);
  const before = replay.chatRequests.length;
  await send('What was the code word?');
  await chat().locator('.entry-assistant', { hasText: 'It was pelican.' }).waitFor();
  const request = replay.chatRequests.slice(before).find((r) => lastUser(r).includes('What was the code word'));
  assert.ok(said(request).includes('Remember the code word: pelican.') && said(request).includes('Noted: the code word is pelican.'), 'the reopened conversation reached the model');
  assert.ok(!said(request).includes('What is 6 times 7'), 'and not the other one');
});

step('an HTTP 500 ends in an error notice with Retry, which asks again from the same point', async () => {
  failing = true;
  await send('Count the birds we talked about.');
  const error = chat().locator('.entry-notice.notice-error', { hasText: 'the model runner crashed' });
  await error.waitFor({ timeout: 30_000 });
  failing = false;
  const before = replay.chatRequests.length;
  await error.locator('button[data-action="retry"]').click();
  await chat().locator('.entry-assistant', { hasText: 'Three birds: pelican, heron, crane.' }).waitFor({ timeout: 30_000 });
  await poll('the error notice to go', async () => (await chat().locator('.entry-notice.notice-error').count()) === 0);
  assert.equal(await chat().locator('.entry-user', { hasText: 'Count the birds' }).count(), 1, 'the message is asked again, not repeated');
  const request = replay.chatRequests.slice(before).find((r) => r.status === 200);
  assert.equal(said(request).split('Count the birds').length - 1, 1, 'the failed attempt is not in the conversation twice');
});

step('a reply cut at the length limit says so, and Continue asks for the rest', async () => {
  await send('Describe every bird in detail.');
  const notice = chat().locator('.entry-notice', { hasText: 'The reply was cut off at 64 tokens.' });
  await notice.waitFor({ timeout: 30_000 });
  const before = replay.chatRequests.length;
  await notice.locator('button[data-action="continue"]').click();
  await chat().locator('.entry-assistant', { hasText: 'pouch under its beak for catching fish.' }).waitFor({ timeout: 30_000 });
  const request = replay.chatRequests.slice(before)[0];
  assert.ok(said(request).includes('The pelican is a large water bird with a'), 'the model sees the cut reply it continues');
});

step('Edit and resend of an earlier message asks first when a later run changed files, then drops what followed', async () => {
  await send('Write the code word to notes.txt.');
  await chat().locator('.entry-assistant', { hasText: 'Created notes.txt' }).waitFor({ timeout: 30_000 });
  assert.equal(readFileSync(join(ctx.server.workspace, 'notes.txt'), 'utf8'), 'pelican\n');
  const message = chat().locator('.entry-user', { hasText: 'What was the code word?' });
  await message.hover();
  await message.locator('button[data-action="edit"]').click();
  const input = message.locator('textarea.entry-edit-input');
  await input.fill('Which bird was it?');
  const before = replay.chatRequests.length;
  await input.press('Enter');
  const dialog = ctx.wb.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 20_000 });
  assert.match(await dialog.textContent(), /SmallCode changed notes\.txt/);
  await dialog.locator('.monaco-button', { hasText: 'Edit and resend' }).click();
  await chat().locator('.entry-assistant', { hasText: 'A pelican.' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await chat().locator('.entry-user .entry-text').allTextContents(), ['Remember the code word: pelican.', 'Which bird was it?']);
  const request = replay.chatRequests.slice(before)[0];
  assert.ok(said(request).includes('Remember the code word: pelican.'), 'what came before the edited message is kept');
  for (const gone of ['What was the code word', 'Count the birds', 'Describe every bird', 'notes.txt']) assert.ok(!said(request).includes(gone), `"${gone}" was dropped`);
  assert.equal(readFileSync(join(ctx.server.workspace, 'notes.txt'), 'utf8'), 'pelican\n', 'the file the dropped run wrote stays');
});

step('saved conversations hold no more than the conversation: the file on disk matches what the chat shows', async () => {
  await poll('the edited conversation saved', () => savedFiles().some((f) => readFileSync(f, 'utf8').includes('Which bird was it?')), { timeoutMs: 10_000 });
  const saved = JSON.parse(readFileSync(savedFiles().find((f) => readFileSync(f, 'utf8').includes('Which bird was it?')), 'utf8'));
  assert.equal(saved.title, 'Remember the code word: pelican.');
  assert.equal(saved.model, 'qwen2.5-coder-7b-instruct');
  assert.deepEqual(saved.conversation.tasks.length, 2);
  assert.ok(!JSON.stringify(saved).includes('Count the birds'), 'what was dropped is not kept');
});

step('a first message still being answered when New chat is pressed is saved in its own conversation', async () => {
  const saved = savedFiles().length;
  const arrived = new Promise((resolve) => { slowArrived = resolve; });
  const prompt = chat().locator('#prompt textarea');
  await titleAction('New chat').click();
  await chat().locator('.empty-state').waitFor();
  await prompt.fill('Take your time with this one.');
  await prompt.press('Enter');
  await arrived;
  await titleAction('New chat').click();
  releaseSlow();
  await chat().locator('.empty-state').waitFor({ timeout: 30_000 });
  await poll('the interrupted conversation saved', () => savedFiles().length === saved + 1, { timeoutMs: 10_000 });
  const file = savedFiles().find((f) => readFileSync(f, 'utf8').includes('Take your time with this one.'));
  assert.ok(file, 'its first message is in the history');
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).title, 'Take your time with this one.');
});

step('a window reloaded while the model is still answering keeps the conversation: listed with its message, and the model gets it back', async () => {
  await titleAction('New chat').click();
  await chat().locator('.empty-state').waitFor();
  const arrived = new Promise((resolve) => { slowArrived = resolve; });
  const prompt = chat().locator('#prompt textarea');
  await prompt.fill('Refactor the login flow into its own module.');
  await prompt.press('Enter');
  await arrived;
  const reloaded = ctx.wb.page.waitForEvent('domcontentloaded', { timeout: 60_000 });
  await ctx.wb.runCommand('Developer: Reload Window');
  await reloaded;
  await ctx.wb.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  await chat().locator('.entry-user', { hasText: 'Refactor the login flow' }).waitFor({ timeout: 30_000 });
  await titleAction('Chat history').click();
  const history = chat().locator('#history');
  await history.locator('.history-item', { hasText: 'Refactor the login flow into its own module.' }).waitFor({ timeout: 20_000 });
  await history.locator('button', { hasText: 'Close' }).click();
  await chat().locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  await send('Go on.');
  await chat().locator('.entry-assistant', { hasText: 'Going on with the login refactor.' }).waitFor({ timeout: 30_000 });
});

step('a trace export that cannot be written says so (not only in the log)', async () => {
  await chat().locator('#budget summary').click();
  await chat().getByRole('button', { name: 'Export latest' }).click();
  // the save dialog of the web workbench: a path typed into a quick input
  const input = ctx.wb.page.locator('.quick-input-widget input');
  await poll('the dialog offers the default file', async () => /smallcode-trace-\w+\.json$/.test(await input.inputValue().catch(() => '')));
  await input.fill('/sys/smallcode-trace.json'); // a folder nothing can be written to, even by root
  // the dialog has gone to the folder typed (an Enter while it goes there is lost)
  await ctx.wb.page.locator('.quick-input-list .monaco-list-row', { hasText: /^kernel$/ }).waitFor();
  await input.press('Enter');
  await ctx.wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' }); // the dialog accepted it
  await ctx.wb.runCommand('Notifications: Show Notifications');
  await ctx.wb.page.locator('.notifications-center', { hasText: 'SmallCode could not export the trace to /sys/smallcode-trace.json' }).waitFor({ timeout: 15_000 });
  await ctx.wb.runCommand('Notifications: Clear All Notifications');
});
