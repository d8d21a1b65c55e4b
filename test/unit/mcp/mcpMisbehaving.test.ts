// Real servers that misbehave the way real ones do (test/support/mcpTestServer.ts's flags): each keeps
// working where it can, and says clearly what went wrong where it cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpHub, type McpHubOptions } from '../../../src/node/mcp/mcpHub';
import { MAX_TOOLS_PER_SERVER, McpConnection } from '../../../src/node/mcp/mcpConnection';
import { mcpDefinition, readMcpServers, type McpServerEntry } from '../../../src/core/mcp';
import { isDeferred, serverToolsText } from '../../../src/core/tools/deferredTools';
import { PLUGIN_RESULT_CHARS } from '../../../src/core/tools/plugins';
import type { ToolPlugin } from '../../../src/core/tools/plugins';
import { startHttpMcpServer } from '../../support/mcpTestServer';
import { MAX_MESSAGE_BYTES } from '../../../src/node/mcp/stdoutEvents';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { poll } from '../../support/poll.mjs';

const REPO = process.cwd();
const stdio = (...flags: string[]) => ({ command: process.execPath, args: ['--import', 'tsx', join(REPO, 'test/support/mcpTestServer.ts'), 'ok', ...flags], cwd: REPO });
const entry = (name: string, config: Record<string, unknown>): McpServerEntry => {
  const { servers, problems } = readMcpServers({ [name]: config });
  assert.deepEqual(problems, []);
  return servers[0]!;
};
const plugin = (plugins: readonly ToolPlugin[], name: string) => {
  const found = plugins.find((p) => p.definition.name === name);
  assert.ok(found, `${name} among ${plugins.map((p) => p.definition.name).join(', ')}`);
  return found;
};

