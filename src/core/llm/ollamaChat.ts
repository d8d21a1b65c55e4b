// Ollama through its own API: POST /api/chat, streamed as NDJSON, with native `tools` and `tool_calls`.
// Its OpenAI-compatible /v1 cannot set the context window, so there a model runs at Ollama's default
// (4,096 unless the server was started otherwise) and an over-long prompt is cut from the front without
// a word. Here every request carries the session's `num_ctx` (the same number each time: a different one
// reloads the model) and `truncate: false` / `shift: false`, so a prompt that does not fit is an error,
// never a silent cut.
//
// Hand-written on fetch rather than the `ollama` package: that client cannot cancel a request before
// its response starts (its AbortController is made inside and handed out only once the headers arrive,
// and prompt processing on a laptop can take minutes), logs to the console on error bodies, and reports
// mid-stream server errors as plain Errors. NDJSON itself is a line splitter.
import { AttemptControl } from './attempt';
import type { ChatRequest, ChatResult, StreamCallbacks } from './chatClient';
import { abortedError, cutError, emptyReplyError, errorFromHttp, idleTimeoutError, LlmError, noApiError, notJsonChunkError, unreachableError, waitTimeoutError } from './errors';
import { getJson, type FetchFn } from './http';
import { parseRetryAfter } from './backoff';
import { ReplyGuard, replyLimits, type ReplyLimitOptions } from './replyLimits';
import { untilAborted } from './untilAborted';
import { silenceBounds, type SilenceBounds } from './silence';
import { samplingParams } from './samplingParams';
import { constraintFields } from './structuredOutput';
import type { ChatMessage, TokenUsage, ToolCall } from './types';

/** What Ollama says it loaded after the first request (/api/ps). */
export interface LoadedModel {
  model: string;
  /** The window it runs with; undefined when /api/ps did not list the model. */
  contextLength?: number;
  /** The window SmallCode asked for. */
  requested: number;
  /** Bytes of the model held in GPU memory, and in all (when reported). */
  sizeVram?: number;
  size?: number;
}

export interface OllamaChatSettings {
  origin: string; // http://host:port, where /api/* lives
  model: string;
  /** `options.num_ctx` for every request of the session. */
  numCtx: number;
  apiKey?: string;
  fetch?: FetchFn;
  timeoutMs: number;
  idleTimeoutMs: number;
  /** How long Ollama keeps the model loaded after a request, sent with every request (its default is 5 minutes). */
  keepAlive: string | number;
  /** Called once, after the first reply, with what /api/ps says was loaded. */
  onModelLoaded?(loaded: LoadedModel): void;
  replyLimits?: ReplyLimitOptions;
}

interface OllamaLine {
  error?: unknown;
  done?: boolean;
  done_reason?: string;
  message?: { content?: string; thinking?: string; tool_calls?: { id?: string; function?: { name?: string; arguments?: unknown } }[] };
  prompt_eval_count?: number;
  /** Of prompt_eval_count, the tokens reused from the model's prompt cache (recent Ollama; older builds leave it out). */
  prompt_eval_cached_count?: number;
  eval_count?: number;
}

export class OllamaChat {
  private confirmed = false;

  constructor(private readonly s: OllamaChatSettings) {}

  get url(): string { return `${this.s.origin}/api/chat`; }

  body(request: ChatRequest, stream: boolean): Record<string, unknown> {
    const options: Record<string, unknown> = { num_ctx: this.s.numCtx, ...samplingParams(request.sampling, 'ollama') };
    if (request.maxTokens) options.num_predict = request.maxTokens;
    if (request.stop?.length) options.stop = request.stop;
    return {
      model: this.s.model,
      messages: request.messages.map(toOllamaMessage),
      ...(request.tools?.length ? { tools: request.tools } : {}),
      options,
      stream,
      truncate: false,
      shift: false,
      keep_alive: this.s.keepAlive,
      ...constraintFields('ollama-format', request.responseSchema),
      ...request.extraBody,
    };
  }

