// Routing for MCP servers' tools, built for the prompt cache. Their schemas are not sent with every
// request: the request carries two small stable tools instead, `mcp_tools` (names each server and its
// tools in one line; a call brings that server's schemas into the conversation as a tool result) and
// `mcp_call` (runs one of them). The tool list and system prompt stay byte-identical all conversation
// long (switching them per turn would make the server process the whole prompt again); what a server's
// tools cost is paid once, appended at the tail, and only when the model needs them. A direct call
// (`server__tool` or `server.tool`) is accepted as well, for models and servers that make one.
import { z } from 'zod';
import type { ToolCall } from '../parse';
import { repairArguments } from '../parse/argumentRepair';
import type { ToolDefinition } from './definitions';
import { pluginResult, type ToolPlugin } from './plugins';
import { getTool, parametersSchema } from './registry';

export const LIST_TOOL = 'mcp_tools';
export const CALL_TOOL = 'mcp_call';
/** Tool names shown per server in the one-line directory; the rest are counted. */
const NAMES_PER_SERVER = 12;

type McpDefinition = ToolDefinition & { mcp: NonNullable<ToolDefinition['mcp']> };

/** Tools whose schemas wait until asked for: each MCP server's (web fetch is one small tool, sent as is). */
export function isDeferred(tool: ToolDefinition): tool is McpDefinition {
  return tool.mcp !== undefined;
}

function byServer(tools: readonly McpDefinition[]): Map<string, McpDefinition[]> {
  const out = new Map<string, McpDefinition[]>();
  for (const t of tools) out.set(t.mcp.server, [...(out.get(t.mcp.server) ?? []), t]);
  return out;
}

/**
 * The MCP tool a name means: its name (`server__tool`), its alias (`server.tool`), or its real name as its
 * server gives it when only one server has it; never a part of a name, never a built-in tool.
 */
function findMcpTool(name: string, deferred: readonly McpDefinition[]): { tool?: McpDefinition; shared?: McpDefinition[] } {
  const exact = getTool(name, deferred) as McpDefinition | undefined;
  if (exact) return { tool: exact };
  const bare = deferred.filter((t) => t.mcp.tool === name);
  return bare.length === 1 ? { tool: bare[0]! } : bare.length > 1 ? { shared: bare } : {};
}

/** What mcp_call answers when its `tool` names no single MCP tool. */
function notFound(name: string, deferred: readonly McpDefinition[]): string {
  const { shared } = findMcpTool(name, deferred);
  if (shared) return `Two or more MCP servers have a tool "${name}": ${shared.map((t) => t.name).join(', ')}. Call one by its full name.`;
  return `No MCP tool is called "${name}". Call mcp_tools with a server name to see its tools.`;
}

/** A server's entry in mcp_tools' description (sent with every request): its name and its tools'. */
export function directoryEntry(server: string, tools: readonly McpDefinition[]): string {
  const names = tools.slice(0, NAMES_PER_SERVER).map((t) => t.mcp.tool).join(', ');
  return `${server} (${names}${tools.length > NAMES_PER_SERVER ? `, +${tools.length - NAMES_PER_SERVER} more` : ''})`;
}

/** The two stable tools that stand in for every deferred tool's schema (the directory is in the description). */
export function gatewayDefinitions(deferred: readonly McpDefinition[]): ToolDefinition[] {
  const servers = byServer(deferred);
  const directory = [...servers].map(([server, tools]) => directoryEntry(server, tools));
  const names = [...servers.keys()] as [string, ...string[]];
  // JSON Schema written out, not derived from zod: the derived one adds keys that only cost tokens
  return [
    {
      name: LIST_TOOL,
      description: `Show an MCP server's tools and parameters. Servers: ${directory.join('; ')}.`,
      category: 'read',
      schema: z.object({ server: z.enum(names), tool: z.string().min(1).optional() }),
      parameters: { type: 'object', properties: { server: { enum: names }, tool: { type: 'string' } }, required: ['server'] },
    },
    {
      name: CALL_TOOL,
      description: 'Call a tool shown by mcp_tools.',
      category: 'read',
      schema: z.object({ tool: z.string().min(1), arguments: z.record(z.string(), z.unknown()).optional() }),
      parameters: { type: 'object', properties: { tool: { type: 'string' }, arguments: { type: 'object' } }, required: ['tool'] },
    },
  ];
}

/** A server's listing carries every schema when it fits in this; a larger one lists names and descriptions. */
const LISTING_CHARS = 6_000;
/** A description in the short listing is cut here (the full one comes with the tool's schema). */
const LINE_DESCRIPTION_CHARS = 120;

const schemaLine = (t: McpDefinition) => `${t.name}: ${t.description} Parameters: ${JSON.stringify(parametersSchema(t))}`;
const shortLine = (t: McpDefinition) => `${t.name}: ${t.description.length > LINE_DESCRIPTION_CHARS ? `${t.description.slice(0, LINE_DESCRIPTION_CHARS - 1)}…` : t.description}`;
const callExample = (name: string) => `{"tool": "${name}", "arguments": {…}}`;

