// The chat client for any OpenAI-compatible endpoint, on the `openai` package. It streams, cancels,
// times out (before the first token and between chunks), retries 429/5xx/connection loss/cut streams with
// backoff, and reports every failure as a typed LlmError with a message the user can act on.
// A reply is returned only once the server said it finished: a stream cut mid-reply is retried from the
// start (onRetry tells the UI to drop the partial text) or reported, never returned half-done.
// It returns raw text plus any structured tool_calls; reading calls out of text is the parser's job.
// With `api: 'ollama'` the same client speaks Ollama's own /api/chat (ollamaChat.ts) with the same
// retries, cancellation and errors.
import OpenAI from 'openai';
import { AttemptControl } from './attempt';
import { silenceBounds } from './silence';
import { LlmError, abortedError, cutError, emptyReplyError, errorFromHttp, idleTimeoutError, noApiError, notJsonChunkError, unfinishedError, unreachableError, waitTimeoutError } from './errors';
import { apiBaseUrl, originOf } from './http';
import { backoffDelay, parseRetryAfter, sleep } from './backoff';
import { OllamaChat, type LoadedModel } from './ollamaChat';
import { DEFAULT_OLLAMA_KEEP_ALIVE } from './keepAlive';
import { samplingParams } from './samplingParams';
import { promptCacheParams, readUsage } from './promptCache';
import { ReplyGuard, replyLimits, type ReplyLimitOptions } from './replyLimits';
import { untilAborted } from './untilAborted';
import { ToolCallAssembler } from './toolCallDeltas';
import { withSseErrors } from './sseErrorFields';
import { withErrorBodies } from './errorBodies';
import { withUnstreamedReplies } from './unstreamedReplies';
import { withPostRedirects } from './postRedirects';
import { refusedWindow } from './refusedWindow';
import { constraintFields, structuredOutputForm, type JsonSchema, type StructuredOutputForm } from './structuredOutput';
import type { ChatMessage, Sampling, ServerKind, TokenUsage, ToolCall, ToolSchema } from './types';
import { errorMessage } from '../errorMessage';

export interface ChatClientOptions {
  baseUrl: string; // e.g. http://127.0.0.1:1234/v1; a bare origin gets /v1
  model: string;
  apiKey?: string;
  serverKind?: ServerKind; // enables the sampling extensions that server understands
  /** Until the first token (headers alone do not count); prompt processing of a long prompt on a laptop is slow (default 180 s). */
  timeoutMs?: number;
  /** Longest silence between stream chunks (default 90 s). */
  idleTimeoutMs?: number;
  retries?: number; // default 3
  backoffMs?: number; // first pause, doubled each retry (default 500)
  maxBackoffMs?: number; // default 8000
  fetch?: typeof fetch;
  /** 'ollama': Ollama's own /api/chat at the base URL's origin, with `numCtx` (default: the OpenAI API). */
  api?: 'openai' | 'ollama';
  /** Ollama's `options.num_ctx`, the same for every request of the session (default 16,384). */
  numCtx?: number;
  /** Ollama's `keep_alive`, the same for every request (default DEFAULT_OLLAMA_KEEP_ALIVE; see keepAlive.ts). */
  keepAlive?: string | number;
  /** Ollama: called once after the first reply with what /api/ps says was loaded. */
  onModelLoaded?(loaded: LoadedModel): void;
  /** A request failed for good (after its retries): the caller may learn from it (e.g. detect again). */
  onFailure?(error: LlmError): void;
  /** How to constrain a reply to a JSON schema; default: what the server kind is known to honour. */
  structuredOutput?: StructuredOutputForm;
  /** Size and time bounds of one reply, derived from its max_tokens (see replyLimits.ts for defaults). */
  replyLimits?: ReplyLimitOptions;
}

type OptionalOptions = 'apiKey' | 'serverKind' | 'fetch' | 'api' | 'numCtx' | 'keepAlive' | 'onModelLoaded' | 'onFailure' | 'structuredOutput' | 'replyLimits';

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSchema[]; // native tools; leave empty to use the text protocol
  maxTokens?: number;
  sampling?: Sampling;
  stop?: string[];
  signal?: AbortSignal;
  /** Server-specific fields passed through as they are. */
  extraBody?: Record<string, unknown>;
  /** Constrain the reply to this JSON schema, where the server can (see `constrainedDecoding`). */
  responseSchema?: JsonSchema;
}

