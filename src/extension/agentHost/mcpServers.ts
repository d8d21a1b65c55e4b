// The MCP servers of smallcode.mcpServers in VS Code: one hub per folder and configuration, started by
// the first task that needs tools, each server only after the user allowed it for this workspace
// (remembered in workspace state; a changed entry asks again: describeServer is the key), every call of a
// tool not allowed asked in a modal. smallcode.mcpServers is user settings only: VS Code merges object
// settings, so a repository's could otherwise add allowedTools to the user's own server. Problems are
// shown without waiting for the user, so they never hold up a run.
import * as vscode from 'vscode';
import type { McpApproval, McpCallRequest, McpServerEntry } from '../../core/mcp';
import type { McpHub } from '../../node/mcp/mcpHub';
import { loadCore } from '../lazyCore';
import { chosenInModal } from '../askInModal';

const CONSENT_KEY = 'smallcode.mcp.allowedServers';

export class McpServers implements vscode.Disposable {
  private hub: McpHub | undefined;
  private key = '';

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    /** Where stdio servers start unless their `cwd` says otherwise: the extension's global storage, which nothing from a repository is in. */
    private readonly serverFolder: string,
  ) {}

  /** The hub for this folder and the current settings (undefined when no server is configured). */
  hubFor(root: string): McpHub | undefined {
    const raw = vscode.workspace.getConfiguration('smallcode').get<unknown>('mcpServers', {});
    const key = `${root}|${JSON.stringify(raw)}`;
    if (key === this.key) return this.hub;
    void this.hub?.dispose();
    this.key = key;
    const core = loadCore();
    const { servers, problems } = core.readMcpServers(raw);
    for (const p of problems) this.log.warn(p);
    this.hub = servers.length || problems.length ? new core.McpHub({
      servers, problems, workspace: root, serverFolder: this.serverFolder,
      consent: (entry, description, signal) => this.consent(entry, description, signal),
      approve: (request, signal) => approveCall(request, signal),
      onStarting: showSlowStart,
      log: (message) => this.log.info(message),
      onProblem: (message) => { this.log.warn(message); void vscode.window.showWarningMessage(`SmallCode: ${message}`); },
    }) : undefined;
    return this.hub;
  }

  /** /mcp */
  describe(root: string | undefined): string[] {
    const hub = root ? this.hubFor(root) : undefined;
    return hub ? hub.describe() : ['No MCP servers configured. Add them to the smallcode.mcpServers setting: { "name": { "command": "…", "args": […] } } or { "name": { "url": "http://…" } }.'];
  }

  /** New chat: servers that failed get another chance (running ones keep running). */
  reset(): void {
    void this.hub?.reset();
  }

  dispose(): void {
    void this.hub?.dispose();
    this.hub = undefined;
    this.key = '';
  }

  /** Bounded like every question mid-run (askInModal): Stop or the time-out ends it as a no. */
  private async consent(entry: McpServerEntry, description: string, signal?: AbortSignal): Promise<boolean> {
    const allowed = this.memento.get<string[]>(CONSENT_KEY, []);
    if (allowed.includes(description)) return true;
    const what = 'command' in entry.config ? 'runs this command on your machine, with your permissions' : 'connects to this URL';
    const choice = await chosenInModal(`Start the MCP server "${entry.name}" in this workspace?`,
      `${description}\n\nIt ${what}. Its tools are offered to the model; each call asks you first${entry.config.allowedTools?.length ? ', except the tools listed as running without asking' : ''}.`,
      ['Allow in this workspace'], signal);
    if (choice !== 'Allow in this workspace') return false;
    await this.memento.update(CONSENT_KEY, [...allowed, description]);
    return true;
  }
}

/** A start shown only once it takes this long: most servers start in well under a second. */
const SLOW_START_MS = 1500;

/**
 * A server still starting after SLOW_START_MS is shown in a notification until it is up or failed: the
 * task waits for it before its first request (a first `npx` start downloads the server, up to its
 * startTimeoutMs), and a chat that says nothing for a minute looks hung.
 */
function showSlowStart(server: string, started: Promise<unknown>): void {
  const settled = started.then(() => undefined, () => undefined);
  const timer = setTimeout(() => {
    void vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: `SmallCode: starting the MCP server "${server}" (a first start may download it; Stop in the chat ends the wait)…`,
    }, () => settled);
  }, SLOW_START_MS);
  void settled.then(() => clearTimeout(timer));
}

/**
 * The modal for one call. Stop settles it as declined at once (code cannot close a modal: the dialog stays
 * until the user answers, and that late answer is ignored); bounded like every approval.
 */
const RUN_ONCE = 'Run once';
const ALWAYS_TOOL = 'Always allow this tool';

async function approveCall(request: McpCallRequest, signal?: AbortSignal): Promise<McpApproval> {
  const core = loadCore();
  const choice = await chosenInModal(`Run ${core.mcpLabel(request.server, request.tool)}?`,
    `SmallCode's model asks to run this MCP tool with these arguments:\n${core.mcpArgumentsText(request.args)}`, [RUN_ONCE, ALWAYS_TOOL], signal);
  return choice === RUN_ONCE ? 'once' : choice === ALWAYS_TOOL ? 'always' : 'deny';
}
