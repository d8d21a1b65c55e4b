// The MCP client against a real MCP server (test/support/mcpTestServer.ts, built with the SDK): its
// process over stdio and in-process over streamable HTTP; tools named server.tool, calls approved unless
// allowed, results redacted, API keys not inherited, and servers that exit, hang or send garbage
// stopped with a clear message while the run goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { McpHub } from '../../../src/node/mcp/mcpHub';
import { describeServer, FETCHING_START_TIMEOUT_MS, mcpDefinition, readMcpServers, START_TIMEOUT_MS, startTimeoutMs, type McpCallRequest, type McpServerEntry } from '../../../src/core/mcp';
import { TOOLS, categoryPrompt, parseCategoryChoice, toolsFor, toolsForCategory } from '../../../src/core/tools';

/** What an agent without a code index offers. */
const BUILT_IN = toolsFor({ codeIndex: false });
import { cleanup, hermes, runSession, tempWorkspace } from '../agent/helpers';
import { startReplayServer } from '../../support/replayServer';
import { SmallCode as Agent } from '../../../src/node/smallCode';
import { startHttpMcpServer } from '../../support/mcpTestServer';
import type { SmallCode } from '../../../src/node/smallCode';

const REPO = process.cwd();
const stdio = (mode: string, extra: Record<string, unknown> = {}) => ({ command: process.execPath, args: ['--import', 'tsx', join(REPO, 'test/support/mcpTestServer.ts'), mode], cwd: REPO, ...extra });
const entry = (name: string, config: Record<string, unknown>): McpServerEntry => {
  const { servers, problems } = readMcpServers({ [name]: config });
  assert.deepEqual(problems, []);
  return servers[0]!;
};

