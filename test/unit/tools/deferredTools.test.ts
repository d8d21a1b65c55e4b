// MCP tools behind the gateway (core/tools/deferredTools) and their names (core/mcp/mcpTools): names safe
// for strict OpenAI-style endpoints (`^[a-zA-Z0-9_-]+$`, at most 64), collision-checked, accepted back in
// either form; requests carry two stable tools instead of every server's schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mcpPlugins, mcpToolName, mcpToolNames, readMcpServers, type McpToolInfo } from '../../../src/core/mcp';
import { parseStructuredToolCalls, parseToolCalls } from '../../../src/core/parse';
import { ToolExecutor } from '../../../src/core/tools/executor';
import { CALL_TOOL, LIST_TOOL, openAITools, parserTools, resolveCall, routeTools, toolsFor, validateToolCall, webFetch, type ToolPlugin } from '../../../src/core/tools';

const STRICT = /^[a-zA-Z0-9_-]{1,64}$/;
const BUILT_IN = toolsFor({ codeIndex: false });
const info = (name: string, properties: Record<string, unknown> = {}): McpToolInfo => ({ name, description: `${name} tool`, inputSchema: { type: 'object', properties } });
const plugins = (server: string, tools: McpToolInfo[]) => mcpPlugins(tools, { server, caller: { callTool: async () => ({ content: [] }) }, approve: async () => 'deny', allowed: new Set() });

test('MCP tool names are safe for strict endpoints: server__tool, other characters as _, at most 64', () => {
  assert.equal(mcpToolName('docs', 'search'), 'docs__search');
  assert.equal(mcpToolName('gh', 'repos.list/issues v2'), 'gh__repos_list_issues_v2');
  const long = mcpToolName('a'.repeat(32), 'b'.repeat(80));
  assert.equal(long.length, 64);
  for (const n of ['docs__search', 'gh__repos_list_issues_v2', long]) assert.match(n, STRICT);
});

test('names that map to one are told apart by a suffix, never shared', () => {
  const names = mcpToolNames('s', [info('a.b'), info('a_b'), info('a/b'), info('x'.repeat(70)), info(`${'x'.repeat(70)}y`)]);
  assert.deepEqual(names.slice(0, 3), ['s__a_b', 's__a_b_2', 's__a_b_3']);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.match(n, STRICT);
  assert.equal(names[4]!.length, 64);
});

test('a server name with "__" is refused: it would make server__tool ambiguous', () => {
  const { servers, problems } = readMcpServers({ my__docs: { command: 'x' }, my_docs: { command: 'x' } });
  assert.deepEqual(servers.map((s) => s.name), ['my_docs']);
  assert.match(problems[0]!, /"my__docs": .*without "__"/);
});

test('routing: nothing changes without opt-in tools, web fetch stays direct, MCP schemas wait behind two tools', () => {
  assert.equal(routeTools(BUILT_IN, []).offered, BUILT_IN, 'no opt-in tools: the very same list');
  const web: ToolPlugin = { definition: webFetch, execute: async () => ({ ok: true, content: '' }) };
  assert.deepEqual(routeTools(BUILT_IN, [web]).offered.map((t) => t.name), [...BUILT_IN.map((t) => t.name), 'web_fetch']);
  const mcp = [...plugins('docs', [info('search', { q: { type: 'string' } }), info('fetch_page')]), ...plugins('tickets', [info('search')])];
  const routed = routeTools(BUILT_IN, [web, ...mcp]);
  assert.deepEqual(routed.offered.map((t) => t.name), [...BUILT_IN.map((t) => t.name), 'web_fetch', LIST_TOOL, CALL_TOOL]);
  assert.ok(routed.known.some((t) => t.name === 'tickets__search'));
  for (const t of openAITools(routed.offered)) assert.match(t.function.name, STRICT);
  const list = routed.offered.find((t) => t.name === LIST_TOOL)!;
  assert.equal(list.description, "Show an MCP server's tools and parameters. Servers: docs (search, fetch_page); tickets (search).");
});

