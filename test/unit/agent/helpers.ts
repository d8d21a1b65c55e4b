// Scripted sessions: a temp workspace, the replay server playing the model over real HTTP, and the
// headless SmallCode API driving the real client, parser, budget, governor and Node ports.
import { mkdtempSync, mkdirSync, readFileSync, existsSync, writeFileSync, readdirSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { startReplayServer, type ReplayReply, type ReplayServer, type ReplayServerOptions } from '../../support/replayServer';
import { SmallCode, type SmallCodeOptions, type SmallCodeResult } from '../../../src/node/smallCode';
import type { AgentEvent } from '../../../src/core/agent';

export function tempWorkspace(files: Record<string, string> = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-agent-')));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Every file under root (relative, sorted) with its content. */
export function filesOf(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
export const exists = (root: string, path: string) => existsSync(join(root, path));

export interface Session {
  result: SmallCodeResult;
  events: AgentEvent[];
  server: ReplayServer;
  root: string;
  /** The messages of chat request i as one string (to assert what the model was told). */
  sent(i: number): string;
}

export interface SessionOptions extends Partial<Omit<SmallCodeOptions, 'baseUrl' | 'workspace'>> {
  files?: Record<string, string>;
  root?: string;
  server?: Omit<ReplayServerOptions, 'script'>;
  signal?: AbortSignal;
  onAgent?(agent: SmallCode): void;
}

/** Runs one task against a scripted model; the server and the temp folder are cleaned up by `close`. */
export async function runSession(task: string, script: ReplayReply[] | ReplayServerOptions['handler'], opts: SessionOptions = {}): Promise<Session> {
  const root = opts.root ?? tempWorkspace(opts.files);
  const server = await startReplayServer({ ...(Array.isArray(script) ? { script } : { handler: script }), ...opts.server });
  const { files: _f, root: _r, server: _s, signal, onAgent, ...rest } = opts;
  const agent = new SmallCode({ baseUrl: server.baseUrl, workspace: root, contextWindow: 16_384, model: 'smollm3-3b', retries: 2, backoffMs: 5, ...rest });
  const events: AgentEvent[] = [];
  agent.onAny((e) => events.push(e));
  onAgent?.(agent);
  try {
    const result = await agent.run(task, { signal });
    return {
      result, events, server, root,
      sent: (i) => JSON.stringify(server.chatRequests[i]?.body?.messages ?? []),
    };
  } finally {
    await server.close();
  }
}

export function cleanup(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** A Hermes-style call, the format the text protocol teaches. */
export const hermes = (name: string, args: Record<string, unknown>) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