test('a stdio server in a run: its schemas come when listed; calls by mcp_call, server__tool or server.tool; allowed tools run, others ask; results redacted; no API key inherited', async () => {
  process.env.SMALLCODE_TEST_API_KEY = 'sk-test-should-not-leak-0123456789';
  const asked: McpCallRequest[] = [];
  let agent: SmallCode | undefined;
  const s = await runSession('Use the tools.', (_req, i) => ({
    text: [
      hermes('mcp_tools', { server: 'tools' }),
      hermes('mcp_call', { tool: 'tools__add', arguments: { a: 2, b: '3' } }),
      hermes('tools__env_names', {}),
      hermes('tools.read_config', {}),
      hermes('mcp_call', { tool: 'fail' }),
      'Done: 5.',
    ][i] ?? 'Done.',
  }), {
    toolMode: 'native',
    mcpServers: { tools: stdio('ok', { env: { GREETING: 'hello' }, allowedTools: ['add'] }) },
    approveMcp: async (request) => { asked.push(request); return 'once'; },
    onAgent: (a) => { agent = a; },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const offered = (i: number) => s.server.chatRequests[i]!.body.tools as { function: { name: string; description: string; parameters: any } }[];
    assert.deepEqual(offered(0).map((t) => t.function.name), [...BUILT_IN.map((t) => t.name), 'mcp_tools', 'mcp_call'], 'no MCP schema in the request');
    assert.match(offered(0).find((t) => t.function.name === 'mcp_tools')!.function.description, /Servers: tools \(add, env_names, read_config, sleep, crash, fail\)/);
    for (let i = 1; i < s.server.chatRequests.length; i++) {
      assert.deepEqual(offered(i), offered(0), `request ${i + 1}: the same tools, byte for byte`);
      assert.equal(JSON.parse(s.sent(i))[0].content, JSON.parse(s.sent(0))[0].content, `request ${i + 1}: the same system prompt`);
    }
    const listing = JSON.parse(s.sent(1)).at(-1) as { role: string; content: string };
    assert.equal(listing.role, 'tool', 'the schemas arrive as a tool result, appended');
    assert.match(listing.content, /^MCP server tools: 6 tools\. Call one with mcp_call/);
    const addLine = listing.content.split('\n').find((l) => l.startsWith('tools__add: '))!;
    const params = JSON.parse(addLine.slice(addLine.indexOf('Parameters: ') + 12));
    assert.deepEqual(params.required, ['a', 'b']);
    assert.equal(params.$schema, undefined, 'no token-only keys');
    assert.match(s.sent(2), /"content":"5"/, 'mcp_call ran tools__add, its "3" read as the number its schema asks for');
    assert.deepEqual(asked.map((a) => a.tool), ['env_names', 'read_config', 'fail'], 'add is allowed; the others ask');
    assert.deepEqual(s.result.toolCalls.map((c) => c.name), ['mcp_tools', 'tools__add', 'tools__env_names', 'tools__read_config', 'tools__fail'], 'each call counts as the MCP tool it ran');
    const env = JSON.parse(s.sent(3)).at(-1).content as string;
    assert.match(env, /GREETING/);
    assert.match(env, /PATH/);
    assert.doesNotMatch(env, /SMALLCODE_TEST_API_KEY/);
    const config = JSON.parse(s.sent(4)).at(-1).content as string;
    assert.doesNotMatch(config, /sk-live-0123456789abcdefghijklmnopqrstuv/);
    assert.match(config, /region = eu/);
    assert.match(config, /\[image image\/png omitted\]/);
    assert.ok(s.result.toolCalls.find((c) => c.name === 'tools__fail')?.ok === false, 'an isError result is a failed call');
    const lines = agent!.mcp!.describe();
    const [, native, text] = /through mcp_tools and mcp_call: (\d+) schema tokens per request with native tool calls, (\d+) in the text protocol, for all servers/.exec(lines[0]!)!.map(Number);
    assert.ok(native! > text! && text! > 20, `${native} native, ${text} text`);
    const [, line, once] = /tools: .* — running, 6 tools: (\d+) tokens per request \(its entry in mcp_tools\), (\d+) once when listed: add \(allowed\), env_names/.exec(lines[1]!)!.map(Number);
    assert.ok(line! > 5 && line! < text! && once! > line!, `${line} per request, ${once} once`);
  } finally {
    delete process.env.SMALLCODE_TEST_API_KEY;
    await agent?.close();
    cleanup(s.root);
  }
});

test('a declined call is not run and the model is told', async () => {
  let agent: SmallCode | undefined;
  const s = await runSession('Crash it.', (_r, i) => ({ text: i === 0 ? hermes('tools.crash', {}) : 'Not done.' }), {
    mcpServers: { tools: stdio('ok') }, approveMcp: async () => 'deny', onAgent: (a) => { agent = a; },
  });
  try {
    assert.match(s.sent(1), /tools__crash was not run: the user declined it/);
    assert.match(agent!.mcp!.describe()[1]!, /running/, 'the server is still up');
  } finally {
    await agent?.close();
    cleanup(s.root);
  }
});

test('a server that exits at start: a warning with its stderr, the run goes on with the built-in tools', async () => {
  const s = await runSession('What is 2 + 2?', [{ text: 'It is 4.' }], { toolMode: 'native', mcpServers: { broken: stdio('exit') } });
  try {
    assert.equal(s.result.success, true);
    const warning = s.events.find((e) => e.type === 'warning' && e.source === 'mcp') as { message: string } | undefined;
    assert.match(warning?.message ?? '', /MCP server broken (could not start|exited).*boom: no database configured/);
    assert.deepEqual((s.server.chatRequests[0]!.body.tools as { function: { name: string } }[]).map((t) => t.function.name), BUILT_IN.map((t) => t.name));
  } finally {
    cleanup(s.root);
  }
});

test('a server that never answers, or answers garbage, is stopped within its start timeout', async () => {
  const problems: string[] = [];
  const hub = new McpHub({
    servers: [entry('silent', stdio('hang')), entry('noisy', stdio('garbage'))], workspace: REPO, startTimeoutMs: 4000,
    approve: async () => 'deny', onProblem: (m) => problems.push(m),
  });
  try {
    const started = Date.now();
    assert.deepEqual(await hub.tools(), []);
    assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms`);
    const lines = hub.describe().join('\n');
    assert.match(lines, /silent: .* — failed: MCP server silent did not start within 4 s/);
    assert.match(lines, /noisy: .* — failed: MCP server noisy did not start within 4 s; it wrote only lines that are not MCP, such as: <html>not json-rpc<\/html>/);
    assert.equal(problems.length, 2);
    assert.deepEqual(await hub.tools(), [], 'a failed server is not retried on every task');
  } finally {
    await hub.dispose();
  }
});

test('the start timeout is one deadline for connecting and listing tools, not one for each', async () => {
  const problems: string[] = [];
  // each answer takes 60 % of the start timeout: initialize alone fits, initialize and tools/list do not
  const slow = { ...stdio('slow'), args: [...stdio('slow').args, '2400'] };
  const hub = new McpHub({ servers: [entry('slow', slow)], workspace: REPO, startTimeoutMs: 4000, approve: async () => 'deny', onProblem: (m) => problems.push(m) });
  try {
    const started = Date.now();
    assert.deepEqual(await hub.tools(), []);
    // the message is the check (a deadline per step would let both answers in, 4.8 s, and start it);
    // the time only bounds it, with room for a loaded machine's process start and teardown
    assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms`);
    assert.match(problems.join('\n'), /MCP server slow did not start within 4 s/);
  } finally {
    await hub.dispose();
  }
});