export interface ChatResult {
  text: string;
  reasoning: string; // `reasoning_content` / `reasoning` the server split off, if any
  toolCalls: ToolCall[];
  finishReason: string;
  usage?: TokenUsage;
  attempts: number;
}

export interface RetryInfo { attempt: number; delayMs: number; error: LlmError; discardPartial: boolean }

export interface StreamCallbacks {
  onText?(delta: string): void;
  onReasoning?(delta: string): void;
  /** A tool call's name/arguments grew (streamed); the full calls are in the result. */
  onToolCall?(index: number, call: { id?: string; name?: string; argumentsSoFar: string }): void;
  /** A retry is coming; when discardPartial, drop whatever text was shown for this reply. */
  onRetry?(info: RetryInfo): void;
}

export type ChatEvent =
  | { type: 'text'; delta: string }
  | { type: 'reasoning'; delta: string }
  | { type: 'retry'; info: RetryInfo }
  | { type: 'done'; result: ChatResult };

/** How long a stream is waited for after its finish_reason (for the usage chunk and [DONE]). */
const FINISHED_GRACE_MS = 3000;

/** How often a server that is loading the model is asked again: the reply starts soon after it is loaded. */
const LOADING_POLL_MS = 2000;

export class ChatClient {
  readonly options: Required<Omit<ChatClientOptions, OptionalOptions>> & Pick<ChatClientOptions, OptionalOptions>;
  private readonly openai: OpenAI;
  private readonly ollama: OllamaChat | undefined;
  private readonly constraint: StructuredOutputForm;

  constructor(options: ChatClientOptions) {
    this.options = { timeoutMs: 180_000, idleTimeoutMs: 90_000, retries: 3, backoffMs: 500, maxBackoffMs: 8_000, ...options, baseUrl: apiBaseUrl(options.baseUrl) };
    this.openai = new OpenAI({
      baseURL: this.options.baseUrl,
      apiKey: options.apiKey || 'not-needed', // local servers ignore it; the package insists on one
      maxRetries: 0, // retries are ours: we classify, back off and restart cut streams
      timeout: this.options.timeoutMs,
      dangerouslyAllowBrowser: true, // the core may run in a webview-less host; no real secret is at stake by default
      fetch: withErrorBodies(withSseErrors(withUnstreamedReplies(withPostRedirects(options.fetch ?? ((input, init) => globalThis.fetch(input, init)))))),
      // the package would print a chunk it cannot parse (model output: file contents, secrets) with
      // console.error, past the redacted log; the error it throws says enough (see notJsonChunkError)
      logLevel: 'off',
    });
    const o = this.options;
    this.ollama = o.api === 'ollama' ? new OllamaChat({
      origin: originOf(o.baseUrl), model: o.model, numCtx: o.numCtx ?? 16_384, keepAlive: o.keepAlive ?? DEFAULT_OLLAMA_KEEP_ALIVE, timeoutMs: o.timeoutMs, idleTimeoutMs: o.idleTimeoutMs,
      ...(o.apiKey ? { apiKey: o.apiKey } : {}), fetch: withPostRedirects(o.fetch ?? ((input, init) => globalThis.fetch(input, init))), ...(o.onModelLoaded ? { onModelLoaded: o.onModelLoaded } : {}),
      ...(o.replyLimits ? { replyLimits: o.replyLimits } : {}),
    }) : undefined;
    this.constraint = o.structuredOutput ?? structuredOutputForm(o.serverKind, o.api);
  }

  get model(): string { return this.options.model; }

  /** Whether `responseSchema` really constrains replies on this server (else it is not sent). */
  get constrainedDecoding(): boolean { return this.constraint !== 'none'; }

  /** Streams one reply; resolves with the complete reply only. */
  async stream(request: ChatRequest, callbacks: StreamCallbacks = {}): Promise<ChatResult> {
    return this.withRetries(request, callbacks, (attempt) => this.ollama?.streamOnce(request, callbacks, attempt) ?? this.streamOnce(request, callbacks, attempt));
  }

  /** The same reply without streaming (for short internal calls such as summaries). */
  async complete(request: ChatRequest): Promise<ChatResult> {
    return this.withRetries(request, {}, (attempt) => this.ollama?.completeOnce(request, attempt) ?? this.completeOnce(request, attempt));
  }