test('mcp_tools lists a server\'s schemas; mcp_call with an unknown tool says what to do', async () => {
  const routed = routeTools(BUILT_IN, plugins('docs', [info('search', { q: { type: 'string', description: 'query' } })]));
  const run = (name: string, args: Record<string, unknown>) => routed.plugins.find((p) => p.definition.name === name)!.execute(args);
  const listed = await run(LIST_TOOL, { server: 'docs' });
  assert.equal(listed.content, 'MCP server docs: 1 tool. Call one with mcp_call, e.g. {"tool": "docs__search", "arguments": {…}}.\ndocs__search: search tool Parameters: {"type":"object","properties":{"q":{"type":"string","description":"query"}}}');
  assert.match((await run(CALL_TOOL, { tool: 'nope' })).content, /No MCP tool is called "nope"\. Call mcp_tools/);
  assert.equal(validateToolCall({ name: LIST_TOOL, arguments: { server: 'other' } }, routed.known).ok, false, 'only configured servers');
});

test('a call is accepted in every form: mcp_call (arguments as object, JSON string or flat; bare tool name when unique), server__tool, server.tool', () => {
  const known = routeTools(BUILT_IN, [...plugins('docs', [info('search', { q: { type: 'string' }, n: { type: 'number' } }), info('fetch_page')]), ...plugins('tickets', [info('search')])]).known;
  const id = { id: 'call00001' };
  const forms: [Record<string, unknown>, string, Record<string, unknown>][] = [
    [{ tool: 'docs__search', arguments: { q: 'x', n: '2' } }, 'docs__search', { q: 'x', n: 2 }],
    [{ tool: 'docs.search', arguments: '{"q": "x"}' }, 'docs__search', { q: 'x' }],
    [{ tool: 'fetch_page', url: 'https://a' }, 'docs__fetch_page', { url: 'https://a' }],
  ];
  for (const [args, name, expected] of forms) {
    const r = resolveCall({ ...id, name: CALL_TOOL, arguments: args }, known);
    assert.equal(r.name, name, JSON.stringify(args));
    assert.deepEqual(r.arguments, expected);
    assert.equal(r.id, id.id);
  }
  const ambiguous = { name: CALL_TOOL, arguments: { tool: 'search', arguments: {} } };
  assert.equal(resolveCall(ambiguous, known), ambiguous, 'two servers have search: not guessed');
  assert.equal(resolveCall({ name: 'docs.search', arguments: {} }, known).name, 'docs__search');
  assert.equal(resolveCall({ name: 'read_file', arguments: {} }, known).name, 'read_file');
  // the parser reads both names, in text and as structured calls
  const specs = parserTools(known);
  assert.deepEqual(parseToolCalls('<tool_call>{"name": "docs.search", "arguments": {"q": "x"}}</tool_call>', { tools: specs }).calls.map((c) => c.name), ['docs.search']);
  assert.deepEqual(parseToolCalls('<tool_call>{"name": "docs__search", "arguments": {"q": "x"}}</tool_call>', { tools: specs }).calls.map((c) => c.name), ['docs__search']);
  assert.deepEqual(parseStructuredToolCalls([{ id: 'c1', type: 'function', function: { name: 'tickets__search', arguments: '{}' } }], { tools: specs }).calls.map((c) => c.name), ['tickets__search']);
  const v = validateToolCall({ name: 'docs.search', arguments: { q: 'x' } }, known);
  assert.ok(v.ok && v.tool.name === 'docs__search');
});