  async streamOnce(request: ChatRequest, callbacks: StreamCallbacks, attempts: number): Promise<ChatResult> {
    const control = new AttemptControl(request.signal);
    const reply = new ReplyBuilder();
    const guard = new ReplyGuard(replyLimits(request.maxTokens, this.s.replyLimits), this.url);
    const silence = silenceBounds({ waitMs: this.s.timeoutMs, idleMs: this.s.idleTimeoutMs, replyMs: guard.limits.maxMs, callsHeldBack: !!request.tools?.length });
    let done: OllamaLine | undefined;
    let started = false; // the server answered: from here a broken connection is a cut reply
    let lines = 0; // none at all, ended normally: an empty reply, not a cut one
    try {
      const response = await this.post(this.body(request, true), control, silence.waitMs);
      started = true;
      for await (const line of untilAborted(ndjson(response, guard), control.signal)) {
        lines++;
        control.chunk(replySize(line) > 0 || !!line.done, silence.idleMs, guard.limits.maxMs); // the wait runs until the first token
        if (line.error !== undefined) throw this.serverError(undefined, String(line.error)); // mid-stream: the status was 200 already
        guard.add(replySize(line));
        reply.add(line, callbacks);
        if (line.done) { done = line; break; }
      }
    } catch (raw) {
      throw control.fired === 'reply' ? guard.tooSlow() : this.failure(raw, control, request.signal, started, reply.text.length, silence);
    } finally {
      control.dispose();
    }
    if (request.signal?.aborted) throw abortedError(request.signal);
    // a timer that ended the stream (untilAborted ends it as if the body had): say which
    if (!done && control.fired) throw control.fired === 'reply' ? guard.tooSlow() : this.failure(new Error(control.fired), control, request.signal, started, reply.text.length, silence);
    if (!done) throw lines === 0 ? emptyReplyError(this.url) : cutError(this.url, reply.text.length);
    return await this.finished(reply.result(done, attempts));
  }

  async completeOnce(request: ChatRequest, attempts: number): Promise<ChatResult> {
    const control = new AttemptControl(request.signal);
    const reply = new ReplyBuilder();
    let started = false;
    try {
      const response = await this.post(this.body(request, false), control);
      started = true;
      const line = JSON.parse(await response.text()) as OllamaLine;
      if (line.error !== undefined) throw this.serverError(undefined, String(line.error));
      reply.add(line, {});
      return await this.finished(reply.result(line, attempts));
    } catch (raw) {
      throw this.failure(raw, control, request.signal, started, 0);
    } finally {
      control.dispose();
    }
  }

  /** Sends the request; resolves once the answer starts, with any HTTP error already typed. */
  private async post(body: Record<string, unknown>, control: AttemptControl, waitMs = this.s.timeoutMs): Promise<Response> {
    control.arm('wait', waitMs);
    const doFetch = this.s.fetch ?? globalThis.fetch;
    const response = await doFetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/x-ndjson, application/json', ...(this.s.apiKey ? { authorization: `Bearer ${this.s.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: control.signal,
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let message: string | undefined;
      try { const e = JSON.parse(text)?.error; message = typeof e === 'string' ? e : typeof e?.message === 'string' ? e.message : undefined; } catch { /* not JSON */ }
      throw this.serverError(response.status, message ?? text.slice(0, 300), message === undefined, parseRetryAfter(response.headers.get('retry-after')));
    }
    const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (type && !/json/.test(type)) {
      void response.body?.cancel().catch(() => undefined);
      throw noApiError(this.s.origin, `HTTP ${response.status} with content type ${type} from /api/chat`, response.status);
    }
    return response;
  }

  private serverError(status: number | undefined, message: string, notJson = false, retryAfterMs?: number): LlmError {
    return errorFromHttp({ status, message, notJson, retryAfterMs }, { baseUrl: this.s.origin, model: this.s.model, apiKeyGiven: !!this.s.apiKey, serverKind: 'ollama' });
  }

  /** Whatever ended the attempt, as the error the user sees. */
  private failure(raw: unknown, control: AttemptControl, signal: AbortSignal | undefined, started: boolean, received: number,
    silence: SilenceBounds = { waitMs: this.s.timeoutMs, idleMs: this.s.idleTimeoutMs }): LlmError {
    if (signal?.aborted) return abortedError(signal);
    if (raw instanceof LlmError) return raw;
    if (control.fired === 'wait') return waitTimeoutError(this.s.origin, silence.waitMs, raw);
    if (control.fired === 'idle') return idleTimeoutError(this.s.origin, silence.idleMs);
    if (raw instanceof SyntaxError) return notJsonChunkError(this.s.origin, raw);
    // fetch rejects before any answer (refused, reset); a body that breaks later is a cut reply.
    return started ? cutError(this.url, received, raw) : unreachableError(this.s.origin, raw);
  }

  /** The first finished reply: ask /api/ps what was loaded (a local call, bounded by a short timeout)
   * before returning it, so whoever shows the window knows by the time the reply is handled. */
  private async finished(result: ChatResult): Promise<ChatResult> {
    if (!this.confirmed && this.s.onModelLoaded) {
      this.confirmed = true;
      const loaded = await this.loaded().catch(() => undefined);
      if (loaded) this.s.onModelLoaded(loaded);
    }
    return result;
  }

  /** What /api/ps lists for this model now. */
  async loaded(): Promise<LoadedModel> {
    const ps = await getJson(`${this.s.origin}/api/ps`, { timeoutMs: 3000, ...(this.s.fetch ? { fetch: this.s.fetch } : {}), ...(this.s.apiKey ? { apiKey: this.s.apiKey } : {}) });
    const live = (Array.isArray(ps?.models) ? ps.models : []).find((m: any) => sameOllamaModel(String(m?.name ?? m?.model), this.s.model));
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
    return {
      model: this.s.model, requested: this.s.numCtx,
      ...(num(live?.context_length) ? { contextLength: live.context_length } : {}),
      ...(num(live?.size_vram) ? { sizeVram: live.size_vram } : {}),
      ...(num(live?.size) ? { size: live.size } : {}),
    };
  }
}

