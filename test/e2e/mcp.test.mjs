// Project rules and MCP servers in the real workbench: /rules lists the workspace's rules with their token
// cost; an MCP server (the SDK test server, spawned by the extension host over stdio) asks for consent in a
// modal the first time a task needs tools — declined, it is not started and the model gets no MCP tool;
// allowed, its tools are reached through mcp_tools / mcp_call, each call asked in a modal, and /mcp shows it
// running with its tools and what they cost; a changed smallcode.mcpServers reaches the next task.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, scratchWorkspace } from '../support/vscodeHarness.mjs';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { poll } from '../support/poll.mjs';
import { startReplayServer } from '../support/replayServer.ts';
import { toolsFor } from '../../src/core/tools/registry.ts';

const workspace = scratchWorkspace();
writeFileSync(join(workspace, 'AGENTS.md'), '# Conventions\n- Plain JavaScript, no dependencies.\n- Keep functions short.\n');
mkdirSync(join(workspace, '.smallcode/rules'), { recursive: true });
writeFileSync(join(workspace, '.smallcode/rules/tests.md'), '---\ndescription: How tests are written\nglobs: ["test/**"]\n---\nTests use node:test.\n');

const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const SCRIPT = [
  // Task 1: the server was not allowed; the model answers without tools.
  { text: 'I cannot add numbers with a tool here: 2 + 3 is 5.' },
  // Task 2: allowed; the model lists the server's tools, calls one (asked in a modal), answers.
  { text: call('mcp_tools', { server: 'calc' }) },
  { text: call('mcp_call', { tool: 'calc__add', arguments: { a: 2, b: 3 } }) },
  { text: 'The MCP server says 2 + 3 = 5.' },
  // Task 3: another call; the user presses Stop while its modal is open.
  { text: call('mcp_call', { tool: 'calc__add', arguments: { a: 4, b: 4 } }) },
  // Task 4 (task 3 never gets here: it is stopped): the renamed server was started for it; no call.
  { text: 'The renamed server calc2 is ready.' },
];
// No cwd: the server starts in the extension's global storage folder (tsx named by its full path there)
const MCP_SERVERS = { calc: { command: process.execPath, args: ['--import', pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href, join(REPO, 'test/support/mcpTestServer.ts'), 'ok'] } };

let replay;
const { step, ctx } = e2eSuite({
  suite: 'mcp', workspace,
  beforeStart: async () => {
    replay = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384, script: SCRIPT });
    return { settings: { 'smallcode.baseUrl': replay.baseUrl, 'smallcode.mcpServers': MCP_SERVERS } };
  },
  afterAll: () => replay?.close(),
});

const send = (text) => ctx.wb.send(text);
const notice = (text) => ctx.wb.chat.locator('.entry-notice', { hasText: text }).last();
const offered = (i) => (replay.chatRequests[i]?.body?.tools ?? []).map((t) => t.function.name);

step('/rules lists the workspace\'s rules, which apply, and their token cost', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  await send('/rules');
  const text = await notice('Project rules').textContent({ timeout: 20_000 });
  assert.match(text, /always-apply rules add \d+ tokens to every request/);
  assert.match(text, /AGENTS\.md: always, \d+ tokens/);
  assert.match(text, /tests(\.md)?: when files match test\/\*\*, \d+ tokens/);
});

step('/mcp lists the configured server before it runs; the first task asks in a modal, and Cancel keeps it stopped', async () => {
  await send('/mcp');
  assert.match(await notice('MCP servers').textContent({ timeout: 20_000 }), /calc: .*mcpTestServer\.ts ok \(in SmallCode.s folder, not the workspace\) — stopped/);
  await send('What is 2 + 3?');
  const asked = await ctx.wb.answerModal('Start the MCP server "calc"', 'Cancel');
  assert.match(asked, /mcpTestServer\.ts ok/, 'the modal shows the command it would run');
  assert.match(asked, /in SmallCode's folder, not the workspace/, 'and where it runs');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: '2 + 3 is 5' }).waitFor({ timeout: 30_000 });
  const builtIn = [true, false].map((codeIndex) => toolsFor({ codeIndex }).map((t) => t.name));
  assert.ok(builtIn.some((names) => JSON.stringify(names) === JSON.stringify(offered(0))), `a declined server offers no tool: ${offered(0).join(', ')}`);
  await send('/mcp');
  await notice('not allowed in this workspace').waitFor({ timeout: 20_000 });
});

step('New chat asks again; allowed, the model lists the tools, the call is approved in a modal and its result reaches the model', async () => {
  await send('/clear');
  await ctx.wb.chat.locator('.empty-state').waitFor();
  await send('Add 2 and 3 with the calculator');
  await ctx.wb.answerModal('Start the MCP server "calc"', 'Allow in this workspace');
  const asked = await ctx.wb.answerModal('Run "add" from MCP server "calc"?', 'Run once');
  assert.match(asked, /with these arguments:\s*\{\s*"a": 2/, 'the arguments in the detail');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'The MCP server says 2 + 3 = 5.' }).waitFor({ timeout: 30_000 });
  await ctx.wb.chat.locator('.tool-name', { hasText: '"add" from MCP server "calc"' }).first().waitFor({ timeout: 10_000 }); // the card says what the modal said
  const first = replay.chatRequests.length - 3;
  assert.deepEqual(offered(first).slice(-2), ['mcp_tools', 'mcp_call']);
  assert.ok(!offered(first).includes('calc__add'), 'no MCP schema in the request');
  assert.deepEqual(offered(first + 2), offered(first), 'the same tools on every request');
  const messages = (i) => replay.chatRequests[i].body.messages;
  assert.match(messages(first + 1).at(-1).content, /calc__add: Add two numbers\. Parameters:/, 'the schemas come as the tool result');
  assert.equal(messages(first + 2).at(-1).content, '5');
});

