// One MCP server, reached with the official SDK over stdio (a spawned process) or streamable HTTP.
// Every step is time-bounded; a server that exits, stops answering or writes nothing but lines that are
// not MCP is stopped and stays stopped with a message saying why, so it can never hold up the chat. A
// line that is not MCP among real messages (a banner, a log line) is skipped and logged; the SDK's other
// reports (a late answer to a cancelled call, an HTTP error, which fails its call) are only logged.
// Every change of state goes through one epoch: stop and reset end the current one at once, so what a
// start or a closing process does later cannot overwrite a newer start's state.
// A stdio server starts outside the workspace unless its `cwd` says otherwise: launchers read their
// folder's configuration (npm and npx the project's `.npmrc`, whose `node-options=--require ./x.js`
// would run a cloned repository's code inside the server, with its tokens; uv its `uv.toml`, bun its
// `bunfig.toml`). The server gets the workspace's path as SMALLCODE_WORKSPACE.
import type { Client } from './mcpSdk';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { isStdio, startTimeoutMs, type McpCallResult, type McpCaller, type McpServerEntry, type McpStdioConfig, type McpToolInfo } from '../../core/mcp';
import { mapStringValues, redactSecrets, scrubKnown } from '../../core/security/redactSecrets';
import { secretsToLearn } from '../../core/security/secretValues';
import { errorMessage } from '../../core/errorMessage';
import { isWithin } from '../containment';
import { noCwdSearchEnv, programPath } from '../exeSearch';
import { workspaceCopyOf } from './workspaceCopy';
import { MAX_MESSAGE_BYTES, type StdoutEvents } from './stdoutEvents';
import { lastOutput, notFoundMessage } from './serverOutput';

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
  /** What a server did that is worth a line in the log but no failure (a skipped line, a late answer). */
  log?: (message: string) => void;
}

/** The last characters of a server's stderr kept for the message when it fails. */
const STDERR_TAIL = 1500;
/**
 * More tools than this from one server are not offered. A server costs one line of mcp_tools' directory
 * whatever its size (schemas come only when listed); the bound keeps its short listing (one line of at
 * most ~190 characters per tool, see deferredTools) whole within a tool result's 24,000 characters, so
 * the model can see every name (GitHub's server has ~90 tools).
 */
export const MAX_TOOLS_PER_SERVER = 120;
/** Lines in a row that are not MCP before a server counts as broken (a banner or a log line is skipped). */
export const NOT_MCP_LINES_IN_A_ROW = 1000;
/** Skipped lines written to the log per start (a server logging on stdout would fill it). */
const NOT_MCP_LINES_LOGGED = 20;
/** Why a call was cut off: its answer was over the size a message may have. */
const TOO_LARGE = Symbol('too large');

export class McpConnection implements McpCaller {
  state: McpState = 'stopped';
  /** Why the server failed (for /mcp and the panel). */
  message = '';
  tools: McpToolInfo[] = [];
  /** Counts the lists of tools the server gave (a start, a tools/list_changed): the hub rebuilds on a change. */
  toolsVersion = 0;
  private client: Client | undefined;
  private stderrTail = '';
  private starting: Promise<McpToolInfo[]> | undefined;
  /** The current start's number: a start, stop or reset begins a new one, and late work of an older one is dropped. */
  private epoch = 0;
  private notMcp = { inARow: 0, logged: 0, first: '', sawMcp: false };
  /** The calls waiting for an answer: cut off when their answer is too large to read. */
  private readonly calls = new Set<AbortController>();
  /** The values of its configured env and headers that are secrets: never in a result, message or log. */
  private readonly secrets: ReadonlySet<string>;

  constructor(readonly entry: McpServerEntry, private readonly options: McpConnectionOptions) {
    const c = entry.config;
    const configured = Object.entries({ ...(isStdio(c) ? c.env : c.headers) });
    this.secrets = new Set(configured.flatMap(([name, value]) => secretsToLearn(name, value)));
  }

  get name(): string { return this.entry.name; }

