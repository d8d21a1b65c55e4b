// Finds model servers on this machine when no URL is set, tells which software each is (they expose the
// runtime context differently) and lists their models. The kind comes from what a server answers, not
// from its port: people run llama.cpp on 8000 and vLLM on 8080.
import { apiBaseUrl, getJson, originOf, requestJson, servesAtRoot, type HttpOptions, type JsonAnswer } from './http';
import { errorFromHttp, noApiError, unreachableError } from './errors';
import type { ServerKind } from './types';

export interface ModelInfo {
  id: string;
  /** Loaded now (LM Studio, Ollama /api/ps); undefined when the server does not say. */
  loaded?: boolean;
  /** The window it is loaded with, when the listing says (LM Studio, vLLM). */
  contextLength?: number;
  /** The longest window the model supports (trained), when the listing says. */
  maxContextLength?: number;
  /** The model's architecture family, when the listing says (Ollama: `details.family`, e.g. nomic-bert for an embedder). */
  family?: string;
}

export interface DetectedServer {
  kind: ServerKind;
  baseUrl: string; // OpenAI-compatible base: the origin's /v1, or the path the user configured
  models: ModelInfo[];
  /** What the server says its version is (Ollama's /api/version), when it says. */
  version?: string;
}

/** Default ports of the servers SmallCode knows, then a few other OpenAI-compatible apps (Jan, KoboldCpp, GPT4All, LocalAI). */
export const KNOWN_PORTS: { port: number; expected: ServerKind }[] = [
  { port: 1234, expected: 'lmstudio' },
  { port: 11434, expected: 'ollama' },
  { port: 8080, expected: 'llamacpp' },
  { port: 8000, expected: 'vllm' },
  { port: 1337, expected: 'openai-compatible' },
  { port: 5001, expected: 'openai-compatible' },
  { port: 4891, expected: 'openai-compatible' },
  { port: 8081, expected: 'openai-compatible' },
];

/** How long a configured URL has to answer each discovery request: it may be a remote or proxied server
 * (a TLS handshake far away, a list of hundreds of models). The port scan keeps its own short limit. */
export const CONFIGURED_PROBE_TIMEOUT_MS = 10_000;

/** A port on this machine answers at once, or is not a model server. */
const SCAN_TIMEOUT_MS = 800;

export interface DetectOptions extends HttpOptions {
  hosts?: string[]; // default ['127.0.0.1']
  ports?: number[]; // default KNOWN_PORTS
}

/** Probes each host:port in parallel; resolves with the servers that answered, in port-list order. */
export async function detectEndpoints(opts: DetectOptions = {}): Promise<DetectedServer[]> {
  return (await scanEndpoints(opts)).servers;
}

/** A port where something answered, but not with a usable model list (a key needed, an error). */
export interface PortProblem {
  port: number;
  /** The server SmallCode expects on that port (KNOWN_PORTS), 'openai-compatible' for others. */
  expected: ServerKind;
  /** The URL to set as smallcode.baseUrl to use that server. */
  baseUrl: string;
  problem: ProbeProblem;
}

export interface ScanResult { servers: DetectedServer[]; problems: PortProblem[] }

/**
 * The probes of detectEndpoints, with what went wrong where something answered: a keyed LM Studio on
 * 1234 answers 401, and "no server found" would send the user looking for the wrong fix. A port where
 * nothing listens is no problem (most of them, always).
 */
export async function scanEndpoints(opts: DetectOptions = {}): Promise<ScanResult> {
  const hosts = opts.hosts ?? ['127.0.0.1'];
  const ports = opts.ports ?? KNOWN_PORTS.map((p) => p.port);
  const http = { ...opts, timeoutMs: opts.timeoutMs ?? SCAN_TIMEOUT_MS };
  const probes = hosts.flatMap((host) => ports.map(async (port) => {
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return { port, url, result: await probeServer(url, http) };
  }));
  const servers: DetectedServer[] = [];
  const problems: PortProblem[] = [];
  for (const { port, url, result } of await Promise.all(probes)) {
    if (result.server) servers.push(result.server);
    // a port that is slow to answer is no model server worth naming (a server on this machine answers at once)
    else if (result.problem && result.problem.kind !== 'unreachable' && result.problem.kind !== 'timeout') {
      problems.push({ port, expected: KNOWN_PORTS.find((p) => p.port === port)?.expected ?? 'openai-compatible', baseUrl: apiBaseUrl(url), problem: result.problem });
    }
  }
  return { servers, problems };
}

