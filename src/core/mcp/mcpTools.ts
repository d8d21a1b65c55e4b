// An MCP server's tools as SmallCode tools: named `server__tool` (also accepted as `server.tool`), in the
// server's own routing category,
// schemas as the server sent them (minus what only costs tokens), descriptions capped, each call
// approved unless allowed, results through the same gate as every opt-in tool.
import { z } from 'zod';
import type { JsonSchema } from '../parse';
import type { ToolDefinition } from '../tools/definitions';
import { pluginResult, type ToolPlugin } from '../tools/plugins';
import { allowedOrAsked, type OnceOrAlways } from '../tools/decisions';
import type { ToolOutcome } from '../tools/executorTypes';
import { errorMessage } from '../errorMessage';

/** A tool as an MCP server lists it. */
export interface McpToolInfo { name: string; description?: string; inputSchema: Record<string, unknown> }

/** One item of a tool result (text, image, audio, resource link or embedded resource). */
export interface McpContentItem { type: string; text?: string; uri?: string; mimeType?: string; resource?: { uri?: string; text?: string; mimeType?: string } }

export interface McpCallResult { content: McpContentItem[]; isError?: boolean; structuredContent?: unknown }

/** How the host runs a call on a connected server (time-bounded; a failure stops the server). */
export interface McpCaller {
  callTool(tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<McpCallResult>;
}

export type McpApproval = OnceOrAlways;
export interface McpCallRequest { server: string; tool: string; args: Record<string, unknown> }
/** Asked before each call of a tool the user has not allowed. */
export type ApproveMcpCall = (request: McpCallRequest, signal?: AbortSignal) => Promise<McpApproval>;

/** A description beyond this is cut: it is sent with every request. */
const DESCRIPTION_CHARS = 300;
/** Keys of JSON Schema that cost tokens and tell a small model nothing. */
const NOISE = new Set(['$schema', '$id', '$comment', 'examples', 'title', 'additionalProperties', 'default']);

function quiet(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(quiet);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (NOISE.has(k)) continue;
    // `properties` maps names to schemas: a property may well be called "title" or "default".
    out[k] = k === 'properties' && v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, quiet(s)])) : quiet(v);
  }
  return out;
}

/** The zod schema calls are validated with; a schema zod cannot read still admits only objects. */
function validator(schema: JsonSchema): z.ZodObject {
  try {
    const s = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    if (s instanceof z.ZodObject) return s;
  } catch { /* fall through */ }
  return z.object({}).catchall(z.unknown());
}

/** OpenAI-style strict endpoints accept function names matching this, and no longer than 64. */
const SAFE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_NAME = 64;

/** The name the model sees: `server__tool`, safe for strict endpoints (server names never hold `__`). */
export function mcpToolName(server: string, tool: string): string {
  const safe = tool.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `${server}__${safe}`.slice(0, MAX_NAME);
}

/** The name as MCP writes it (`server.tool`): accepted from the model as well. */
export function mcpDottedName(server: string, tool: string): string {
  return `${server}.${tool}`;
}

/**
 * One server's tools, named: each gets `server__tool`; when two tools map to one name (`a.b` and `a_b`,
 * names cut at 64 characters, or another server's name in `taken`) the later ones get a `_2`, `_3`…
 * suffix, so no call lands on the wrong tool. `taken` is shared by every server of a session, and updated.
 */
export function mcpToolNames(server: string, tools: readonly McpToolInfo[], taken = new Set<string>()): string[] {
  return tools.map((t) => {
    const base = mcpToolName(server, t.name);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base.slice(0, MAX_NAME - String(i).length - 1)}_${i}`;
    taken.add(name);
    return name;
  });
}

export function mcpDefinition(server: string, tool: McpToolInfo, name = mcpToolName(server, tool.name)): ToolDefinition {
  if (!SAFE_NAME.test(name)) throw new Error(`MCP tool name ${JSON.stringify(name)} is not a safe function name.`);
  const parameters = { type: 'object', properties: {}, ...(quiet(tool.inputSchema) as JsonSchema) } as JsonSchema;
  const description = (tool.description ?? '').replace(/\s+/g, ' ').trim();
  const dotted = mcpDottedName(server, tool.name);
  return {
    name,
    ...(dotted !== name ? { aliases: [dotted] } : {}),
    description: description.length > DESCRIPTION_CHARS ? `${description.slice(0, DESCRIPTION_CHARS - 1)}…` : description || `${tool.name} (MCP server ${server})`,
    category: `mcp:${server}`,
    mcp: { server, tool: tool.name },
    categoryLabel: `tools of the ${server} MCP server`,
    schema: validator(parameters),
    parameters,
  };
}

/** A tool result as text for the model: text items as they are, other items named, never their bytes. */
export function mcpResultText(result: McpCallResult): string {
  const parts = (result.content ?? []).map((item) => {
    if (item.type === 'text') return item.text ?? '';
    if (item.type === 'resource') return item.resource?.text ?? `[resource ${item.resource?.uri ?? ''}]`;
    if (item.type === 'resource_link') return `[resource ${item.uri ?? ''}]`;
    return `[${item.type}${item.mimeType ? ` ${item.mimeType}` : ''} omitted]`;
  });
  if (!parts.length && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
  return parts.join('\n').trim() || '(no output)';
}

export interface McpPluginOptions {
  server: string;
  caller: McpCaller;
  approve: ApproveMcpCall;
  /** Tools the user allowed (config `allowedTools`, or "Always allow" this session): shared, updated in place. */
  allowed: Set<string>;
  /** Names already given to other servers' tools (shared across servers, updated in place). */
  taken?: Set<string>;
}

/** A plugin for one MCP tool, with the tool's name as its server gives it (what allowedTools lists). */
export interface McpToolPlugin extends ToolPlugin { tool: string }

/** Every tool of one server as a plugin, with collision-checked names. */
export function mcpPlugins(tools: readonly McpToolInfo[], options: McpPluginOptions): McpToolPlugin[] {
  const names = mcpToolNames(options.server, tools, options.taken);
  return tools.map((tool, i) => mcpPlugin(tool, options, names[i]));
}

export function mcpPlugin(tool: McpToolInfo, options: McpPluginOptions, name?: string): McpToolPlugin {
  const definition = mcpDefinition(options.server, tool, name);
  return {
    definition,
    tool: tool.name,
    async execute(args, signal): Promise<ToolOutcome> {
      const approved = await allowedOrAsked(tool.name, options.allowed, () => options.approve({ server: options.server, tool: tool.name, args }, signal), signal);
      if (signal?.aborted) return { ok: false, content: 'Cancelled.', cancelled: true };
      if (!approved) return pluginResult(false, `${definition.name} was not run: the user declined it. Do not retry it; continue without it.`);
      try {
        const result = await options.caller.callTool(tool.name, args, signal);
        return pluginResult(!result.isError, mcpResultText(result));
      } catch (error) {
        if (signal?.aborted) return { ok: false, content: 'Cancelled.', cancelled: true };
        // a server's error text is its output too: the same gate (redacted, capped)
        return pluginResult(false, `${definition.name} failed: ${errorMessage(error)}`);
      }
    },
  };
}