test('a call that hangs stops the server with a message; a server that crashes mid-call says it exited', async () => {
  const hub = new McpHub({ servers: [entry('slow', stdio('ok')), entry('crashy', stdio('ok'))], workspace: REPO, callTimeoutMs: 1500, approve: async () => 'once' });
  try {
    const plugins = await hub.tools();
    const sleep = plugins.find((p) => p.definition.name === 'slow__sleep')!;
    const hung = await sleep.execute({ ms: 60_000 });
    assert.equal(hung.ok, false);
    assert.match(hung.content, /MCP server slow did not answer sleep within 2 s and was stopped/);
    const crash = plugins.find((p) => p.definition.name === 'crashy__crash')!;
    const crashed = await crash.execute({});
    assert.equal(crashed.ok, false);
    assert.match(crashed.content, /crashy/);
    assert.match(hub.describe().join('\n'), /crashy: .* — failed: MCP server crashy exited/);
    const after = await plugins.find((p) => p.definition.name === 'crashy__add')!.execute({ a: 1, b: 1 });
    assert.match(after.content, /MCP server crashy exited/);
  } finally {
    await hub.dispose();
  }
});

test('a streamable-HTTP server: same tools, same calls', async () => {
  const http = await startHttpMcpServer();
  const hub = new McpHub({ servers: [entry('web', { url: http.url, allowedTools: ['add'] })], workspace: REPO, approve: async () => 'deny' });
  try {
    const plugins = await hub.tools();
    assert.deepEqual(plugins.map((p) => p.definition.name), ['web__add', 'web__env_names', 'web__read_config', 'web__sleep', 'web__crash', 'web__fail']);
    assert.equal(plugins[0]!.definition.category, 'mcp:web');
    assert.deepEqual(await plugins[0]!.execute({ a: 20, b: 22 }), { ok: true, content: '42' });
    assert.match((await plugins[2]!.execute({})).content, /was not run: the user declined it/);
    assert.ok(http.requests() >= 3);
  } finally {
    await hub.dispose();
    await http.close();
  }
});

test('consent: a server not allowed for this workspace is never started (asked again after New chat)', async () => {
  const http = await startHttpMcpServer();
  const seen: string[] = [];
  const hub = new McpHub({ servers: [entry('web', { url: http.url })], workspace: REPO, approve: async () => 'deny', consent: async (_e, description) => { seen.push(description); return false; } });
  try {
    assert.deepEqual(await hub.tools(), []);
    assert.deepEqual(await hub.tools(), []);
    assert.deepEqual(seen, [`web: ${http.url}`], 'asked once');
    assert.equal(http.requests(), 0);
    assert.match(hub.describe()[1]!, /not allowed in this workspace/);
    await hub.reset(); // New chat: asked again
    assert.deepEqual(await hub.tools(), []);
    assert.equal(seen.length, 2);
  } finally {
    await hub.dispose();
    await http.close();
  }
});

test('consent: Stop while the question is asked ends the wait, and is no answer: the next task asks again', async () => {
  const http = await startHttpMcpServer();
  const asked: AbortSignal[] = [];
  let shown: () => void = () => undefined;
  const hub = new McpHub({
    servers: [entry('web', { url: http.url })], workspace: REPO, approve: async () => 'deny',
    consent: (_e, _d, signal) => new Promise((resolve) => {
      asked.push(signal!);
      signal!.addEventListener('abort', () => resolve(false), { once: true });
      shown();
    }),
  });
  const question = () => new Promise<void>((resolve) => { shown = resolve; });
  try {
    for (const task of [1, 2]) {
      const stop = new AbortController();
      const asking = question();
      const tools = hub.tools(stop.signal);
      await asking;
      stop.abort(); // the user presses Stop while the dialog shows
      assert.deepEqual(await tools, [], `task ${task}`);
      assert.doesNotMatch(hub.describe()[1]!, /not allowed/, 'not recorded as declined');
    }
    assert.equal(asked.length, 2, 'asked again by the next task');
    assert.equal(http.requests(), 0, 'never started without a yes');
  } finally {
    await hub.dispose();
    await http.close();
  }
});