export interface ProbeProblem {
  /** unauthorised: 401/403; not-found: no OpenAI-compatible API at that URL; unreachable: refused or no
   * such host; timeout: no (whole) answer in time; server-error: it answered /models with another error
   * (e.g. 503 while loading) or stopped in the middle; bad-url: not an http(s) URL at all (nothing was asked). */
  kind: 'unauthorised' | 'not-found' | 'unreachable' | 'timeout' | 'server-error' | 'bad-url';
  message: string; // user-facing, with the fix
  detail?: string; // what the server or the network said
}

/** What answered at a URL: the server, or why there is none usable. */
export interface ProbeResult { server?: DetectedServer; problem?: ProbeProblem }

/** Asks one URL which server it is. `${base}/models` comes first, at the path the user gave and with the
 * key: it says whether an API is there at all, and why not. The kind comes from the server's own root
 * endpoints, asked only when the API sits at the origin's /v1. Each request has CONFIGURED_PROBE_TIMEOUT_MS
 * unless `opts` say otherwise. */
export async function probeServer(url: string, options: HttpOptions = {}): Promise<ProbeResult> {
  const bad = badUrlProblem(url);
  if (bad) return { problem: bad };
  const opts = { ...options, timeoutMs: options.timeoutMs ?? CONFIGURED_PROBE_TIMEOUT_MS };
  const baseUrl = apiBaseUrl(url);
  const v1Answer = await requestJson(`${baseUrl}/models`, opts);
  const v1 = v1Answer.ok ? v1Answer.json : undefined;
  const listed = Array.isArray(v1?.data);
  // Nothing listening, a key needed, a server error: the root endpoints would say no more. A 404 or a page
  // may still be an older server with its own endpoints only.
  if (!v1Answer.ok && v1Answer.failure !== 'not-json' && v1Answer.status !== 404) return { problem: problemOf(v1Answer, baseUrl, !!opts.apiKey) };
  const origin = originOf(baseUrl);
  const [lmstudio, ollama, tags, props] = servesAtRoot(baseUrl)
    ? await Promise.all([getJson(`${origin}/api/v0/models`, opts), getJson(`${origin}/api/version`, opts), getJson(`${origin}/api/tags`, opts), getJson(`${origin}/props`, opts)])
    : [];
  let kind: ServerKind;
  if (Array.isArray(lmstudio?.data)) kind = 'lmstudio';
  // `{"version": …}` at /api/version is what many web apps answer (a developer's own on 8000 or 8080):
  // Ollama is the one that also lists its models at /api/tags
  else if (typeof ollama?.version === 'string' && Array.isArray(tags?.models)) kind = 'ollama';
  else if (props && typeof props === 'object' && 'default_generation_settings' in props) kind = 'llamacpp';
  else if (listed && v1.data.some((m: any) => m?.owned_by === 'vllm' || typeof m?.max_model_len === 'number')) kind = 'vllm';
  else if (listed) kind = 'openai-compatible';
  else return { problem: problemOf(v1Answer, baseUrl, !!opts.apiKey) };
  const version = kind === 'ollama' ? { version: ollama.version as string } : {};
  return { server: { kind, baseUrl, models: await modelsFor(kind, baseUrl, opts, { v1, lmstudio, tags }), ...version } };
}

/**
 * A URL without its scheme (`localhost:1234`) would otherwise be reported as a server that is not
 * running, while it is: say what is wrong with the URL instead.
 */
function badUrlProblem(url: string): ProbeProblem | undefined {
  const trimmed = url.trim();
  let parsed: URL | undefined;
  try { parsed = new URL(trimmed); } catch { parsed = undefined; }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname) return undefined;
  return { kind: 'bad-url', message: `"${trimmed}" is not a model server URL: it must start with http:// or https:// (e.g. http://127.0.0.1:1234/v1).` };
}

/** The same probe for callers that only want the server. */
export async function identifyServer(url: string, opts: HttpOptions = {}): Promise<DetectedServer | undefined> {
  return (await probeServer(url, opts)).server;
}