step('/mcp shows the server running with its tools, per-request and one-time schema tokens', async () => {
  await send('/mcp');
  const text = await notice('— running').textContent({ timeout: 20_000 });
  assert.match(text, /through mcp_tools and mcp_call: \d+ schema tokens per request with native tool calls, \d+ in the text protocol/);
  assert.match(text, /calc: .* — running, 6 tools: [1-9]\d* tokens per request \(its entry in mcp_tools\), \d+ once when listed: add, env_names/);
});

step('Stop while an MCP approval modal is open ends the run at once; the late answer runs nothing', async () => {
  await send('Add 4 and 4');
  const dialog = ctx.wb.page.locator('.monaco-dialog-box', { hasText: 'Run "add" from MCP server "calc"?' });
  await dialog.waitFor({ timeout: 30_000 });
  const requests = replay.chatRequests.length;
  // the modal covers the workbench: the click is dispatched to the Stop button itself
  await ctx.wb.chat.locator('#send[aria-label="Stop (Escape)"]').dispatchEvent('click');
  await notice('Stopped.').waitFor({ timeout: 10_000 });
  assert.equal(await dialog.count(), 1, 'the modal is still open (code cannot close it), the run is over');
  await dialog.locator('.monaco-button', { hasText: 'Run once' }).first().click();
  await dialog.waitFor({ state: 'detached' });
  await ctx.wb.chat.locator('#send:not([aria-label="Stop (Escape)"])').waitFor();
  await send('/mcp');
  await notice('— running').last().waitFor({ timeout: 20_000 });
  assert.equal(replay.chatRequests.length, requests, 'nothing ran and nothing was sent after Stop');
});

step('A changed smallcode.mcpServers gives the next task an agent on the new servers: the renamed one asks for consent; its slow start is shown', async () => {
  // Changed as a user does, in VS Code's settings.json editor (the file watcher of code-server's user
  // folder does not tell the extension host about a write from outside).
  const settingsFile = join(ctx.server.userDataDir, 'User', 'settings.json');
  // calc2 answers each message 4 s late: its start (initialize, tools/list) takes about 8 s
  const slow = { ...MCP_SERVERS.calc, args: [...MCP_SERVERS.calc.args.slice(0, -1), 'slow', '4000'] };
  const changed = { ...JSON.parse(readFileSync(settingsFile, 'utf8')), 'smallcode.mcpServers': { calc2: slow } };
  await ctx.wb.runCommand('Preferences: Open User Settings (JSON)');
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  await ctx.wb.page.keyboard.press('Control+A');
  await ctx.wb.page.keyboard.insertText(JSON.stringify(changed, null, 2));
  await ctx.wb.page.keyboard.press('Control+S');
  await poll('settings.json saved', () => readFileSync(settingsFile, 'utf8').includes('"calc2"'));
  // /mcp says when the extension host sees the new servers.
  const notices = ctx.wb.chat.locator('.entry-notice');
  await poll('/mcp to list the renamed server', async () => {
    const shown = await notices.count();
    await send('/mcp');
    await notices.nth(shown).waitFor({ timeout: 20_000 });
    return /calc2: .*— stopped/.test(await notices.nth(shown).textContent());
  }, { intervalMs: 500 });
  const requests = replay.chatRequests.length;
  // Toasts are not shown under the test driver: the notification is in the notification center.
  await ctx.wb.runCommand('Notifications: Show Notifications');
  await send('Add 1 and 1');
  // The agent built for calc asks nothing: only an agent on the new hub starts calc2.
  await ctx.wb.answerModal('Start the MCP server "calc2"', 'Allow in this workspace');
  const starting = ctx.wb.page.locator('.notifications-center .notification-list-item', { hasText: 'starting the MCP server "calc2"' });
  await starting.waitFor({ timeout: 15_000 });
  assert.equal(replay.chatRequests.length, requests, 'the task waits for the server before its first request');
  await starting.waitFor({ state: 'detached', timeout: 30_000 });
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'The renamed server calc2 is ready.' }).waitFor({ timeout: 30_000 });
  assert.equal(replay.chatRequests.length, requests + 1);
  assert.deepEqual(offered(requests).slice(-2), ['mcp_tools', 'mcp_call']);
  await send('/mcp');
  await ctx.wb.chat.locator('.entry-notice', { hasText: /calc2: .*— running/ }).waitFor({ timeout: 20_000 });
});
