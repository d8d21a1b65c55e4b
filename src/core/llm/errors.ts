// Every failure the client reports is an LlmError with a kind the caller can branch on and a message a
// user can act on (what went wrong and the exact fix). Raw server text stays in `detail`.
import { openAiBase } from './http';
import { refusedWindow } from './refusedWindow';
import { quotableErrorText } from './errorText';
import type { ServerKind } from './types';

export type LlmErrorKind =
  | 'server-unreachable' // nothing listening, or the connection dropped before a reply
  | 'model-not-found' // the server does not know the model id
  | 'model-not-loaded' // the server has no model loaded
  | 'model-loading' // the server is loading the model: retried for as long as a first token is waited for
  | 'model-load-failed' // the server tried to load the model and could not (too new for it, a broken file)
  | 'context-exceeded' // the prompt does not fit the loaded context window
  | 'out-of-memory' // the server cannot load the model (or its context) into memory
  | 'tools-unsupported' // the model/server rejects native `tools`: fall back to the text protocol
  | 'auth' // 401/403
  | 'no-api' // nothing OpenAI-compatible at the base URL (404 on its routes, an HTML page): the URL is wrong
  | 'rate-limited' // 429
  | 'server-error' // 5xx
  | 'bad-request' // other 4xx
  | 'timeout' // no answer (or no stream chunk) in time
  | 'stream-cut' // the stream ended mid-reply; the partial reply was discarded
  | 'reply-too-long' // the reply went far past its max_tokens (a server ignoring it, a looping model)
  | 'aborted'; // the caller cancelled

export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly status?: number;
  readonly detail?: string;
  readonly retryAfterMs?: number;
  /** context-exceeded: the window the server said it has, when it said (see refusedWindow.ts). */
  readonly windowTokens?: number;

  constructor(kind: LlmErrorKind, userMessage: string, opts: { status?: number; detail?: string; retryAfterMs?: number; windowTokens?: number; cause?: unknown } = {}) {
    super(userMessage, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'LlmError';
    this.kind = kind;
    this.status = opts.status;
    this.detail = opts.detail;
    this.retryAfterMs = opts.retryAfterMs;
    if (opts.windowTokens !== undefined) this.windowTokens = opts.windowTokens;
  }

  /** Worth trying again with the same request after a pause. */
  get retryable(): boolean {
    return ['server-unreachable', 'rate-limited', 'server-error', 'stream-cut', 'model-not-loaded', 'model-loading'].includes(this.kind);
  }
}

export function isLlmError(e: unknown, kind?: LlmErrorKind): e is LlmError {
  return e instanceof LlmError && (kind === undefined || e.kind === kind);
}