test('configuration: clear messages for bad entries, disabled servers skipped', () => {
  const { servers, problems } = readMcpServers({
    good: { command: 'npx', args: ['-y', 'server'] },
    'bad name!': { command: 'x' },
    nocommand: { args: ['x'] },
    badurl: { url: 'file:///etc/passwd' },
    typo: { command: 'x', argz: [] },
    off: { command: 'x', disabled: true },
  });
  assert.deepEqual(servers.map((s) => s.name), ['good']);
  assert.equal(problems.length, 4);
  assert.match(problems.join('\n'), /"bad name!": a name is 1–32/);
  assert.match(problems.join('\n'), /"nocommand": command/);
  assert.match(problems.join('\n'), /"badurl": url: must be an http\(s\) URL/);
  assert.match(problems.join('\n'), /"typo": .*argz/i);
  assert.deepEqual(readMcpServers([]).problems.length, 1);
});

test('consent: what the user allows names everything that decides what runs unasked, so a changed entry asks again; no env or header value is shown', () => {
  const base = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 'ghp_secret' } };
  const key = (config: Record<string, unknown>) => describeServer(entry('github', config));
  // where it runs is said (without a cwd: not in the workspace), so a consent given when it ran there is asked again
  assert.equal(key(base), 'github: npx -y @modelcontextprotocol/server-github (in SmallCode\'s folder, not the workspace; env: GITHUB_TOKEN)');
  assert.notEqual(key(base), 'github: npx -y @modelcontextprotocol/server-github (env: GITHUB_TOKEN)', 'the key before servers left the workspace');
  const changed = [
    { ...base, allowedTools: ['push_files', 'delete_branch'] },
    { ...base, allowedTools: ['search_issues'] },
    { ...base, cwd: '/tmp/elsewhere' },
    { ...base, timeoutMs: 600_000 },
  ].map(key);
  assert.equal(new Set([key(base), ...changed]).size, 5, 'each change is another consent');
  assert.equal(changed[0], 'github: npx -y @modelcontextprotocol/server-github (in SmallCode\'s folder, not the workspace; env: GITHUB_TOKEN; runs without asking: push_files, delete_branch)');
  assert.match(changed[2]!, /\(in \/tmp\/elsewhere; env: GITHUB_TOKEN\)$/);
  assert.match(changed[3]!, /calls may take 600 s\)$/);
  const http = describeServer(entry('docs', { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer abcdefgh12345678' }, allowedTools: ['search'] }));
  assert.equal(http, 'docs: https://mcp.example.com/mcp (headers: Authorization; runs without asking: search)');
  assert.notEqual(http, describeServer(entry('docs', { url: 'https://mcp.example.com/mcp', headers: { 'X-Api-Key': 'abcdefgh12345678' }, allowedTools: ['search'] })));
});

test('routing: each server is its own category, listed only when its tools are there', () => {
  const defs = [mcpDefinition('web', { name: 'search', description: 'Search the docs.', inputSchema: { type: 'object', properties: { q: { type: 'string', title: 'Q' } } } })];
  const tools = [...TOOLS, ...defs];
  assert.equal(categoryPrompt(TOOLS), categoryPrompt(), 'no opt-in tools: the routing prompt is as before');
  assert.match(categoryPrompt(tools), /\nmcp:web: tools of the web MCP server\ndone:/);
  assert.deepEqual(toolsForCategory('mcp:web', tools).map((t) => t.name), ['web__search']);
  assert.equal(parseCategoryChoice('I need mcp:web here', tools), 'mcp:web');
  assert.equal(parseCategoryChoice('web__search', tools), 'mcp:web');
  assert.equal(parseCategoryChoice('read', tools), 'read');
  assert.deepEqual(defs[0]!.parameters, { type: 'object', properties: { q: { type: 'string' } } }, 'title dropped: it only costs tokens');
});

test('the tools sent stay byte-identical across tasks when a server crashes in between; its calls answer with its failure', async () => {
  const root = tempWorkspace({});
  const replies = [hermes('mcp_call', { tool: 'crashy__crash' }), 'Crashed.', hermes('mcp_call', { tool: 'crashy__add', arguments: { a: 1, b: 2 } }), 'Done.'];
  const server = await startReplayServer({ handler: (_req, i) => ({ text: replies[i] ?? 'Done.' }) });
  const agent = new Agent({
    baseUrl: server.baseUrl, workspace: root, contextWindow: 16_384, model: 'smollm3-3b', toolMode: 'native',
    mcpServers: { calc: stdio('ok'), crashy: stdio('ok') }, approveMcp: async () => 'once',
  });
  try {
    assert.equal((await agent.run('Crash it.')).success, true);
    assert.match(agent.mcp!.describe().join('\n'), /crashy: .* — failed: MCP server crashy exited/);
    assert.equal((await agent.run('Add 1 and 2.')).success, true);
    const body = (i: number) => server.chatRequests[i]!.body as { tools: unknown[]; messages: { role: string; content: string }[] };
    assert.equal(server.chatRequests.length, 4);
    assert.equal(JSON.stringify(body(2).tools), JSON.stringify(body(0).tools), 'task 2 sends the tools of task 1, byte for byte');
    assert.equal(body(2).messages[0]!.content, body(0).messages[0]!.content, 'and the same system prompt');
    assert.match(JSON.stringify(body(0).tools), /crashy \(add, /);
    assert.match(body(3).messages.at(-1)!.content, /crashy__add failed: MCP server crashy exited/);
  } finally {
    await agent.close();
    await server.close();
    cleanup(root);
  }
});

test('a start timeout by the server: its own setting, else longer for launchers that may download it first', () => {
  const timeout = (config: Record<string, unknown>) => startTimeoutMs(entry('s', config).config);
  assert.equal(timeout({ command: 'node', args: ['server.js'] }), START_TIMEOUT_MS);
  assert.equal(timeout({ url: 'http://127.0.0.1:3000/mcp' }), START_TIMEOUT_MS);
  for (const fetching of [
    { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },
    { command: '/usr/local/bin/npx', args: ['server'] },
    { command: 'C:\\Program Files\\nodejs\\npx.cmd', args: ['server'] },
    { command: 'uvx', args: ['mcp-server-git'] },
    { command: 'pnpm', args: ['--silent', 'dlx', 'server'] },
    { command: 'npm', args: ['exec', 'server'] },
    { command: 'docker', args: ['run', '-i', 'mcp/github'] },
  ]) assert.equal(timeout(fetching), FETCHING_START_TIMEOUT_MS, fetching.command);
  // Windows' usual form: cmd runs the launcher (`/c`, `/k`, after cmd's own switches, or as one line)
  for (const args of [['/c', 'npx', '-y', '@modelcontextprotocol/server-github'], ['/d', '/s', '/C', 'npx.cmd', 'server'], ['/k', 'pnpm dlx server'], ['/c', 'cmd', '/c', 'uvx', 'mcp-server-git']]) {
    assert.equal(timeout({ command: 'cmd', args }), FETCHING_START_TIMEOUT_MS, args.join(' '));
    assert.equal(timeout({ command: 'C:\\Windows\\System32\\cmd.exe', args }), FETCHING_START_TIMEOUT_MS, args.join(' '));
  }
  assert.equal(timeout({ command: 'cmd', args: ['/c', 'node', 'server.js'] }), START_TIMEOUT_MS, 'a program already on the machine');
  assert.equal(timeout({ command: 'cmd', args: ['/c'] }), START_TIMEOUT_MS);
  assert.equal(timeout({ command: 'pnpm', args: ['server'] }), START_TIMEOUT_MS, 'a pnpm script is not a download');
  assert.equal(timeout({ command: 'npx', args: ['server'], startTimeoutMs: 5000 }), 5000);
  assert.match(readMcpServers({ s: { command: 'node', startTimeoutMs: 10 } }).problems.join(''), /startTimeoutMs/);
});

test('a server\'s own startTimeoutMs is its deadline: a slow server given enough time starts', async () => {
  // each answer takes 2.4 s: the hub's 4 s would stop it (see above); its own 30 s lets both in, with room
  // for a loaded machine's process start
  const slow = { ...stdio('slow'), args: [...stdio('slow').args, '2400'], startTimeoutMs: 30_000 };
  const problems: string[] = [];
  const hub = new McpHub({ servers: [entry('slow', slow)], workspace: REPO, startTimeoutMs: 4000, approve: async () => 'deny', onProblem: (m) => problems.push(m) });
  try {
    assert.ok((await hub.tools()).length > 0, problems.join('\n'));
    assert.deepEqual(problems, []);
  } finally {
    await hub.dispose();
  }
});