  /** The stream as an async iterator of events, ending with 'done' (or throwing an LlmError). A consumer
   * that stops iterating early (break, return, a throw in its loop) ends the request too. */
  async *events(request: ChatRequest): AsyncGenerator<ChatEvent> {
    const queue: ChatEvent[] = [];
    let wake: (() => void) | undefined;
    let failure: unknown;
    let finished = false;
    const push = (e: ChatEvent) => { queue.push(e); wake?.(); };
    // without it the server went on generating, for as long as the reply took, for nobody
    const left = new AbortController();
    const signal = request.signal ? AbortSignal.any([request.signal, left.signal]) : left.signal;
    void this.stream({ ...request, signal }, {
      onText: (delta) => push({ type: 'text', delta }),
      onReasoning: (delta) => push({ type: 'reasoning', delta }),
      onRetry: (info) => push({ type: 'retry', info }),
    }).then((result) => push({ type: 'done', result }), (e) => { failure = e; })
      .finally(() => { finished = true; wake?.(); });
    try {
      while (true) {
        while (queue.length) {
          const e = queue.shift()!;
          yield e;
          if (e.type === 'done') return;
        }
        if (finished) { if (failure) throw failure; return; }
        await new Promise<void>((r) => { wake = r; });
        wake = undefined;
      }
    } finally {
      if (!finished) left.abort();
    }
  }

  private body(request: ChatRequest) {
    return {
      model: this.options.model,
      messages: request.messages as OpenAI.Chat.ChatCompletionMessageParam[],
      ...(request.tools?.length ? { tools: request.tools as OpenAI.Chat.ChatCompletionTool[] } : {}),
      ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
      ...(request.stop?.length ? { stop: request.stop.slice(0, 4) } : {}),
      ...samplingParams(request.sampling, this.options.serverKind),
      ...promptCacheParams(this.options.serverKind),
      ...constraintFields(this.constraint, request.responseSchema),
      ...request.extraBody,
    };
  }

