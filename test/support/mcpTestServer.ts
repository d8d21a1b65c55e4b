// A real MCP server for the tests, built with the official SDK. Over stdio it is its own process:
//   node --import tsx test/support/mcpTestServer.ts <mode>
// modes: ok (well-behaved), exit (dies at start with a message on stderr), hang (never answers),
// garbage (writes lines that are not JSON-RPC), slow <ms> (well-behaved, each answer <ms> late). Over streamable HTTP it runs in the test's process
// (startHttpMcpServer) on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

function buildServer(): McpServer {
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
  return server;
}

/** A streamable-HTTP MCP server on 127.0.0.1 (stateless: a server and transport per request). */
export async function startHttpMcpServer(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const http: Server = createServer(async (req, res) => {
    requests++;
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => { void transport.close(); void server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests: () => requests,
    close: () => new Promise((r) => { http.closeAllConnections(); http.close(() => r()); }),
  };
}

async function main(mode: string): Promise<void> {
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
  const transport = new StdioServerTransport();
  if (mode === 'slow') {
    const delay = Number(process.argv[3]);
    const send = transport.send.bind(transport);
    transport.send = (message) => new Promise((r) => setTimeout(r, delay)).then(() => send(message));
  }
  await buildServer().connect(transport);
}

if (process.argv[1]?.endsWith('mcpTestServer.ts')) void main(process.argv[2] ?? 'ok');
