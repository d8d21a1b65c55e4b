// MCP servers as the user configures them (smallcode.mcpServers): a command to spawn over stdio, or a
// streamable-HTTP URL. Checked here so that a typo is a clear message, not a spawn of something else.
import { z } from 'zod';
import { launchedProgram } from './launchedProgram';

/**
 * No `__` inside and no `_` at the end: `__` separates the server from the tool in the names the model
 * calls (`server__tool`), and server `a_` tool `b` would be server `a` tool `_b` (both `a___b`).
 */
const SERVER_NAME = /^(?!.*__)(?!.*_$)[A-Za-z0-9_-]{1,32}$/;

const common = {
  /** Tools run without asking each time (names as the server gives them, without the server prefix). */
  allowedTools: z.array(z.string().min(1)).optional(),
  /** One tool call may take this long before the server is stopped (default 60 s). */
  timeoutMs: z.number().int().min(1000).max(600_000).optional(),
  /** Starting (spawn, connect, list tools) may take this long (default: see startTimeoutMs). */
  startTimeoutMs: z.number().int().min(1000).max(600_000).optional(),
  disabled: z.boolean().optional(),
};

const stdioServer = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  /** The only variables the server gets besides PATH, HOME, USER, LOGNAME, SHELL, TERM: API keys are not inherited. */
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
  ...common,
}).strict();

const httpServer = z.object({
  url: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  headers: z.record(z.string(), z.string()).optional(),
  ...common,
}).strict();

export type McpStdioConfig = z.infer<typeof stdioServer>;
export type McpHttpConfig = z.infer<typeof httpServer>;
export type McpServerConfig = McpStdioConfig | McpHttpConfig;

export interface McpServerEntry { name: string; config: McpServerConfig }

export function isStdio(config: McpServerConfig): config is McpStdioConfig {
  return 'command' in config;
}

/** A server's own start: 15 s, enough for a program already on the machine. */
export const START_TIMEOUT_MS = 15_000;
/**
 * Launchers that fetch the server on its first start (a package, an image): `npx -y @scope/server` took
 * 20–40 s on a first run, and a server that fails to start stays off until New chat, so they get longer.
 */
export const FETCHING_START_TIMEOUT_MS = 60_000;
const FETCHING_LAUNCHERS = new Set(['npx', 'uvx', 'pipx', 'bunx', 'docker', 'podman']);
/** Launchers whose subcommand may fetch: `pnpm dlx`, `npm exec`, `bun x`, `yarn dlx`, `uv tool run`, `uv run --with`. */
const FETCHING_SUBCOMMANDS: Record<string, string[]> = { pnpm: ['dlx'], npm: ['exec', 'x'], yarn: ['dlx'], bun: ['x'], uv: ['tool', 'run'] };

/** How long a server may take to start: its own `startTimeoutMs`, else by what its command is. */
export function startTimeoutMs(config: McpServerConfig): number {
  if (config.startTimeoutMs !== undefined) return config.startTimeoutMs;
  if (!isStdio(config)) return START_TIMEOUT_MS;
  const { program, args } = launchedProgram(config.command, config.args ?? []);
  const subcommand = args.find((a) => !a.startsWith('-'));
  const fetches = FETCHING_LAUNCHERS.has(program) || (subcommand !== undefined && (FETCHING_SUBCOMMANDS[program] ?? []).includes(subcommand));
  return fetches ? FETCHING_START_TIMEOUT_MS : START_TIMEOUT_MS;
}

/** The configured servers that are valid and enabled, and a message for each one that is not valid. */
export function readMcpServers(raw: unknown): { servers: McpServerEntry[]; problems: string[] } {
  const servers: McpServerEntry[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { servers, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { servers, problems: ['smallcode.mcpServers must be an object: { "name": { "command": … } or { "url": … } }.'] };
  for (const [name, value] of Object.entries(raw)) {
    if (!SERVER_NAME.test(name)) {
      problems.push(`MCP server "${name}": a name is 1–32 letters, digits, "-" or "_", without "__" and not ending with "_" (it prefixes the tool names as server__tool).`);
      continue;
    }
    const kind = value && typeof value === 'object' && 'url' in value ? httpServer : stdioServer;
    const parsed = kind.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push(`MCP server "${name}": ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}.`);
      continue;
    }
    if (!parsed.data.disabled) servers.push({ name, config: parsed.data });
  }
  return { servers, problems };
}

/**
 * What the user consents to, in words, and the key their consent is stored under: everything that decides
 * what runs and what runs unasked (command, args, cwd, env and header names, allowedTools, timeoutMs), so
 * a changed entry asks again. Env and header values are left out: they hold secrets, and a dialog shows this.
 */
export function describeServer(entry: McpServerEntry): string {
  const c = entry.config;
  const details = [
    // Without a cwd a server starts in SmallCode's own folder (a workspace's .npmrc and the like must not
    // reach it): said, so that a server given `.` is seen not to get the project, and consents given
    // when it started in the workspace are asked again.
    ...(isStdio(c) ? [c.cwd !== undefined ? `in ${c.cwd}` : 'in SmallCode\'s folder, not the workspace', names('env', c.env)] : [names('headers', c.headers)]),
    c.allowedTools?.length && `runs without asking: ${c.allowedTools.join(', ')}`,
    c.timeoutMs !== undefined && `calls may take ${c.timeoutMs / 1000} s`,
  ].filter((d): d is string => typeof d === 'string' && d !== '');
  const target = isStdio(c) ? [c.command, ...(c.args ?? [])].join(' ') : c.url;
  return `${entry.name}: ${target}${details.length ? ` (${details.join('; ')})` : ''}`;
}

function names(label: string, values: Record<string, string> | undefined): string | false {
  const keys = Object.keys(values ?? {});
  return keys.length > 0 && `${label}: ${keys.join(', ')}`;
}