/**
 * One server's tools, for the model: each with its schema when they all fit in LISTING_CHARS (one call,
 * then the tool can be used); otherwise names and one-line descriptions, so a large server's listing is
 * never cut mid-schema, and `mcp_tools` with a `tool` gives that tool's schema.
 */
export function serverToolsText(server: string, deferred: readonly McpDefinition[]): string {
  const tools = byServer(deferred).get(server) ?? [];
  const first = tools[0]?.name ?? `${server}__tool`;
  const head = `MCP server ${server}: ${tools.length} tool${tools.length === 1 ? '' : 's'}.`;
  const full = [`${head} Call one with mcp_call, e.g. ${callExample(first)}.`, ...tools.map(schemaLine)].join('\n');
  if (full.length <= LISTING_CHARS) return full;
  return [`${head} Call mcp_tools with {"server": "${server}", "tool": "${first}"} for a tool's parameters, then mcp_call to run it.`, ...tools.map(shortLine)].join('\n');
}

/** One tool's schema (`mcp_tools` with `tool`): by its name, alias or real name, on that server only. */
function toolSchemaText(server: string, name: string, deferred: readonly McpDefinition[]): { ok: boolean; text: string } {
  const tools = byServer(deferred).get(server) ?? [];
  const { tool } = findMcpTool(name, tools);
  if (!tool) return { ok: false, text: `MCP server ${server} has no tool "${name}". Its tools: ${tools.map((t) => t.mcp.tool).join(', ')}.` };
  return { ok: true, text: `${schemaLine(tool)}\nCall it with mcp_call, e.g. ${callExample(tool.name)}.` };
}

export interface RoutedTools {
  /** Sent with every request (native `tools`, or the text protocol's list): stable for the conversation. */
  offered: readonly ToolDefinition[];
  /** Every tool a call may name (validation and the parser): the offered ones and the deferred ones. */
  known: readonly ToolDefinition[];
  /** What the executor runs: the opt-in tools and `mcp_tools`. */
  plugins: readonly ToolPlugin[];
}

/** The tools of a task: built-in and direct opt-in tools as they are, MCP servers' tools behind the gateway. */
export function routeTools(builtIn: readonly ToolDefinition[], plugins: readonly ToolPlugin[]): RoutedTools {
  if (!plugins.length) return { offered: builtIn, known: builtIn, plugins };
  const deferred = plugins.map((p) => p.definition).filter(isDeferred);
  const direct = plugins.map((p) => p.definition).filter((d) => !isDeferred(d));
  if (!deferred.length) {
    const offered = [...builtIn, ...direct];
    return { offered, known: offered, plugins };
  }
  const [list, call] = gatewayDefinitions(deferred) as [ToolDefinition, ToolDefinition];
  const lister: ToolPlugin = {
    definition: list,
    // a server's descriptions pass the same gate as its results (redacted, capped)
    execute: async (args) => {
      if (typeof args.tool !== 'string') return pluginResult(true, serverToolsText(String(args.server), deferred));
      const one = toolSchemaText(String(args.server), args.tool.trim(), deferred);
      return pluginResult(one.ok, one.text);
    },
  };
  // reached only when unwrapGatewayCall found no tool by that name
  const unknown: ToolPlugin = {
    definition: call,
    execute: async (args) => ({ ok: false, content: notFound(String(args.tool).trim(), deferred) }),
  };
  const offered = [...builtIn, ...direct, list, call];
  return { offered, known: [...offered, ...deferred], plugins: [...plugins, lister, unknown] };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The call as the tool it runs: an `mcp_call` as the call it stands for (`{tool: "docs__search", arguments: {q}}` → `docs__search({q})`),
 * read forgivingly: the tool by its name, its `server.tool` alias or (when only one server has it) its
 * real name, exactly (findMcpTool); arguments as an object, a JSON string, or written flat beside `tool`, then repaired against
 * the tool's schema like any call's. Any other call, or one naming no known MCP tool, is returned as is
 * (validation then says what is wrong).
 */
export function resolveCall<C extends ToolCall>(call: C, known: readonly ToolDefinition[]): C {
  if (call.name !== CALL_TOOL || typeof call.arguments.tool !== 'string') {
    // a call by an alias (`server.tool`) counts under the tool's own name
    const tool = getTool(call.name, known);
    return tool && tool.name !== call.name ? { ...call, name: tool.name } : call;
  }
  const { tool } = findMcpTool(call.arguments.tool.trim(), known.filter(isDeferred));
  if (!tool) return call;
  const { tool: _tool, arguments: given, ...flat } = call.arguments;
  let args = record(given);
  if (!args && typeof given === 'string') {
    try { args = record(JSON.parse(given)); } catch { /* not JSON: left to validation */ }
  }
  // arguments given but not an object (an array, a number, text): mcp_call's validation says so, never dropped
  if (!args && given !== undefined) return call;
  return { ...call, name: tool.name, arguments: repairArguments(args ?? flat, parametersSchema(tool), []) };
}