/** `qwen2.5-coder` and `qwen2.5-coder:latest` are the same model to Ollama. */
export function sameOllamaModel(a: string, b: string): boolean {
  return a === b || a.replace(/:latest$/, '') === b.replace(/:latest$/, '');
}

/** A reply assembled from Ollama's lines (a stream's, or the single one without streaming). */
class ReplyBuilder {
  text = '';
  private reasoning = '';
  private readonly calls: ToolCall[] = [];

  add(line: OllamaLine, callbacks: StreamCallbacks): void {
    const m = line.message;
    if (m?.thinking) { this.reasoning += m.thinking; callbacks.onReasoning?.(m.thinking); }
    if (m?.content) { this.text += m.content; callbacks.onText?.(m.content); }
    // Ollama sends each call whole, arguments as an object.
    for (const c of m?.tool_calls ?? []) {
      const name = c.function?.name;
      if (!name) continue;
      const args = c.function?.arguments;
      const call: ToolCall = { id: c.id || `call_${this.calls.length}`, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) } };
      this.calls.push(call);
      callbacks.onToolCall?.(this.calls.length - 1, { id: call.id, name, argumentsSoFar: call.function.arguments });
    }
  }

  result(done: OllamaLine, attempts: number): ChatResult {
    const usage: TokenUsage | undefined = typeof done.prompt_eval_count === 'number' || typeof done.eval_count === 'number'
      ? {
        promptTokens: done.prompt_eval_count ?? 0, completionTokens: done.eval_count ?? 0,
        ...(typeof done.prompt_eval_cached_count === 'number' ? { cachedTokens: done.prompt_eval_cached_count } : {}),
      } : undefined;
    const finishReason = done.done_reason === 'length' ? 'length' : this.calls.length ? 'tool_calls' : 'stop';
    return { text: this.text, reasoning: this.reasoning, toolCalls: this.calls, finishReason, ...(usage ? { usage } : {}), attempts };
  }
}

/** Ollama's message shape: `content` always a string, call arguments as objects, results named. */
function toOllamaMessage(m: ChatMessage): Record<string, unknown> {
  if (m.role === 'assistant') {
    return {
      role: 'assistant', content: m.content ?? '',
      ...(m.tool_calls?.length ? { tool_calls: m.tool_calls.map((c) => ({ id: c.id, function: { name: c.function.name, arguments: parseArguments(c.function.arguments) } })) } : {}),
    };
  }
  if (m.role === 'tool') return { role: 'tool', content: m.content, tool_call_id: m.tool_call_id, ...(m.name ? { tool_name: m.name } : {}) };
  return { role: m.role, content: m.content };
}

function parseArguments(args: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(args || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** What a line adds to the reply, in characters (for its size limit). */
function replySize(line: OllamaLine): number {
  const m = line.message;
  return (m?.content?.length ?? 0) + (m?.thinking?.length ?? 0) + (m?.tool_calls ? JSON.stringify(m.tool_calls).length : 0);
}

/** The body's JSON lines, one object each; a last line without its newline counts too. A line longer
 * than the whole reply may be is not waited for. */
async function* ndjson(response: Response, guard: ReplyGuard): AsyncGenerator<OllamaLine> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    while (true) {
      const chunk = await reader.read();
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      if (buffer.length > guard.limits.maxChars * 2) throw guard.tooLong();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) yield JSON.parse(line) as OllamaLine;
      }
    }
    const rest = (buffer + decoder.decode()).trim();
    if (rest) yield JSON.parse(rest) as OllamaLine;
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}
