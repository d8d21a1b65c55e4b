// The configured MCP servers as one tool provider: each server starts when a task first needs tools
// (after the user's consent for this workspace), in parallel and time-bounded; a server that fails is
// reported, the others and the chat go on. What the model is offered changes only between tasks (the
// request's prefix is stable within one): a server that fails later keeps its tools, whose calls then
// answer with its failure; a server that says its tools changed (tools/list_changed) offers the new list
// from the next task. `/mcp` reads `describe()`.
import { estimateTokens } from '../../core/budget/tokenCounter';
import { describeServer, mcpPlugins, type ApproveMcpCall, type McpServerEntry, type McpToolPlugin } from '../../core/mcp';
import { openAITools } from '../../core/tools/registry';
import { directoryEntry, gatewayDefinitions, isDeferred, serverToolsText } from '../../core/tools/deferredTools';
import { renderToolsAsText } from '../../core/tools/textRendering';
import type { ToolPlugin, ToolProvider } from '../../core/tools/plugins';
import { McpConnection, type McpConnectionOptions } from './mcpConnection';
import { errorMessage } from '../../core/errorMessage';

export interface McpHubOptions extends McpConnectionOptions {
  servers: readonly McpServerEntry[];
  /** Configuration problems (shown by /mcp). */
  problems?: readonly string[];
  /** Asked before each call of a tool that is not allowed. */
  approve: ApproveMcpCall;
  /**
   * Asked before a server first starts in this workspace; without it, servers given in code start as given.
   * `signal`: the task's Stop, which ends the question (answer false).
   */
  consent?: (entry: McpServerEntry, description: string, signal?: AbortSignal) => Promise<boolean>;
  /** A server is starting (a first `npx` start may download it): for a progress indicator until `started` settles. */
  onStarting?: (server: string, started: Promise<unknown>) => void;
  /** A server failed or was declined: for the panel or the API's warnings. */
  onProblem?: (message: string) => void;
  /** Counts schema tokens for /mcp (default: the estimate). */
  countTokens?: (text: string) => number;
}

interface ServerSlot {
  entry: McpServerEntry;
  connection: McpConnection;
  allowed: Set<string>;
  declined: boolean;
  plugins: McpToolPlugin[];
  /** The connection's toolsVersion the plugins were made from. */
  version: number;
}

export class McpHub implements ToolProvider {
  readonly name = 'MCP servers';
  private readonly slots: ServerSlot[];
  /** Every server's tool names: one set, so two servers' tools never share a name. */
  private readonly taken = new Set<string>();

  constructor(private readonly options: McpHubOptions) {
    this.slots = options.servers.map((entry) => ({
      entry, connection: new McpConnection(entry, options), allowed: new Set(entry.config.allowedTools ?? []), declined: false, plugins: [], version: -1,
    }));
  }

  async tools(signal?: AbortSignal): Promise<readonly ToolPlugin[]> {
    const lists = await Promise.all(this.slots.map((slot) => this.serverTools(slot, signal)));
    return lists.flat();
  }

  private async serverTools(slot: ServerSlot, signal?: AbortSignal): Promise<McpToolPlugin[]> {
    const { connection } = slot;
    if (slot.declined) return [];
    // A server that failed keeps its tools until New chat: the tools sent (the request's prefix) stay the
    // same, and its calls answer with its failure (a server that never started has none, from the start).
    if (connection.state === 'ready' && slot.version !== connection.toolsVersion) return this.offer(slot);
    if (connection.state === 'ready' || connection.state === 'failed') return slot.plugins;
    // starting a server runs its command: only a clear yes (true) consents, a failing dialog does not
    const consent = this.options.consent;
    if (consent && (await Promise.resolve().then(() => consent(slot.entry, describeServer(slot.entry), signal)).catch(() => false)) !== true) {
      // a task stopped while asking is no answer: the next task asks again
      if (signal?.aborted) return [];
      slot.declined = true;
      this.options.onProblem?.(`MCP server ${slot.entry.name} was not started: not allowed for this workspace.`);
      return [];
    }
    try {
      const starting = connection.start(signal);
      this.options.onStarting?.(slot.entry.name, starting);
      await starting;
      if (connection.message) this.options.onProblem?.(`MCP server ${slot.entry.name} ${connection.message}.`);
      return this.offer(slot);
    } catch (error) {
      // a start that New chat ended is no problem (the next task starts the server again)
      if (!signal?.aborted && connection.failed()) this.options.onProblem?.(errorMessage(error));
      return [];
    }
  }