  /** Connects (once) and lists the tools; a failed server is not retried until `reset()`. */
  start(signal?: AbortSignal): Promise<McpToolInfo[]> {
    if (this.state === 'ready') return Promise.resolve(this.tools);
    if (this.state === 'failed') return Promise.reject(new Error(this.message));
    if (!this.starting) {
      const starting = this.connect(signal).finally(() => { if (this.starting === starting) this.starting = undefined; });
      this.starting = starting;
    }
    return this.starting;
  }

  async callTool(tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<McpCallResult> {
    const client = this.client;
    if (this.state !== 'ready' || !client) throw new Error(this.message || `MCP server ${this.name} is not running.`);
    const timeout = this.options.callTimeoutMs ?? this.entry.config.timeoutMs ?? 60_000;
    const epoch = this.epoch;
    // the run's Stop, or an answer too large to read, ends the call (the SDK then tells the server)
    const call = new AbortController();
    const onAbort = () => call.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.calls.add(call);
    try {
      const result = (await client.callTool({ name: tool, arguments: args }, undefined, { timeout, signal: call.signal })) as McpCallResult;
      // by value only: the shapes are redacted at the plugin gate, on the head it keeps (a result may be megabytes)
      return this.secrets.size ? mapStringValues(result, (text) => scrubKnown(text, this.secrets)) : result;
    } catch (error) {
      if (signal?.aborted) throw error;
      if (call.signal.reason === TOO_LARGE) throw new Error(`MCP server ${this.name} answered ${tool} with more than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB, more than SmallCode reads: the answer was dropped (the server is still running). Ask it for less, e.g. a smaller range or one page.`);
      if (this.failed()) throw new Error(this.message);
      if (isTimeout(error) && this.epoch === epoch) {
        await this.fail(`did not answer ${tool} within ${Math.round(timeout / 1000)} s and was stopped`);
        throw new Error(this.message);
      }
      throw new Error(this.scrub(errorMessage(error)));
    } finally {
      this.calls.delete(call);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Stops the server (kills a spawned process); it may be started again. */
  async stop(): Promise<void> {
    const client = this.detach();
    if (this.state !== 'failed') this.state = 'stopped';
    await client?.close().catch(() => undefined);
  }

  /**
   * Forget a failure: the next task tries again. The state is cleared at once, before the old process is
   * closed (which takes seconds for a server that ignores stdin's end), so a task started meanwhile
   * starts a new server that stays its own.
   */
  async reset(): Promise<void> {
    const client = this.detach();
    this.state = 'stopped';
    this.message = '';
    await client?.close().catch(() => undefined);
  }

  /** Ends the current epoch: what its start, client or process does later changes nothing. */
  private detach(): Client | undefined {
    this.epoch++;
    this.starting = undefined;
    const client = this.client;
    this.client = undefined;
    return client;
  }

  private async connect(signal?: AbortSignal): Promise<McpToolInfo[]> {
    const epoch = ++this.epoch;
    const current = () => this.epoch === epoch;
    this.state = 'starting';
    this.message = '';
    this.stderrTail = '';
    this.notMcp = { inARow: 0, logged: 0, first: '', sawMcp: false };
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
      if (!current()) throw new Error(this.stoppedWhileStarting());
      // a changed list of tools (after a login step, say) is read at once and offered from the next task
      const client = new Client({ name: 'smallcode', version: '0.1.0' }, {
        listChanged: { tools: { onChanged: (error, tools) => { if (current() && tools) this.listed(tools); else if (current() && error) this.log(`could not list its changed tools: ${firstLine(error)}`); } } },
      });
      this.client = client;
      client.onclose = () => { if (current() && this.state !== 'failed') void this.fail('exited'); };
      // what fails is said where it fails (a call rejects, a process closes, a start times out): the
      // SDK's reports here are news at most (a late answer to a cancelled call, an HTTP error body)
      client.onerror = (error) => { if (current()) this.log(firstLine(error)); };
      const transport = await this.transport(current);
      if (!current()) throw new Error(this.stoppedWhileStarting());
      await client.connect(transport, opts);
      const listed = await client.listTools({}, opts);
      if (!current()) throw new Error(this.stoppedWhileStarting());
      if (this.state !== 'starting') throw new Error(this.message);
      this.listed(listed.tools);
      this.state = 'ready';
      if (listed.tools.length > MAX_TOOLS_PER_SERVER) this.message = `offers ${listed.tools.length} tools; only the first ${MAX_TOOLS_PER_SERVER} are used`;
      return this.tools;
    } catch (error) {
      if (!current()) throw new Error(this.stoppedWhileStarting());
      if (!this.failed()) {
        if (signal?.aborted) await this.stop();
        else await this.fail(timedOut || isTimeout(error) ? `did not start within ${Math.round(timeout / 1000)} s${this.onlyNotMcp()} (a slow first start, e.g. a package being downloaded, needs a larger "startTimeoutMs" in its smallcode.mcpServers entry; New chat tries again)` : `could not start: ${this.startError(error)}`);
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

  private stoppedWhileStarting(): string {
    return `MCP server ${this.name} was stopped while it started (New chat).`;
  }

  /** The tools as listed (at start, or again after tools/list_changed). */
  private listed(tools: readonly { name: string; description?: string | undefined; inputSchema: unknown }[]): void {
    this.tools = tools.slice(0, MAX_TOOLS_PER_SERVER).map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema as Record<string, unknown> }));
    this.toolsVersion++;
  }

  /** For a start that timed out: what the server wrote instead of MCP, when that was all it wrote. */
  private onlyNotMcp(): string {
    return this.notMcp.first && !this.notMcp.sawMcp ? `; it wrote only lines that are not MCP, such as: ${this.notMcp.first}` : '';
  }

  private startError(error: unknown): string {
    const c = this.entry.config;
    if (isStdio(c) && (error as { code?: unknown }).code === 'ENOENT') {
      const { cwd } = this.folder(c);
      return notFoundMessage(c.command, existsSync(cwd), cwd);
    }
    return firstLine(error);
  }

  /** What the stdio reader met on the current epoch's stdout. */
  private stdoutEvents(current: () => boolean): StdoutEvents {
    return {
      mcp: () => { if (current()) this.notMcp = { ...this.notMcp, inARow: 0, sawMcp: true }; },
      notMcp: (line) => {
        if (!current() || this.failed()) return;
        const shown = line.slice(0, 120);
        this.notMcp.first ||= shown;
        if (++this.notMcp.logged <= NOT_MCP_LINES_LOGGED) this.log(`skipped a line on stdout that is not MCP: ${shown}${this.notMcp.logged === NOT_MCP_LINES_LOGGED ? ' (further such lines are skipped without a note)' : ''}`);
        if (++this.notMcp.inARow >= NOT_MCP_LINES_IN_A_ROW) void this.fail(`wrote ${NOT_MCP_LINES_IN_A_ROW} lines in a row that are not MCP, such as: ${this.notMcp.first}`);
      },
      tooLarge: () => {
        if (!current()) return;
        this.log(`dropped an answer of more than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB`);
        for (const call of this.calls) call.abort(TOO_LARGE);
      },
    };
  }

  private log(message: string): void {
    this.options.log?.(this.scrub(`MCP server ${this.name}: ${message}`));
  }

  /** Text from the server, or about it: its configured secrets hidden by value, the rest by shape. */
  private scrub(text: string): string {
    return redactSecrets(scrubKnown(text, this.secrets));
  }

  private async transport(current: () => boolean): Promise<Transport> {
    const c = this.entry.config;
    if (!isStdio(c)) {
      const { StreamableHTTPClientTransport } = await import('./mcpSdk');
      return new StreamableHTTPClientTransport(new URL(c.url), { requestInit: { headers: c.headers ?? {} } });
    }
    const { LenientStdioTransport } = await import('./mcpSdk');
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
    const transport = new LenientStdioTransport({ command, args: c.args ?? [], env, cwd, stderr: 'pipe' }, this.stdoutEvents(current));
    transport.stderr?.on('data', (chunk: Buffer) => { if (current()) this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL); });
    return transport;
  }

  /** (A method, so that TypeScript does not narrow the state across the awaits that change it.) */
  failed(): boolean { return this.state === 'failed'; }

  private async fail(why: string): Promise<void> {
    if (this.state === 'failed') return;
    this.state = 'failed';
    const stderr = lastOutput(this.stderrTail);
    this.message = this.scrub(`MCP server ${this.name} ${why}.${stderr ? ` Its last output: ${stderr}` : ''}`);
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