/** A hub over the given servers that approves every call and keeps its log lines and problems. */
function hubOf(servers: Record<string, Record<string, unknown>>, options: Partial<McpHubOptions> = {}) {
  const logged: string[] = [];
  const problems: string[] = [];
  const hub = new McpHub({
    servers: Object.entries(servers).map(([name, config]) => entry(name, config)), workspace: REPO,
    approve: async () => 'once', log: (m) => logged.push(m), onProblem: (m) => problems.push(m), ...options,
  });
  return { hub, logged, problems };
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

test('Stop during a call of a server that answers it anyway: the late answer is dropped (and logged), the server keeps serving', async () => {
  const { hub, logged } = hubOf({ late: stdio('--ignore-cancel') });
  try {
    const plugins = await hub.tools();
    const stop = new AbortController();
    const stopped = plugin(plugins, 'late__sleep').execute({ ms: 1500 }, stop.signal);
    setTimeout(() => stop.abort(), 200); // the user's Stop while the tool runs
    assert.match((await stopped).content, /cancel/i);
    await poll('the late answer', () => logged.some((l) => /late: .*unknown message ID/.test(l)), { timeoutMs: 10_000 });
    assert.match(hub.describe().join('\n'), /late: .* — running/);
    assert.deepEqual(await plugin(plugins, 'late__add').execute({ a: 1, b: 2 }), { ok: true, content: '3' });
  } finally {
    await hub.dispose();
  }
});

test('an HTTP 500 with a JSON-RPC error body fails that call only', async () => {
  const http = await startHttpMcpServer({ failingCalls: 1 });
  const { hub } = hubOf({ web: { url: http.url } });
  try {
    const plugins = await hub.tools();
    const failed = await plugin(plugins, 'web__add').execute({ a: 1, b: 2 });
    assert.equal(failed.ok, false);
    assert.match(failed.content, /upstream busy/);
    assert.doesNotMatch(failed.content, /not MCP/);
    assert.deepEqual(await plugin(plugins, 'web__add').execute({ a: 1, b: 2 }), { ok: true, content: '3' });
    assert.match(hub.describe().join('\n'), /web: .* — running/);
  } finally {
    await hub.dispose();
    await http.close();
  }
});

test('a banner and a JSON log line on stdout are skipped and logged; the server serves', async () => {
  const { hub, logged, problems } = hubOf({ banner: stdio('--banner') });
  try {
    const plugins = await hub.tools();
    assert.deepEqual(problems, []);
    assert.deepEqual(await plugin(plugins, 'banner__add').execute({ a: 2, b: 2 }), { ok: true, content: '4' });
    assert.ok(logged.some((l) => l.includes('not MCP: Weather server v1.2 listening on stdio')), logged.join('\n'));
    assert.ok(logged.some((l) => l.includes('not MCP: {"level":"info","msg":"started"}')), logged.join('\n'));
  } finally {
    await hub.dispose();
  }
});

test('a server that writes nothing but lines that are not MCP is stopped after 1,000 in a row, before its start timeout', async () => {
  const { hub, problems } = hubOf({ flood: stdio('--flood') }, { startTimeoutMs: 60_000 });
  try {
    const started = Date.now();
    assert.deepEqual(await hub.tools(), []);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    assert.match(problems.join('\n'), /MCP server flood wrote 1000 lines in a row that are not MCP, such as: DEBUG polling upstream/);
  } finally {
    await hub.dispose();
  }
});

test('a reset while the old process still closes, then a start at once: the new server stays up, and the old process ends', async () => {
  // --sticky: the server ignores stdin's end, so closing it takes seconds (until SIGTERM)
  const connection = new McpConnection(entry('sticky', stdio('--sticky')), { workspace: REPO });
  const pid = async () => Number((await connection.callTool('pid', {})).content[0]!.text);
  try {
    await connection.start();
    const first = await pid();
    const resetting = connection.reset();
    await connection.start(); // a task, while the old process is still closing
    await resetting;
    assert.equal(connection.state, 'ready');
    const second = await pid();
    assert.ok(second > 0 && second !== first, `${first} then ${second}`);
    assert.equal(alive(first), false, 'the old server was ended');
    await connection.stop();
    assert.equal(alive(second), false, 'and the new one when stopped');
  } finally {
    await connection.stop();
  }
});

test('New chat keeps a running server (same process, same tools) and starts a failed one again', async () => {
  const { hub } = hubOf({ kept: stdio('--sticky'), crashy: stdio() });
  try {
    const plugins = await hub.tools();
    const first = (await plugin(plugins, 'kept__pid').execute({})).content;
    assert.equal((await plugin(plugins, 'crashy__crash').execute({})).ok, false);
    assert.match(hub.describe().join('\n'), /crashy: .* — failed/);
    await hub.reset();
    const again = await hub.tools();
    assert.equal((await plugin(again, 'kept__pid').execute({})).content, first, 'the same process');
    assert.deepEqual(again.map((p) => p.definition.name), plugins.map((p) => p.definition.name), 'and the same names');
    assert.deepEqual(await plugin(again, 'crashy__add').execute({ a: 1, b: 2 }), { ok: true, content: '3' });
  } finally {
    await hub.dispose();
  }
});

test('an answer over 10 MB: that call fails saying so, the server keeps serving', async () => {
  const { hub } = hubOf({ big: stdio('--huge') });
  try {
    const plugins = await hub.tools();
    const huge = await plugin(plugins, 'big__huge').execute({});
    assert.equal(huge.ok, false);
    assert.match(huge.content, /big answered huge with more than 10 MB/);
    assert.equal(MAX_MESSAGE_BYTES, STDIO_DEFAULT_MAX_BUFFER_SIZE, 'the limit said is the SDK\'s');
    assert.deepEqual(await plugin(plugins, 'big__add').execute({ a: 1, b: 2 }), { ok: true, content: '3' });
    assert.match(hub.describe().join('\n'), /big: .* — running/);
  } finally {
    await hub.dispose();
  }
});

test('a server that cannot start says why: the crash\'s error line, not blank lines and the Node version; a command not found names PATH', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'mcp-start-'));
  const servers: Record<string, Record<string, unknown>> = { typo: { command: process.execPath, args: [join(folder, 'typo.js')] } };
  if (process.platform !== 'win32') servers.nocmd = { command: 'nonexistent-mcp-xyz' }; // Windows says so before spawning (exeSearch)
  const { hub, problems } = hubOf(servers, { serverFolder: folder });
  try {
    assert.deepEqual(await hub.tools(), []);
    const typo = problems.find((p) => p.includes('typo'));
    assert.match(typo ?? '', /Its last output: Error: Cannot find module .*typo\.js/);
    assert.match(typo ?? '', /Node\.js v\d+/, 'and the last lines');
    assert.doesNotMatch(typo ?? '', /\| {2}\|/, 'no blank line');
    if (servers.nocmd) assert.match(problems.find((p) => p.includes('nocmd')) ?? '', /MCP server nocmd could not start: "nonexistent-mcp-xyz" is not on the PATH of VS Code .*give its full path/);
  } finally {
    await hub.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a server whose tools change (tools/list_changed) offers its new list from the next task', async () => {
  const { hub } = hubOf({ dyn: stdio('--dynamic') });
  try {
    const before = await hub.tools();
    assert.equal(before.some((p) => p.definition.name === 'dyn__deploy'), false);
    assert.equal((await plugin(before, 'dyn__unlock').execute({})).content, 'unlocked');
    const after = await poll('the new list', async () => { const tools = await hub.tools(); return tools.some((p) => p.definition.name === 'dyn__deploy') && tools; }, { timeoutMs: 10_000 });
    assert.deepEqual(await plugin(after, 'dyn__deploy').execute({}), { ok: true, content: 'deployed' });
    assert.match(hub.describe().join('\n'), /dyn: .* running, 8 tools: .*unlock, deploy/);
  } finally {
    await hub.dispose();
  }
});

test('a server with 66 tools: every one is offered and callable, none dropped past the 40th', async () => {
  const { hub, problems } = hubOf({ many: stdio('--many') });
  try {
    const plugins = await hub.tools();
    assert.equal(plugins.length, 66);
    assert.deepEqual(problems, []);
    assert.deepEqual(await plugin(plugins, 'many__t55').execute({}), { ok: true, content: '55' });
  } finally {
    await hub.dispose();
  }
});

test('the largest server offered lists whole: its short listing of the longest names and descriptions fits a tool result', () => {
  const server = 'a'.repeat(32);
  const tools = Array.from({ length: MAX_TOOLS_PER_SERVER }, (_, i) => mcpDefinition(server, { name: `${'t'.repeat(40)}${i}`, description: 'd'.repeat(500), inputSchema: { type: 'object', properties: { q: { type: 'string', description: 'x'.repeat(200) } } } }));
  const listing = serverToolsText(server, tools.filter(isDeferred));
  assert.equal(listing.split('\n').length, MAX_TOOLS_PER_SERVER + 1);
  assert.ok(listing.length <= PLUGIN_RESULT_CHARS, `${listing.length} characters`);
});

test('a configured env value that is a secret is hidden by value in results and logs', async () => {
  const key = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
  const { hub } = hubOf({ leaky: { ...stdio('--leaky'), env: { API_KEY: key } } });
  try {
    const login = await plugin(await hub.tools(), 'leaky__login').execute({});
    assert.equal(login.ok, false);
    assert.match(login.content, /^Invalid API key: \S/);
    assert.doesNotMatch(login.content, new RegExp(key));
  } finally {
    await hub.dispose();
  }
});