  /** The plugins of the server's current list of tools (after a start, or a tools/list_changed). */
  private offer(slot: ServerSlot): McpToolPlugin[] {
    const { connection } = slot;
    for (const p of slot.plugins) this.taken.delete(p.definition.name); // listed again: its names are its own
    slot.plugins = mcpPlugins(connection.tools, { server: slot.entry.name, caller: connection, approve: this.options.approve, allowed: slot.allowed, taken: this.taken });
    slot.version = connection.toolsVersion;
    return slot.plugins;
  }

  /**
   * /mcp: each server, its state and tools, and what they cost: the mcp_tools / mcp_call pair on every
   * request, a server's own schemas once, when the model lists them (see core/tools/deferredTools).
   */
  describe(): string[] {
    const count = this.options.countTokens ?? estimateTokens;
    // every tool offered, a failed server's too (they stay in mcp_tools until New chat)
    const definitions = this.slots.flatMap((slot) => slot.plugins.map((p) => p.definition)).filter(isDeferred);
    const lines = this.slots.map((slot) => {
      const c = slot.connection;
      const state = slot.declined ? 'not allowed in this workspace' : c.state === 'ready' ? 'running' : c.state;
      const head = `- ${describeServer(slot.entry)} — ${state}`;
      if (c.state !== 'ready') return c.message ? `${head}: ${c.message}` : head;
      const tools = definitions.filter((d) => d.mcp.server === slot.entry.name);
      const once = tools.length ? count(serverToolsText(slot.entry.name, definitions)) : 0;
      const line = tools.length ? count(directoryEntry(slot.entry.name, tools)) : 0;
      // the tools by their own names (as in the approval dialog and allowedTools), under the server's line
      const names = slot.plugins.map((p) => `${p.tool}${slot.allowed.has(p.tool) ? ' (allowed)' : ''}`);
      return `${head}, ${slot.plugins.length} tools: ${line.toLocaleString('en-US')} tokens per request (its entry in mcp_tools), ${once.toLocaleString('en-US')} once when listed: ${names.join(', ')}`;
    });
    const problems = (this.options.problems ?? []).map((p) => `⚠ ${p}`);
    if (!lines.length) return ['No MCP servers configured (smallcode.mcpServers).', ...problems];
    // the pair as each tool protocol sends it: JSON schemas in `tools`, or lines of the system prompt
    const gateway = definitions.length ? gatewayDefinitions(definitions) : [];
    const native = gateway.length ? count(JSON.stringify(openAITools(gateway))) : 0;
    const text = gateway.length ? count(renderToolsAsText(gateway)) - count(renderToolsAsText([])) : 0;
    return [
      `MCP servers (started when a task first needs them; every call asks unless the tool is allowed). The model reaches their tools through mcp_tools and mcp_call: ${native.toLocaleString('en-US')} schema tokens per request with native tool calls, ${text.toLocaleString('en-US')} in the text protocol, for all servers.`,
      ...lines, ...problems,
    ];
  }

  /**
   * New chat: failed and stopped servers start again at the next task, declined ones are asked again. A
   * running server keeps running (its browser or database session, and no second start to wait for); its
   * tools follow its tools/list_changed anyway.
   */
  async reset(): Promise<void> {
    await Promise.all(this.slots.map(async (slot) => {
      slot.declined = false;
      if (slot.connection.state === 'ready') return;
      for (const p of slot.plugins) this.taken.delete(p.definition.name);
      slot.plugins = [];
      await slot.connection.reset();
    }));
  }

  async dispose(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.connection.stop()));
  }
}