  private async withRetries(request: ChatRequest, callbacks: StreamCallbacks, once: (attempt: number) => Promise<ChatResult>): Promise<ChatResult> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (request.signal?.aborted) throw abortedError(request.signal);
      try {
        return await once(attempt + 1);
      } catch (raw) {
        const error = this.classify(raw, request.signal);
        // A model being loaded is waited for as long as a first token would be, not for a count of tries:
        // a 14B model takes seconds to a minute to read from disk.
        const loading = error.kind === 'model-loading' && Date.now() - started < this.options.timeoutMs;
        if (!error.retryable || (attempt >= this.options.retries && !loading)) {
          if (error.kind !== 'aborted') this.options.onFailure?.(error);
          throw error;
        }
        const backoff = backoffDelay(attempt, { baseMs: this.options.backoffMs, maxMs: this.options.maxBackoffMs }, error.retryAfterMs);
        const delayMs = loading ? Math.min(backoff, LOADING_POLL_MS) : backoff;
        callbacks.onRetry?.({ attempt: attempt + 1, delayMs, error, discardPartial: true });
        try { await sleep(delayMs, request.signal); } catch { throw abortedError(request.signal!); }
      }
    }
  }

  private async completeOnce(request: ChatRequest, attempts: number): Promise<ChatResult> {
    // The package's own timeout ends at the headers: a body that stalls after them is ended here.
    const control = new AttemptControl(request.signal);
    control.arm('wait', this.options.timeoutMs);
    let answer;
    try {
      answer = await this.openai.chat.completions.create({ ...this.body(request), stream: false }, { signal: control.signal }).withResponse();
    } catch (raw) {
      if (control.fired && !request.signal?.aborted) throw waitTimeoutError(this.options.baseUrl, this.options.timeoutMs, raw);
      if (raw instanceof SyntaxError) throw notJsonChunkError(this.options.baseUrl, raw); // a 200 whose body is not JSON (or empty)
      throw raw;
    } finally {
      control.dispose();
    }
    const { data: response, response: http } = answer;
    this.expectApi(http);
    if (!Array.isArray((response as { choices?: unknown } | undefined)?.choices)) throw notAReply(response, http, this.options.baseUrl);
    const choice = response.choices[0];
    const message = choice?.message as (OpenAI.Chat.ChatCompletionMessage & { reasoning_content?: string; reasoning?: string }) | undefined;
    const unfinished = unfinishedError(this.options.baseUrl, choice?.finish_reason ?? 'stop', message?.content?.length ?? 0);
    if (unfinished) throw unfinished;
    return {
      text: message?.content ?? '',
      reasoning: message?.reasoning_content ?? message?.reasoning ?? '',
      toolCalls: (message?.tool_calls ?? []).filter((c) => c.type === 'function').map((c) => ({
        id: c.id, type: 'function' as const, function: { name: c.function.name, arguments: c.function.arguments ?? '' },
      })),
      finishReason: choice?.finish_reason ?? 'stop',
      usage: readUsage(undefined, response),
      attempts,
    };
  }

  private async streamOnce(request: ChatRequest, callbacks: StreamCallbacks, attempts: number): Promise<ChatResult> {
    // Our own controller: the caller's signal and the idle timer both end this attempt.
    const control = new AttemptControl(request.signal);
    const guard = new ReplyGuard(replyLimits(request.maxTokens, this.options.replyLimits), this.options.baseUrl);
    const silence = silenceBounds({
      waitMs: this.options.timeoutMs, idleMs: this.options.idleTimeoutMs, replyMs: guard.limits.maxMs,
      callsHeldBack: this.options.serverKind === 'ollama' && !!request.tools?.length,
    });
    control.arm('wait', silence.waitMs); // until the first token (see AttemptControl.chunk)
    let text = '';
    let reasoning = '';
    let finishReason: string | undefined;
    let usage: TokenUsage | undefined;
    let started = false; // the server answered: from here a broken connection is a cut reply
    let chunks = 0; // none at all, ended normally: an empty reply, not a cut one
    const calls = new ToolCallAssembler();
    try {
      const { data: stream, response } = await this.openai.chat.completions.create(
        { ...this.body(request), stream: true, stream_options: { include_usage: true } },
        { signal: control.signal, timeout: silence.waitMs }, // the package's own timeout runs until the headers, which Ollama sends with the first line
      ).withResponse();
      this.expectApi(response);
      started = true;
      for await (const chunk of untilAborted(stream, control.signal)) {
        if (typeof chunk !== 'object' || chunk === null) throw notJsonChunkError(this.options.baseUrl, `a chunk that is ${JSON.stringify(chunk)}`);
        chunks++;
        usage = readUsage(usage, chunk);
        const choice = chunk.choices?.[0];
        const delta = choice?.delta as (NonNullable<typeof choice>['delta'] & { reasoning_content?: string; reasoning?: string }) | undefined;
        const thought = delta?.reasoning_content ?? delta?.reasoning;
        // once the reply is finished only the usage chunk may follow: a server holding the connection open
        // is not waited for the whole idle time
        const idleMs = finishReason || choice?.finish_reason ? Math.min(silence.idleMs, FINISHED_GRACE_MS) : silence.idleMs;
        control.chunk(!!(thought || delta?.content || delta?.tool_calls?.length || choice?.finish_reason), idleMs, guard.limits.maxMs);
        if (!choice) continue;
        if (thought) { reasoning += thought; callbacks.onReasoning?.(thought); }
        if (delta?.content) { text += delta.content; callbacks.onText?.(delta.content); }
        for (const part of delta?.tool_calls ?? []) {
          guard.add((part.function?.name?.length ?? 0) + (part.function?.arguments?.length ?? 0));
          const added = calls.add(part);
          if (added) callbacks.onToolCall?.(added.position, { id: added.call.id, name: added.call.name, argumentsSoFar: added.call.args });
        }
        guard.add((thought?.length ?? 0) + (delta?.content?.length ?? 0));
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    } catch (raw) {
      if (raw instanceof LlmError) throw raw; // a reply past its size, a chunk that is not JSON
      if (raw instanceof SyntaxError && started && !control.fired) throw notJsonChunkError(this.options.baseUrl, raw);
      if (control.fired === 'reply') throw guard.tooSlow();
      if (control.fired === 'wait' || raw instanceof OpenAI.APIConnectionTimeoutError) throw waitTimeoutError(this.options.baseUrl, silence.waitMs, raw);
      // An error event in the stream is the server's verdict, not a broken connection: classify it like an HTTP error.
      if (!started || request.signal?.aborted || control.fired || isServerError(raw)) throw raw; // classified by withRetries
      // A connection lost after the server said the reply is finished takes only the usage chunk and [DONE] with it.
      if (!finishReason) throw cutError(this.options.baseUrl, text.length, raw);
    } finally {
      control.dispose();
    }
    // An aborted stream may simply end, without an error: say why it ended.
    if (request.signal?.aborted) throw abortedError(request.signal);
    if (control.fired === 'reply') throw guard.tooSlow();
    if (control.fired === 'wait') throw waitTimeoutError(this.options.baseUrl, silence.waitMs);
    // Silence after the server said the reply is finished (no usage, no [DONE]) loses nothing: the reply is whole.
    if (control.fired && !finishReason) throw idleTimeoutError(this.options.baseUrl, silence.idleMs);
    if (!finishReason) throw chunks === 0 ? emptyReplyError(this.options.baseUrl) : cutError(this.options.baseUrl, text.length);
    const unfinished = unfinishedError(this.options.baseUrl, finishReason, text.length);
    if (unfinished) throw unfinished;
    return {
      text, reasoning, finishReason, usage, attempts,
      toolCalls: calls.result(),
    };
  }

  /** A 200 that is a web page, not JSON or SSE: the base URL leads somewhere else. (text/plain passes: a few
   * small servers label their SSE so.) */
  private expectApi(response: Response): void {
    const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!type || /json|event-stream|^text\/plain$/.test(type)) return;
    void response.body?.cancel().catch(() => undefined);
    throw noApiError(this.options.baseUrl, `HTTP ${response.status} with content type ${type}`, response.status);
  }

  /** Maps whatever the transport threw to an LlmError. */
  private classify(raw: unknown, signal?: AbortSignal): LlmError {
    if (signal?.aborted) return abortedError(signal);
    if (raw instanceof LlmError) return raw;
    const ctx = { baseUrl: this.options.baseUrl, model: this.options.model, apiKeyGiven: !!this.options.apiKey, ...(this.options.serverKind ? { serverKind: this.options.serverKind } : {}) };
    if (raw instanceof OpenAI.APIConnectionTimeoutError) return waitTimeoutError(this.options.baseUrl, this.options.timeoutMs, raw);
    if (raw instanceof OpenAI.APIUserAbortError) return new LlmError('aborted', 'Cancelled.', { cause: raw });
    // an LlmError our own fetch wrappers threw (a redirect), which the package wraps as a connection error
    if (raw instanceof OpenAI.APIConnectionError && raw.cause instanceof LlmError) return raw.cause;
    if (raw instanceof OpenAI.APIConnectionError) return unreachableError(this.options.baseUrl, (raw as { cause?: unknown }).cause ?? raw);
    if (isServerError(raw)) {
      // The error body: { message, code } (OpenAI, llama.cpp, vLLM), a bare string (some proxies), or not JSON at all.
      const body = (raw.error ?? undefined) as { message?: unknown; code?: unknown } | string | undefined;
      const message = typeof body === 'string' ? body : typeof body?.message === 'string' ? body.message : raw.message.replace(/^\d{3} /, '');
      // Mid-stream there is no HTTP status; llama.cpp and vLLM put one in `code`.
      const code = typeof body === 'object' && typeof body.code === 'number' && body.code >= 400 && body.code < 600 ? body.code : undefined;
      const windowTokens = refusedWindow(message, body);
      return errorFromHttp({ status: raw.status ?? code, message, notJson: raw.status !== undefined && body === undefined, retryAfterMs: parseRetryAfter(raw.headers?.get('retry-after')), ...(windowTokens ? { windowTokens } : {}) }, ctx);
    }
    // A body that broke mid-stream (socket closed, "terminated") surfaces as a plain error.
    return new LlmError('stream-cut', `The connection to ${this.options.baseUrl} broke in the middle of a reply; the partial reply was discarded.`, { cause: raw, detail: errorMessage(raw) });
  }
}

/** A 200 to a request without streaming that holds no completion: its error object is the server's verdict
 * (classified like an error event), anything else (an empty body, another object) is named as such. */
function notAReply(body: unknown, http: Response, baseUrl: string): Error {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (error !== undefined) return new OpenAI.APIError(undefined, error as object, undefined, http.headers);
  const shown = typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200);
  return new LlmError('server-error', `The server at ${baseUrl} answered without a reply (no "choices" in its answer).`, { detail: shown || 'an empty body' });
}

/** An error the server reported (HTTP error status, or an error event in the stream), as opposed to a
 * connection failure or a cancel, which the package reports as APIError subclasses without a status. */
function isServerError(raw: unknown): raw is InstanceType<typeof OpenAI.APIError> {
  return raw instanceof OpenAI.APIError && !(raw instanceof OpenAI.APIConnectionError) && !(raw instanceof OpenAI.APIUserAbortError);
}
