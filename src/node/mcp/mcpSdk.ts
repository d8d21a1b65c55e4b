// The parts of the MCP SDK the client uses, as one module: the build makes it its own file
// (dist/mcp-sdk.js, ~0.6 MB) loaded on the first MCP server start, so it never weighs on dist/core.js.
export { Client } from '@modelcontextprotocol/sdk/client/index.js';
export { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
// the SDK's stdio transport, reading past lines that are not MCP
export { LenientStdioTransport } from './lenientStdio';
