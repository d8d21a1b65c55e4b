// One MCP server, reached with the official SDK over stdio (a spawned process) or streamable HTTP.
// Every step is time-bounded; a server that exits, stops answering or writes something that is not
// MCP is stopped and stays stopped with a message saying why, so it can never hold up the chat.
// A stdio server starts outside the workspace unless its `cwd` says otherwise: launchers read their
// folder's configuration (npm and npx the project's `.npmrc`, whose `node-options=--require ./x.js`
// would run a cloned repository's code inside the server, with its tokens; uv its `uv.toml`, bun its
// `bunfig.toml`). The server gets the workspace's path as SMALLCODE_WORKSPACE.
import type { Client } from './mcpSdk';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { isStdio, startTimeoutMs, type McpCallResult, type McpCaller, type McpServerEntry, type McpStdioConfig, type McpToolInfo } from '../../core/mcp';
import { redactSecrets } from '../../core/security/redactSecrets';
import { errorMessage } from '../../core/errorMessage';
import { isWithin } from '../containment';
import { noCwdSearchEnv, programPath } from '../exeSearch';
import { workspaceCopyOf } from './workspaceCopy';

export type McpState = 'stopped' | 'starting' | 'ready' | 'failed';

export interface McpConnectionOptions {
  /** The workspace root: a relative `cwd` is taken from it, and stdio servers get it as SMALLCODE_WORKSPACE. */
  workspace: string;
  /**
   * Where a stdio server without a `cwd` runs (created when missing): a folder nothing from a repository
   * is in. Default: the user's home folder (the extension gives its own global storage folder).
   */
  serverFolder?: string;
  /** Spawning, connecting and listing tools, together: one deadline (default: the server's own, else by its command, see startTimeoutMs). */
  startTimeoutMs?: number;
  /** One tool call (default: the server's timeoutMs, else 60 s). */
  callTimeoutMs?: number;
}

/** The last characters of a server's stderr kept for the message when it fails. */
const STDERR_TAIL = 1500;
/** More tools than this from one server are not offered (each one costs schema tokens on every request). */
export const MAX_TOOLS_PER_SERVER = 40;

export class McpConnection implements McpCaller {
  state: McpState = 'stopped';
  /** Why the server failed (for /mcp and the panel). */
  message = '';
  tools: McpToolInfo[] = [];
  private client: Client | undefined;
  private stderrTail = '';
  private starting: Promise<McpToolInfo[]> | undefined;

  constructor(readonly entry: McpServerEntry, private readonly options: McpConnectionOptions) {}

  get name(): string { return this.entry.name; }

  /** Connects (once) and lists the tools; a failed server is not retried until `reset()`. */
  start(signal?: AbortSignal): Promise<McpToolInfo[]> {
    if (this.state === 'ready') return Promise.resolve(this.tools);
    if (this.state === 'failed') return Promise.reject(new Error(this.message));
    this.starting ??= this.connect(signal).finally(() => { this.starting = undefined; });
    return this.starting;
  }

