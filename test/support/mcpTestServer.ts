// A real MCP server for the tests, built with the official SDK. Over stdio it is its own process:
//   node --import tsx test/support/mcpTestServer.ts <mode>
// modes: ok (well-behaved), exit (dies at start with a message on stderr), hang (never answers),
// garbage (writes lines that are not JSON-RPC), slow <ms> (well-behaved, each answer <ms> late).
// Flags after the mode, for servers that misbehave the way real ones do:
//   --banner         a banner line and a JSON log line on stdout before serving (many servers print one)
//   --ignore-cancel  answers a cancelled request anyway (every Python SDK server answers "Request cancelled")
//   --sticky         keeps running after stdin closes (a timer), so only a signal ends it; tool `pid`
//   --huge           tool `huge`: a result of 11 MB
//   --dynamic        tool `unlock` registers tool `deploy` (the server then sends tools/list_changed)
//   --flood          1,000 lines that are not MCP on stdout before serving (a server stuck printing a log)
//   --many           60 more tools, t01…t60 (large servers such as GitHub's offer ~90)
//   --leaky          tool `login` fails with its API_KEY in the message, as servers do with a key they reject
// Over streamable HTTP it runs in the test's process (startHttpMcpServer) on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

function buildServer(flags: readonly string[] = []): McpServer {
  const server = new McpServer({ name: 'test-tools', version: '1.0.0' });
  server.registerTool('add', {
    title: 'Add numbers',
    description: 'Add two numbers.',
    inputSchema: { a: z.number().describe('first'), b: z.number().describe('second') },
  }, async ({ a, b }) => ({ content: [{ type: 'text', text: `${a + b}` }] }));
  server.registerTool('env_names', {
    description: 'List the names of the environment variables this server got.',
    inputSchema: {},
  }, async () => ({ content: [{ type: 'text', text: Object.keys(process.env).sort().join(',') }] }));
  server.registerTool('read_config', {
    description: 'Read the service configuration.',
    inputSchema: {},
  }, async () => ({ content: [{ type: 'text', text: 'api_key = "sk-live-0123456789abcdefghijklmnopqrstuv"\nregion = eu' }, { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }] }));
  server.registerTool('sleep', {
    description: 'Wait, then answer.',
    inputSchema: { ms: z.number() },
  }, async ({ ms }) => { await new Promise((r) => setTimeout(r, ms)); return { content: [{ type: 'text', text: 'awake' }] }; });
  server.registerTool('crash', { description: 'Exit the process.', inputSchema: {} }, async () => { process.exit(7); });
  server.registerTool('fail', { description: 'Report an error.', inputSchema: {} }, async () => ({ isError: true, content: [{ type: 'text', text: 'quota exceeded' }] }));
  if (flags.includes('--sticky')) server.registerTool('pid', { description: 'Its process id.', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: `${process.pid}` }] }));
  if (flags.includes('--huge')) server.registerTool('huge', { description: 'An 11 MB answer.', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'x'.repeat(11_000_000) }] }));
  if (flags.includes('--many')) {
    for (let i = 1; i <= 60; i++) server.registerTool(`t${String(i).padStart(2, '0')}`, { description: `Tool number ${i}.`, inputSchema: {} }, async () => ({ content: [{ type: 'text', text: `${i}` }] }));
  }
  if (flags.includes('--leaky')) server.registerTool('login', { description: 'Log in.', inputSchema: {} }, async () => ({ isError: true, content: [{ type: 'text', text: `Invalid API key: ${process.env.API_KEY}` }] }));
  if (flags.includes('--dynamic')) {
    server.registerTool('unlock', { description: 'Unlock deploy.', inputSchema: {} }, async () => {
      server.registerTool('deploy', { description: 'Deploy.', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'deployed' }] }));
      return { content: [{ type: 'text', text: 'unlocked' }] };
    });
  }
  return server;
}

/**
 * A streamable-HTTP MCP server on 127.0.0.1 (stateless: a server and transport per request).
 * `failingCalls`: the first so many tools/call requests get HTTP 500 with a JSON-RPC error body (a busy upstream).
 */
export async function startHttpMcpServer(options: { failingCalls?: number } = {}): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  let failing = options.failingCalls ?? 0;
  const http: Server = createServer(async (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: number; method?: string } : undefined;
    if (body?.method === 'tools/call' && failing > 0) {
      failing--;
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: body.id, error: { code: -32603, message: 'Internal error: upstream busy' } }));
      return;
    }
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => { void transport.close(); void server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests: () => requests,
    close: () => new Promise((r) => { http.closeAllConnections(); http.close(() => r()); }),
  };
}

async function main(mode: string, flags: readonly string[]): Promise<void> {
  if (mode === 'exit') {
    process.stderr.write('boom: no database configured\n');
    process.exit(3);
  }
  if (mode === 'hang') {
    process.stdin.resume(); // reads everything, answers nothing
    return;
  }
  if (mode === 'garbage') {
    process.stdin.on('data', () => process.stdout.write('<html>not json-rpc</html>\n{"also": "not a message"}\n'));
    return;
  }
  if (flags.includes('--banner')) process.stdout.write('Weather server v1.2 listening on stdio\n{"level":"info","msg":"started"}\n');
  if (flags.includes('--flood')) process.stdout.write('DEBUG polling upstream\n'.repeat(1000));
  if (flags.includes('--sticky')) setInterval(() => undefined, 60_000);
  const transport = new StdioServerTransport();
  if (mode === 'slow') {
    const delay = Number(process.argv[3]);
    const send = transport.send.bind(transport);
    transport.send = (message) => new Promise((r) => setTimeout(r, delay)).then(() => send(message));
  }
  await buildServer(flags).connect(transport);
  if (flags.includes('--ignore-cancel')) {
    // the cancellation never reaches the SDK server, so the tool finishes and its answer is sent
    const onmessage = transport.onmessage!;
    transport.onmessage = (message) => { if (!('method' in message && message.method === 'notifications/cancelled')) onmessage(message); };
  }
}

if (process.argv[1]?.endsWith('mcpTestServer.ts')) void main(process.argv[2] ?? 'ok', process.argv.slice(3).filter((a) => a.startsWith('--')));
