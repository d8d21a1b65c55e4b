// The real llama.cpp server for tests and benchmarks: `llama-server` (built by llamaInstall.mjs) with the
// tiny random-weight model, on 127.0.0.1 at a free port, one slot, `--jinja` (the model's own chat
// template, tool calls parsed from its output). Started and stopped by the caller; every wait is bounded.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { llamaPaths, TINY_MODEL_ALIAS } from './llamaInstall.mjs';

export interface LlamaServerOptions {
  /** `-c`: the context window (default 4096). */
  contextSize?: number;
  /** Until /health says the model is loaded (default 60 s). */
  readyTimeoutMs?: number;
  extraArgs?: string[];
}

export interface LlamaSlot { id: number; is_processing: boolean; n_ctx?: number; [key: string]: unknown }

export interface LlamaServer {
  origin: string; // http://127.0.0.1:PORT
  baseUrl: string; // origin + /v1
  model: string; // the id /v1/models lists
  contextSize: number;
  /** The server's output so far (for failure messages). */
  log(): string;
  slots(): Promise<LlamaSlot[]>;
  /** Resolves once no slot is processing; rejects after `timeoutMs`. */
  waitIdle(timeoutMs?: number): Promise<void>;
  /** The server's own token count for a text (`/tokenize`, special tokens parsed as the template does). */
  tokenize(text: string): Promise<number[]>;
  stop(): Promise<void>;
}

const LOG_LIMIT = 200_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns true; each poll and the whole wait are bounded. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, failed?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reason = failed?.();
    if (reason) throw new Error(reason);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

async function json(url: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

export async function startLlamaServer(opts: LlamaServerOptions = {}): Promise<LlamaServer> {
  const paths = llamaPaths();
  if (!existsSync(paths.server) || !existsSync(paths.model)) {
    throw new Error(`llama-server or the tiny model is not built yet: run \`node test/support/llamaInstall.mjs\` (first build ~11 min). Looked for ${paths.server} and ${paths.model}.`);
  }
  const contextSize = opts.contextSize ?? 4096;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // One thread: ggml's threads wait for each other by spinning, and on a busy machine (other jobs, the
  // other test files) two of them made this 10M-parameter model ~50× slower (7 instead of ~430 tokens/s).
  const args = ['-m', paths.model, '--alias', TINY_MODEL_ALIAS, '--host', '127.0.0.1', '--port', String(port),
    '-c', String(contextSize), '-np', '1', '--jinja', '--no-warmup', '--threads', '1', '--threads-batch', '1', ...(opts.extraArgs ?? [])];
  // LLAMA_ARG_* from the environment would change the server under test: leave them out.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LLAMA_ARG_')));
  const child = spawn(paths.server, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const collect = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-LOG_LIMIT); };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code, signal) => { exited = `llama-server exited (${code ?? signal})`; resolve(); }));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };

  try {
    await until('llama-server ready', async () => (await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2000) })).status === 200,
      opts.readyTimeoutMs ?? 60_000, () => exited && `${exited} before it was ready:\n${output.slice(-4000)}`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-4000)}`);
  }

  const slots = async (): Promise<LlamaSlot[]> => json(`${origin}/slots`);
  return {
    origin, baseUrl: `${origin}/v1`, model: TINY_MODEL_ALIAS, contextSize,
    log: () => output,
    slots,
    waitIdle: (timeoutMs = 5000) => until('llama-server slot idle', async () => (await slots()).every((s) => !s.is_processing), timeoutMs),
    tokenize: async (text) => (await json(`${origin}/tokenize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: text, parse_special: true }) })).tokens,
    stop,
  };
}