  async callTool(tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<McpCallResult> {
    const client = this.client;
    if (this.state !== 'ready' || !client) throw new Error(this.message || `MCP server ${this.name} is not running.`);
    const timeout = this.options.callTimeoutMs ?? this.entry.config.timeoutMs ?? 60_000;
    try {
      return (await client.callTool({ name: tool, arguments: args }, undefined, { timeout, ...(signal ? { signal } : {}) })) as McpCallResult;
    } catch (error) {
      if (signal?.aborted) throw error;
      if (this.failed()) throw new Error(this.message);
      if (isTimeout(error)) {
        await this.fail(`did not answer ${tool} within ${Math.round(timeout / 1000)} s and was stopped`);
        throw new Error(this.message);
      }
      throw error;
    }
  }

  /** Stops the server (kills a spawned process); it may be started again. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (this.state !== 'failed') this.state = 'stopped';
    await client?.close().catch(() => undefined);
  }

  /** Forget a failure: the next task tries again. */
  async reset(): Promise<void> {
    await this.stop();
    this.state = 'stopped';
    this.message = '';
  }

  private async connect(signal?: AbortSignal): Promise<McpToolInfo[]> {
    this.state = 'starting';
    this.message = '';
    this.stderrTail = '';
    const timeout = this.entry.config.startTimeoutMs ?? this.options.startTimeoutMs ?? startTimeoutMs(this.entry.config);
    const copy = this.workspaceCopy();
    if (copy) {
      await this.fail(`was not started: this workspace has its own ${copy}, which "${isStdio(this.entry.config) ? this.entry.config.command : ''}" would run instead of the server you configured. It would run in the workspace (its "cwd"): leave "cwd" out (servers start outside the workspace) or choose a folder outside; to run the workspace's copy on purpose, give its path as the command`);
      throw new Error(this.message);
    }
    // One deadline for the whole start (connect and listTools each had the full time), and the run's Stop.
    // Detached once started: the SDK never drops its abort listeners, and a later abort would send the
    // server cancellations of requests it answered long ago.
    const start = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; start.abort(new Error('start timed out')); }, timeout);
    const onAbort = () => start.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const opts = { signal: start.signal, timeout };
    try {
      const { Client } = await import('./mcpSdk');
      const client = new Client({ name: 'smallcode', version: '0.1.0' });
      this.client = client;
      client.onclose = () => { if (this.client === client && this.state !== 'failed') void this.fail('exited'); };
      client.onerror = (error) => { if (this.client === client && isGarbage(error)) void this.fail(`sent something that is not MCP (${firstLine(error)})`); };
      await client.connect(await this.transport(), opts);
      const listed = await client.listTools({}, opts);
      if (this.state !== 'starting') throw new Error(this.message);
      this.tools = listed.tools.slice(0, MAX_TOOLS_PER_SERVER).map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema as Record<string, unknown> }));
      this.state = 'ready';
      if (listed.tools.length > MAX_TOOLS_PER_SERVER) this.message = `offers ${listed.tools.length} tools; only the first ${MAX_TOOLS_PER_SERVER} are used`;
      return this.tools;
    } catch (error) {
      if (!this.failed()) {
        if (signal?.aborted) await this.stop();
        else await this.fail(timedOut || isTimeout(error) ? `did not start within ${Math.round(timeout / 1000)} s (a slow first start, e.g. a package being downloaded, needs a larger "startTimeoutMs" in its smallcode.mcpServers entry; New chat tries again)` : `could not start: ${firstLine(error)}`);
      }
      throw new Error(this.message || 'Cancelled.');
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * A copy of the server in the workspace that its launcher would run instead, when the server runs there.
   * A `cwd` in the workspace is no consent to that: the user's settings apply in every workspace, a
   * repository cloned a minute ago included.
   */
  private workspaceCopy(): string | undefined {
    const c = this.entry.config;
    if (!isStdio(c)) return undefined;
    const folder = this.folder(c);
    return folder.inWorkspace ? workspaceCopyOf(c.command, c.args ?? [], folder.cwd) : undefined;
  }

  /** Where a stdio server runs, and whether that is in the workspace (whose files then apply to it). */
  private folder(c: McpStdioConfig): { cwd: string; inWorkspace: boolean } {
    const cwd = c.cwd ? resolve(this.options.workspace, c.cwd) : (this.options.serverFolder ?? homedir());
    return { cwd, inWorkspace: isWithin(resolve(this.options.workspace), cwd) };
  }

  private async transport(): Promise<Transport> {
    const c = this.entry.config;
    if (!isStdio(c)) {
      const { StreamableHTTPClientTransport } = await import('./mcpSdk');
      return new StreamableHTTPClientTransport(new URL(c.url), { requestInit: { headers: c.headers ?? {} } });
    }
    const { StdioClientTransport } = await import('./mcpSdk');
    const { cwd, inWorkspace } = this.folder(c);
    if (!c.cwd) await mkdir(cwd, { recursive: true });
    // On Windows the SDK's spawn (cross-spawn) looks for a bare name in the server's folder before PATH
    const command = programPath(c.command);
    if (!command) throw new Error(`"${c.command}" is not on PATH (a program in the server's folder is named with its path, e.g. .\\${c.command}.exe)`);
    // `env` is all the server gets besides the SDK's short safe list (PATH, HOME, USER…): the user's API
    // keys and tokens in the extension host's environment are not passed on unless configured here.
    // In our folder or the workspace, PYTHONSAFEPATH (Python 3.11+) keeps `python -m server` from
    // importing the folder's modules (a workspace's `pydantic.py` would run with the server's tokens). A
    // folder the user chose outside the workspace runs what is there, as does their own env setting.
    const env = { SMALLCODE_WORKSPACE: this.options.workspace, ...noCwdSearchEnv(), ...(!c.cwd || inWorkspace ? { PYTHONSAFEPATH: '1' } : {}), ...c.env };
    const transport = new StdioClientTransport({ command, args: c.args ?? [], env, cwd, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => { this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL); });
    return transport;
  }

  /** (A method, so that TypeScript does not narrow the state across the awaits that change it.) */
  private failed(): boolean { return this.state === 'failed'; }

  private async fail(why: string): Promise<void> {
    if (this.state === 'failed') return;
    this.state = 'failed';
    const stderr = this.stderrTail.trim();
    this.message = redactSecrets(`MCP server ${this.name} ${why}.${stderr ? ` Its last output: ${stderr.split('\n').slice(-3).join(' | ')}` : ''}`);
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
  }
}

function firstLine(error: unknown): string {
  return (errorMessage(error)).split('\n')[0]!.slice(0, 200);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (/timed out|timeout/i.test(error.message) || (error as { code?: unknown }).code === -32001);
}

/** A line that is not JSON, or JSON that is not a JSON-RPC message. */
function isGarbage(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && (error.name === 'ZodError' || /JSON|Unexpected token|invalid_union|invalid_type/i.test(error.message)));
}
