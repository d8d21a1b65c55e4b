// How SmallCode talks to the chosen model, decided once per session: which API, and the window the
// budget works with. For Ollama that is its own /api/chat with a `num_ctx` SmallCode chooses (the
// user's setting, else the model's own num_ctx, else 16,384; capped by its trained context), because its
// /v1 runs every model at the server's default window and cuts longer prompts silently. Other servers, and
// an Ollama whose /api/chat does not answer, keep the OpenAI API and the window they report.
import { contextWindowAdvice, detectContextWindow, MIN_AGENT_WINDOW, type ContextWindow } from './contextWindow';
import { originOf, requestJson, type HttpOptions } from './http';
import type { LoadedModel } from './ollamaChat';
import { ollamaModelFacts, type OllamaModelFacts } from './ollamaShow';
import { OLLAMA_DOWNLOAD_URL, oldOllamaWarning } from './ollamaVersion';
import type { ServerKind } from './types';

/** Ollama's window when the user set none: enough for agent work, and what most 7B models run well with. */
export const OLLAMA_DEFAULT_NUM_CTX = 16_384;

export interface ModelConnection {
  api: 'openai' | 'ollama';
  /** The window the budget works with (for Ollama's API, the `num_ctx` every request carries). */
  window: ContextWindow;
  /** Ollama's API: `options.num_ctx`, constant for the session (a different value reloads the model). */
  numCtx?: number;
  /** What the user should know or do: a window too small for agent work, or why /v1 is used. */
  advice?: string;
  /** About the server itself, worth saying once per server: an Ollama too old to refuse an over-long prompt. */
  serverWarning?: string;
  /** Where that server is updated, which is what the warning asks for (VS Code's Update button). */
  serverUpdateUrl?: string;
}

export async function connectModel(
  server: { kind: ServerKind; baseUrl: string; version?: string },
  model: string,
  setting?: number,
  opts: HttpOptions = {},
): Promise<ModelConnection> {
  const http = { ...opts, timeoutMs: opts.timeoutMs ?? 3000 };
  const origin = originOf(server.baseUrl);
  if (server.kind === 'ollama' && await answersOllamaChat(origin, http)) {
    const session = ollamaSession(model, setting, await ollamaModelFacts(origin, model, http));
    // `truncate: false` is what makes an over-long prompt an error here rather than a silent cut
    const serverWarning = oldOllamaWarning(server.version, origin);
    return serverWarning ? { ...session, serverWarning, serverUpdateUrl: OLLAMA_DOWNLOAD_URL } : session;
  }
  const window = await detectContextWindow(server, model, setting, http);
  const advice = contextWindowAdvice(server.kind, window.tokens, model) ?? undefined;
  if (server.kind !== 'ollama') return { api: 'openai', window, ...(advice ? { advice } : {}) };
  const fallback = `Ollama's own API (${origin}/api/chat) did not answer, so SmallCode uses its OpenAI-compatible /v1, which cannot set the context window.`;
  return { api: 'openai', window, advice: advice ? `${fallback} ${advice}` : fallback };
}

/** The session's `num_ctx`: the setting, else the model's own (its Modelfile's num_ctx), else 16,384;
 * capped by what the model was trained for. */
export function ollamaSession(model: string, setting: number | undefined, facts: Pick<OllamaModelFacts, 'trainedContext' | 'numCtx'> = {}): ModelConnection {
  const { trainedContext: trained, numCtx: own } = facts;
  const set = setting && setting > 0 ? Math.floor(setting) : undefined;
  const asked = set ?? own ?? OLLAMA_DEFAULT_NUM_CTX;
  const numCtx = trained ? Math.min(trained, asked) : asked;
  const why = set ? 'setting smallcode.contextWindow' : own ? `num_ctx of ${model}'s Modelfile` : 'SmallCode default for Ollama';
  const training = trained ? `; ${model} was trained for ${trained.toLocaleString('en-US')}${trained < asked ? ', so capped there' : ''}` : '';
  const window = { tokens: numCtx, source: `num_ctx sent with every request to Ollama /api/chat (${why}${training})` };
  let advice: string | undefined;
  if (numCtx < MIN_AGENT_WINDOW) {
    const head = `The context window is ${numCtx.toLocaleString('en-US')} tokens; SmallCode needs at least ${MIN_AGENT_WINDOW.toLocaleString('en-US')} for agent work.`;
    advice = trained !== undefined && trained < asked
      ? `${head} ${model} was trained for no more: choose a model with a longer context.`
      : !set && own
        ? `${head} ${model}'s Modelfile sets num_ctx ${own.toLocaleString('en-US')}: set "smallcode.contextWindow" to load it with more (if memory allows), or choose a model with a longer context.`
        : `${head} Raise "smallcode.contextWindow" (Ollama loads the model with that window; 0 means the model's own num_ctx, else ${OLLAMA_DEFAULT_NUM_CTX.toLocaleString('en-US')}).`;
  }
  return { api: 'ollama', window, numCtx, ...(advice ? { advice } : {}) };
}

/** Whether /api/chat is there, without loading anything: a request without a model gets Ollama's JSON
 * error ("model is required"); a proxy or another app answers 404 or a page. */
export async function answersOllamaChat(origin: string, opts: HttpOptions = {}): Promise<boolean> {
  const answer = await requestJson(`${origin}/api/chat`, { ...opts, method: 'POST', body: { model: '' } });
  if (answer.ok) return true;
  if (answer.status !== 400 || answer.failure !== 'status') return false;
  try { return typeof JSON.parse(answer.detail)?.error === 'string'; } catch { return false; }
}

/** After the first request: a word for the user when Ollama did not load what was asked (undefined when it did). */
export function loadedModelAdvice(loaded: LoadedModel): string | undefined {
  if (loaded.contextLength === undefined) return `Ollama does not list ${loaded.model} as loaded (/api/ps); it may have been unloaded already.`;
  if (loaded.contextLength >= loaded.requested) return undefined;
  return `Ollama loaded ${loaded.model} with a ${loaded.contextLength.toLocaleString('en-US')}-token window, not the ${loaded.requested.toLocaleString('en-US')} SmallCode asked for (not enough memory, or a server limit); lower "smallcode.contextWindow" to ${loaded.contextLength.toLocaleString('en-US')} so requests fit.`;
}