test('two servers never share a tool name: a server name ending in "_" is refused, names are taken across servers, the executor runs the validated tool', async () => {
  const { servers, problems } = readMcpServers({ a_: { command: 'x' }, a: { command: 'x' } });
  assert.deepEqual(servers.map((s) => s.name), ['a']);
  assert.match(problems[0]!, /"a_": .*not ending with "_"/);
  // even when a server slips through (names built in code), one set of names spans every server
  const ran: string[] = [];
  const taken = new Set<string>();
  const server = (name: string, tool: string) => mcpPlugins([info(tool)], {
    server: name, caller: { callTool: async () => { ran.push(`${name}/${tool}`); return { content: [{ type: 'text', text: 'ok' }] }; } }, approve: async () => 'once', allowed: new Set(), taken,
  });
  const mcp = [...server('a_', 'b'), ...server('a', '_b')];
  assert.deepEqual(mcp.map((p) => p.definition.name), ['a___b', 'a___b_2']);
  const routed = routeTools(BUILT_IN, mcp);
  const executor = new ToolExecutor({ plugins: routed.plugins } as unknown as ConstructorParameters<typeof ToolExecutor>[0]);
  const valid = validateToolCall({ name: 'a___b_2', arguments: {} }, routed.known);
  assert.ok(valid.ok);
  assert.equal((await executor.execute(valid.tool, valid.arguments)).content, 'ok');
  assert.deepEqual(ran, ['a/_b'], 'the tool the user approved is the tool that ran');
});

test('an MCP tool\'s error and a tool that throws pass the same gate as any result: redacted, capped', async () => {
  const key = `sk-${'A1b2'.repeat(8)}`;
  const failing = mcpPlugins([info('boom')], {
    server: 's', caller: { callTool: async () => { throw new Error(`bad key ${key} ${'x'.repeat(30_000)}`); } }, approve: async () => 'once', allowed: new Set(),
  });
  const failed = await failing[0]!.execute({});
  assert.equal(failed.ok, false);
  assert.ok(!failed.content.includes(key), 'the key is redacted');
  assert.match(failed.content, /^s__boom failed: bad key .*\[… cut: \d+ more characters not shown\.\]$/s);
  const throwing: ToolPlugin = { definition: webFetch, execute: async () => { throw new Error(`leaked ${key}`); } };
  const executor = new ToolExecutor({ plugins: [throwing] } as unknown as ConstructorParameters<typeof ToolExecutor>[0]);
  const out = await executor.execute(webFetch, { url: 'https://a' });
  assert.equal(out.ok, false);
  assert.match(out.content, /^web_fetch failed: leaked /);
  assert.ok(!out.content.includes(key), 'the executor\'s catch redacts too');
});

test('mcp_call names a tool exactly: no suffix match, never a built-in; a bare name two servers share names both', async () => {
  const routed = routeTools(BUILT_IN, [...plugins('fs', [info('files_read'), info('list.dir')]), ...plugins('docs', [info('search')]), ...plugins('tickets', [info('search')])]);
  const fs = routed.known.find((t) => t.name === 'fs__files_read')!;
  assert.deepEqual(fs.mcp, { server: 'fs', tool: 'files_read' }, 'the definition says which server and tool it is');
  assert.deepEqual(routed.known.find((t) => t.name === 'fs__list_dir')!.mcp, { server: 'fs', tool: 'list.dir' });
  const call = (tool: string) => ({ name: CALL_TOOL, arguments: { tool } });
  for (const partial of ['read', 'dir', 'files', 'run', 'read_file']) assert.equal(resolveCall(call(partial), routed.known).name, CALL_TOOL, partial);
  assert.equal(resolveCall(call('list.dir'), routed.known).name, 'fs__list_dir', 'the real name, bare');
  assert.equal(resolveCall(call('files_read'), routed.known).name, 'fs__files_read');
  const answer = (tool: string) => routed.plugins.find((p) => p.definition.name === CALL_TOOL)!.execute({ tool });
  assert.match((await answer('search')).content, /Two or more MCP servers have a tool "search": docs__search, tickets__search\. Call one by its full name\./);
  assert.match((await answer('read')).content, /No MCP tool is called "read"/);
});