// Server wordings, by server: llama.cpp, vLLM/OpenAI, LM Studio, Ollama; then LM Studio's llama.cpp engine
// ("tokens to keep from the initial prompt is greater than the context length"), vLLM V1 ("prompt (length N)
// is longer than the maximum model length"), SGLang ("longer than the model's context length"), TGI
// ("`inputs` tokens + `max_new_tokens` must be <= N"; its bare "`max_new_tokens` must be <= N" is the reply
// limit over the server's, which no trim of the prompt helps).
const CONTEXT_PATTERNS = [/exceeds? the available context size/i, /maximum context length/i, /context_length_exceeded/i,
  /context (length|window|size).*(exceed|overflow)/i, /(exceed|overflow)s?.*context/i, /prompt is too long/i, /too many tokens/i,
  /longer than the (model's )?context length/i, /tokens to keep .{0,40}greater than the context length/i,
  /longer than the maximum model length/i, /inputs`? tokens \+ `?max_new_tokens`? must be <=/i];
// The model (or its window) does not fit when loading: Ollama's "model requires more system memory (9.1 GiB)
// than is available (7.8 GiB)", a runner that died in cudaMalloc, llama.cpp's "unable to allocate CUDA0
// buffer". A bare "out of memory" mid-reply can be passing and is retried as a server error.
const MEMORY_PATTERNS = [/requires more (system )?memory/i, /insufficient memory/i, /not enough memory/i, /cudaMalloc failed/i, /(unable|failed) to allocate .*buffer/i];
const BUSY_PATTERNS = [/server busy/i, /maximum pending requests/i];
// llama.cpp without --jinja: "tools param requires --jinja flag"; older builds: "Cannot use tools with stream".
const TOOLS_PATTERNS = [/does not support tools/i, /tools? (are|is) not supported/i, /tool.{0,20}not supported/i, /unsupported.{0,20}tool/i, /"auto" tool choice requires/i,
  /requires --jinja/i, /cannot use tools with stream/i];
// A load that failed (Ollama's "error loading model: unknown model architecture", LM Studio's "Error loading
// model. (Exit code: …)"): trying again loads it again, for seconds and gigabytes, and fails the same way.
const LOAD_FAILED_PATTERNS = [/error loading model/i, /failed to load model/i, /unable to load model/i];
// llama.cpp answers 503 "Loading model" while it reads the weights (seconds to a minute).
const LOADING_PATTERNS = [/^loading model/i, /model is (still |currently )?loading/i];
// LM Studio when the model was unloaded meanwhile (by hand, its idle TTL, another app): "Model is unloaded."
const NOT_LOADED_PATTERNS = [/no models? (is |are )?loaded/i, /please load a model/i, /\bmodel (is |was |has been )?unloaded\b/i];
const NOT_FOUND_PATTERNS = [/model .* not found/i, /not found.*model/i, /model_not_found/i, /does not exist/i, /try pulling it first/i];

export interface HttpFailure {
  /** Undefined for an error event sent in the middle of a stream (the HTTP status was already 200). */
  status?: number;
  message: string;
  retryAfterMs?: number;
  /** The body was not JSON (a web server's page, not the API's error object). */
  notJson?: boolean;
  /** The window the error object names (llama.cpp's `n_ctx`); else it is read from the words. */
  windowTokens?: number;
}

export interface FailureContext {
  baseUrl: string;
  model: string;
  /** Whether the user configured a key: a 401 then means a wrong key rather than a missing one. */
  apiKeyGiven?: boolean;
  /** Which server answered, for advice in its own terms (`ollama pull …`). */
  serverKind?: ServerKind;
}

/** Turns a server's error (an HTTP error answer or an error event mid-stream) into a typed error with a
 * user-facing message. The text decides first: servers use the same words in both places. */
export function errorFromHttp(f: HttpFailure, ctx: FailureContext): LlmError {
  const opts = { status: f.status, detail: f.message, retryAfterMs: f.retryAfterMs };
  // the words are matched whole; what the message quotes is short and free of markup
  const any = (ps: RegExp[]) => ps.some((p) => p.test(f.message));
  const m = quotableErrorText(f.message, f.notJson === true);
  if (f.status === 401 || f.status === 403) return authError(ctx.baseUrl, f.status, !!ctx.apiKeyGiven, f.message);
  if (f.status === 429 || any(BUSY_PATTERNS)) return new LlmError('rate-limited', `The server at ${ctx.baseUrl} is busy (${f.status === 429 ? 'HTTP 429, too many requests' : m}). SmallCode retried; try again in a moment.`, opts);
  if (any(CONTEXT_PATTERNS)) {
    const windowTokens = f.windowTokens ?? refusedWindow(f.message);
    return new LlmError('context-exceeded', `The request did not fit the model's context window (${m}). Increase the server's context length or lower "smallcode.contextWindow" so SmallCode budgets for the real window.`,
      { ...opts, ...(windowTokens ? { windowTokens } : {}) });
  }
  if (any(MEMORY_PATTERNS)) {
    return new LlmError('out-of-memory', `The server at ${ctx.baseUrl} does not have the memory to run "${ctx.model}" (${m}). Use a smaller model or quantisation, or a smaller context window (its cache grows with the window: lower "smallcode.contextWindow").`, opts);
  }
  if (any(TOOLS_PATTERNS)) {
    const jinja = /--jinja|tools with stream/i.test(f.message) ? ' (to let it, start llama-server with --jinja)' : '';
    return new LlmError('tools-unsupported', `Model "${ctx.model}" does not accept native tool definitions on this server${jinja}; SmallCode will describe the tools in the prompt instead.`, opts);
  }
  if (any(LOAD_FAILED_PATTERNS)) {
    const fix = ctx.serverKind === 'ollama' ? 'Update Ollama (a model newer than the server cannot load) or pick another model' : 'Update the server (a model newer than it cannot load), check that the model file is whole, or pick another model';
    return new LlmError('model-load-failed', `The server at ${ctx.baseUrl} could not load "${ctx.model || 'the model'}" (${m}). ${fix} with "SmallCode: Select model".`, opts);
  }
  if (any(LOADING_PATTERNS)) {
    return new LlmError('model-loading', `The server at ${ctx.baseUrl} is still loading "${ctx.model || 'the model'}" (${m}): a large model can take a minute. SmallCode waits for it as long as for a first answer ("smallcode.requestTimeoutSeconds").`, opts);
  }
  if (any(NOT_LOADED_PATTERNS) || f.status === 503) {
    return new LlmError('model-not-loaded', `No model is ready on ${ctx.baseUrl} (${m}). Load "${ctx.model || 'a model'}" in the server (LM Studio: load it in the Developer tab; Ollama: \`ollama run ${ctx.model || '<model>'}\`) or pick one with "SmallCode: Select model".`, opts);
  }
  // A missing route, not a missing model: a 404 page that says nothing about models means a wrong base URL.
  const aboutModel = any(NOT_FOUND_PATTERNS) || /model/i.test(f.message) || (!!ctx.model && f.message.includes(ctx.model));
  if ((f.status === 404 || f.status === 405) && (f.notJson || !aboutModel)) return noApiError(ctx.baseUrl, `HTTP ${f.status}: ${m}`, f.status);
  if (f.status === 404 || any(NOT_FOUND_PATTERNS)) {
    return new LlmError('model-not-found', `The server at ${ctx.baseUrl} has no model "${ctx.model}" (${m}). Pick an available one with "SmallCode: Select model"${ctx.serverKind === 'ollama' || /ollama|11434/i.test(ctx.baseUrl) ? ` or run \`ollama pull ${ctx.model}\`` : ''}.`, opts);
  }
  if (f.status === undefined) return new LlmError('server-error', `The server at ${ctx.baseUrl} reported an error in the middle of the reply (${m}).`, opts);
  if (f.status >= 500) return new LlmError('server-error', `The server at ${ctx.baseUrl} failed (HTTP ${f.status}: ${m}).`, opts);
  return new LlmError('bad-request', `The server at ${ctx.baseUrl} refused the request (HTTP ${f.status}: ${m}).`, opts);
}

export function authError(baseUrl: string, status: number, apiKeyGiven: boolean, detail?: string): LlmError {
  const message = apiKeyGiven
    ? `The server at ${baseUrl} rejected the API key (HTTP ${status}). Set the right key with "SmallCode: Set API key".`
    : `The server at ${baseUrl} needs an API key (HTTP ${status}): run "SmallCode: Set API key".`;
  return new LlmError('auth', message, { status, detail });
}

/** The base URL leads to something that is not an OpenAI-compatible API; most often `/v1` is missing. */
export function noApiError(baseUrl: string, detail?: string, status?: number): LlmError {
  const hint = /\/v1\/?$/.test(baseUrl) ? 'Check "smallcode.baseUrl"' : `Did you mean ${openAiBase(baseUrl)}? Set it in "smallcode.baseUrl"`;
  return new LlmError('no-api', `There is no OpenAI-compatible API at ${baseUrl}. ${hint}.`, { status, detail: detail?.slice(0, 300) });
}

export function unreachableError(baseUrl: string, cause?: unknown): LlmError {
  return new LlmError('server-unreachable', `Cannot reach a model server at ${baseUrl}. Start it (LM Studio: Developer tab → Start server; Ollama: \`ollama serve\`; llama.cpp: \`llama-server -m model.gguf --port 8080\`) or set "smallcode.baseUrl".`, { cause, detail: cause instanceof Error ? cause.message : undefined });
}

/** A reply that stopped before the server said it was finished; never returned half-done. */
export function cutError(baseUrl: string, received: number, cause?: unknown): LlmError {
  return new LlmError('stream-cut', `The reply from ${baseUrl} was cut off before it finished (${received} characters received); it was discarded.`,
    { cause, detail: cause instanceof Error ? cause.message : undefined });
}

/**
 * A 200 stream that ended without a single chunk (not cut mid-reply: nothing was ever sent). Servers do
 * this when generation fails before its first token (the model crashed or ran out of memory, a proxy
 * dropped the upstream); their log says why, so that is where the user is sent.
 */
export function emptyReplyError(baseUrl: string): LlmError {
  return new LlmError('stream-cut', `The server at ${baseUrl} answered with an empty reply (the stream ended before any text). It may have failed to generate — its log says why (e.g. the model crashed or ran out of memory).`);
}

/** finish_reason values that end a reply the server did not finish: vLLM and SGLang end a request their engine
 * aborted (scale-down, shutdown, sleep, an abort request) with "abort", and then [DONE], as if it were whole
 * (vllm-project/vllm#57082); "error" is the same from servers that say so. */
const UNFINISHED_REASONS = new Set(['abort', 'error']);

/** The reply ended with a finish_reason that says it was not finished: a cut reply (retried from the start). */
export function unfinishedError(baseUrl: string, finishReason: string, received: number): LlmError | undefined {
  if (!UNFINISHED_REASONS.has(finishReason)) return undefined;
  return new LlmError('stream-cut', `The server at ${baseUrl} stopped the reply before it finished (finish_reason "${finishReason}", ${received} characters received); it was discarded.`);
}

/** The server sent a stream chunk (or an Ollama line) that is not JSON: a broken server or proxy, not a broken connection. */
export function notJsonChunkError(baseUrl: string, cause: unknown): LlmError {
  return new LlmError('server-error', `The server at ${baseUrl} sent a reply chunk that is not JSON; the partial reply was discarded.`,
    { cause, detail: cause instanceof Error ? cause.message : String(cause) });
}

export function abortedError(signal?: AbortSignal): LlmError {
  return new LlmError('aborted', 'Cancelled.', { cause: signal?.reason });
}

export function waitTimeoutError(baseUrl: string, timeoutMs: number, cause?: unknown): LlmError {
  return new LlmError('timeout', `The model server at ${baseUrl} did not answer within ${Math.round(timeoutMs / 1000)} s. A long prompt on a slow machine can take this long: check that the server is not busy with another request, then raise "smallcode.requestTimeoutSeconds", or try a smaller model, a new chat (less history to read) or a smaller "smallcode.contextWindow".`, { cause });
}

export function idleTimeoutError(baseUrl: string, idleMs: number): LlmError {
  return new LlmError('timeout', `The model server at ${baseUrl} stopped sending for ${Math.round(idleMs / 1000)} s in the middle of a reply. It may be overloaded; try again.`);
}