/** An unusable /models answer as advice, in the words the chat client uses for the same failures. */
function problemOf(answer: JsonAnswer<unknown>, baseUrl: string, apiKeyGiven: boolean): ProbeProblem {
  // Slow or cut short: something is there, so neither "start it" nor an HTTP refusal is the fix.
  if (!answer.ok && answer.failure === 'timeout') {
    const seconds = answer.timeoutMs !== undefined ? ` within ${Math.max(1, Math.round(answer.timeoutMs / 1000))} s` : ' in time';
    return { kind: 'timeout', message: `The server at ${baseUrl} did not answer${seconds}. Check that it is running and reachable (a remote server, VPN or proxy can be slow), then retry.`, detail: answer.detail };
  }
  if (!answer.ok && answer.failure === 'cut') {
    return { kind: 'server-error', message: `The server at ${baseUrl} stopped in the middle of its answer to /models (${answer.detail}). Retry; if it keeps happening, check the server or the proxy in front of it.`, detail: answer.detail };
  }
  const error = answer.ok ? noApiError(baseUrl, 'the answer to /models is not a model list', answer.status)
    : answer.status === undefined ? unreachableError(baseUrl, answer.cause)
    // Whatever a 404 on /models says, the route is missing, not a model.
    : answer.failure === 'not-json' || answer.status === 404 || answer.status === 405 ? noApiError(baseUrl, answer.detail, answer.status)
    : errorFromHttp({ status: answer.status, message: answer.detail }, { baseUrl, model: '', apiKeyGiven });
  const kind: ProbeProblem['kind'] = error.kind === 'auth' ? 'unauthorised' : error.kind === 'no-api' ? 'not-found'
    : error.kind === 'server-unreachable' ? 'unreachable' : 'server-error';
  return { kind, message: error.message, detail: error.detail ?? (answer.ok ? undefined : answer.detail) };
}

/** The models a server offers (richer for LM Studio and Ollama, whose own endpoints say what is loaded). */
export async function listModels(baseUrl: string, opts: HttpOptions & { kind?: ServerKind } = {}): Promise<ModelInfo[]> {
  if (!opts.kind) return (await identifyServer(baseUrl, opts))?.models ?? [];
  return modelsFor(opts.kind, apiBaseUrl(baseUrl), opts, {});
}

async function modelsFor(kind: ServerKind, baseUrl: string, opts: HttpOptions, known: { v1?: any; lmstudio?: any; tags?: any }): Promise<ModelInfo[]> {
  const origin = originOf(baseUrl);
  if (kind === 'lmstudio') {
    const list = known.lmstudio ?? await getJson(`${origin}/api/v0/models`, opts);
    // LM Studio also lists embedding models; they cannot chat.
    return (list?.data ?? []).filter((m: any) => m?.type !== 'embeddings').map((m: any) => ({
      id: String(m.id), loaded: m.state === 'loaded',
      contextLength: typeof m.loaded_context_length === 'number' ? m.loaded_context_length : undefined,
      maxContextLength: typeof m.max_context_length === 'number' ? m.max_context_length : undefined,
    }));
  }
  if (kind === 'ollama') {
    const [tags, ps] = await Promise.all([known.tags ?? getJson(`${origin}/api/tags`, opts), getJson(`${origin}/api/ps`, opts)]);
    const running = new Map<string, any>((ps?.models ?? []).map((m: any) => [String(m.name ?? m.model), m]));
    return (tags?.models ?? []).map((m: any) => {
      const id = String(m.name ?? m.model);
      const live = running.get(id);
      const family = typeof m.details?.family === 'string' ? m.details.family : undefined;
      return { id, loaded: !!live, contextLength: typeof live?.context_length === 'number' ? live.context_length : undefined, ...(family ? { family } : {}) };
    });
  }
  const v1 = known.v1 ?? await getJson(`${baseUrl}/models`, opts);
  return (v1?.data ?? []).map((m: any) => ({
    id: String(m.id),
    contextLength: typeof m.max_model_len === 'number' ? m.max_model_len : undefined,
    maxContextLength: typeof m?.meta?.n_ctx_train === 'number' ? m.meta.n_ctx_train : undefined,
  }));
}