test('an unknown tool is answered with the offered tools only, not every hidden MCP tool', () => {
  const routed = routeTools(BUILT_IN, plugins('docs', [info('search'), info('fetch_page')]));
  const v = validateToolCall({ name: 'grep', arguments: {} }, routed.known, routed.offered);
  assert.equal(v.ok, false);
  assert.equal(v.ok ? '' : v.error, `Unknown tool "grep". Use one of: ${routed.offered.map((t) => t.name).join(', ')}.`);
  assert.ok(validateToolCall({ name: 'docs__search', arguments: {} }, routed.known, routed.offered).ok, 'a hidden tool is still callable');
});

test('a large server\'s listing is names and one-line descriptions (never cut mid-schema); mcp_tools with a tool gives that tool\'s schema', async () => {
  const big = Array.from({ length: 40 }, (_, i) => ({
    name: `op_${i}`, description: `Operation ${i}. ${'Does a great many things. '.repeat(12)}`,
    inputSchema: { type: 'object', properties: Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`field_${k}`, { type: 'string', description: 'A field of this operation, described at length.'.repeat(2) }])) },
  }));
  const routed = routeTools(BUILT_IN, plugins('big', big));
  const list = routed.plugins.find((p) => p.definition.name === LIST_TOOL)!;
  const listed = (await list.execute({ server: 'big' })).content;
  assert.ok(listed.length < 10_000, `${listed.length} characters`);
  assert.doesNotMatch(listed, /\[… cut/);
  assert.match(listed, /^MCP server big: 40 tools\. Call mcp_tools with \{"server": "big", "tool": "big__op_0"\} for a tool's parameters/);
  assert.match(listed, /\nbig__op_39: Operation 39\. Does a great/);
  assert.doesNotMatch(listed, /Parameters:/);
  const one = (await list.execute({ server: 'big', tool: 'op_3' })).content;
  assert.match(one, /^big__op_3: Operation 3\. .*Parameters: \{"type":"object","properties":\{"field_0"/s);
  assert.match(one, /Call it with mcp_call, e\.g\. \{"tool": "big__op_3", "arguments": \{…\}\}/);
  assert.match((await list.execute({ server: 'big', tool: 'nope' })).content, /MCP server big has no tool "nope"/);
  assert.ok(validateToolCall({ name: LIST_TOOL, arguments: { server: 'big', tool: 'op_3' } }, routed.known).ok);
  // a small server's listing still carries its schemas: one call, not two, before the tool can be used
  const small = routeTools(BUILT_IN, plugins('docs', [info('search', { q: { type: 'string' } })]));
  assert.match((await small.plugins.find((p) => p.definition.name === LIST_TOOL)!.execute({ server: 'docs' })).content, /docs__search: search tool Parameters:/);
});

test('mcp_call never reaches a built-in tool, and arguments that are not an object are a clear error, never dropped', async () => {
  const routed = routeTools(BUILT_IN, plugins('docs', [info('search', { q: { type: 'string' } })]));
  const run = { name: CALL_TOOL, arguments: { tool: 'run', arguments: { command: 'rm -rf /' } } };
  assert.equal(resolveCall(run, routed.known), run, 'run is a built-in, not an MCP tool');
  assert.match((await routed.plugins.find((p) => p.definition.name === CALL_TOOL)!.execute(run.arguments)).content, /No MCP tool is called "run"/);
  for (const [given, got] of [[['x'], 'array'], [3, 'number'], ['q=x', 'string']] as const) {
    const call = { name: CALL_TOOL, arguments: { tool: 'docs__search', arguments: given } };
    const v = validateToolCall(resolveCall(call, routed.known), routed.known);
    assert.equal(v.ok, false, JSON.stringify(given));
    assert.equal(v.ok ? '' : v.error, `Invalid call to mcp_call: "arguments" must be an object, got ${got}. Parameters: tool, arguments.`);
  }
});
