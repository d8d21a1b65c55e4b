// The window the model is really loaded with, asked of the server (the user's override wins). Guessing
// high is the dangerous error: Ollama silently cuts an over-long prompt from the front, system prompt
// first. So when the server cannot say, the answer is a conservative default, labelled as such.
import { apiBaseUrl, getJson, originOf, type HttpOptions } from './http';
import { sameOllamaModel } from './ollamaChat';
import { ollamaModelFacts } from './ollamaShow';
import type { ServerKind } from './types';

export interface ContextWindow {
  tokens: number;
  /** Where the figure came from, for `/profile` and the status bar. */
  source: string;
  /** A default, not what the server said: worth asking again once the model is loaded. */
  guessed?: boolean;
  /** Guessed because this server has no way to say (no /props, no max_model_len): asking again cannot
   * change the answer; only "smallcode.contextWindow" can. */
  unreported?: boolean;
}

/** The window the budget works with now, where the connection's figure came from, and the figure it
 * started from when a refused prompt made the agent shrink it. */
export interface WindowInForce {
  tokens: number;
  source?: string;
  shrunkFrom?: number;
}

/** "13,926 tokens in force (16,384 from llama.cpp /props (n_ctx); shrunk after …)", for /tokens and /profile. */
export function describeWindowInForce(w: WindowInForce): string {
  const n = (tokens: number) => tokens.toLocaleString('en-US');
  if (!w.shrunkFrom) return `${n(w.tokens)} tokens${w.source ? ` (${w.source})` : ''}`;
  return `${n(w.tokens)} tokens in force (${n(w.shrunkFrom)}${w.source ? ` from ${w.source}` : ''}; shrunk after the server refused a prompt as too long)`;
}

/** Below this, agent work (system prompt + tools + a file + history + reply) does not fit. */
export const MIN_AGENT_WINDOW = 16_384;
export const RECOMMENDED_WINDOW = 32_768;
/** What Ollama and LM Studio load a model with when nobody asked for more. */
const SERVER_DEFAULT_WINDOW = 4_096;

export async function detectContextWindow(
  server: { kind: ServerKind; baseUrl: string },
  model: string,
  override?: number,
  opts: HttpOptions = {},
): Promise<ContextWindow> {
  if (override && override > 0) return { tokens: Math.floor(override), source: 'setting smallcode.contextWindow' };
  const at = { origin: originOf(server.baseUrl), base: apiBaseUrl(server.baseUrl) };
  const http = { ...opts, timeoutMs: opts.timeoutMs ?? 3000 };
  const found = await ({ ollama: fromOllama, lmstudio: fromLmStudio, llamacpp: fromLlamaCpp, vllm: fromVllm, 'openai-compatible': fromAny })[server.kind](at, model, http);
  return found ?? { tokens: SERVER_DEFAULT_WINDOW, source: 'default (the server does not report its context window)', guessed: true, ...(server.kind === 'openai-compatible' ? { unreported: true } : {}) };
}

/** `origin` for the server's own endpoints, `base` for the OpenAI ones (it keeps a proxy's path). */
type Probe = (at: { origin: string; base: string }, model: string, opts: HttpOptions) => Promise<ContextWindow | undefined>;

const positive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

const fromOllama: Probe = async ({ origin }, model, opts) => {
  const ps = await getJson(`${origin}/api/ps`, opts);
  const live = (ps?.models ?? []).find((m: any) => sameOllamaModel(String(m.name ?? m.model), model)) ?? (model ? undefined : ps?.models?.[0]);
  if (positive(live?.context_length)) return { tokens: live.context_length, source: 'Ollama /api/ps (loaded context_length)' };
  const facts = await ollamaModelFacts(origin, model, opts);
  if (facts?.numCtx) return { tokens: facts.numCtx, source: 'Ollama /api/show (num_ctx of the model, not loaded yet)' };
  if (facts) {
    // Not loaded: it will load with the server's default (OLLAMA_CONTEXT_LENGTH, 4096 unless set), capped by training.
    return { tokens: Math.min(facts.trainedContext ?? SERVER_DEFAULT_WINDOW, SERVER_DEFAULT_WINDOW), source: 'Ollama default (model not loaded yet; detect again after the first request)', guessed: true };
  }
  return undefined;
};

const fromLmStudio: Probe = async ({ origin }, model, opts) => {
  const list = await getJson(`${origin}/api/v0/models`, opts);
  const entries: any[] = list?.data ?? [];
  const entry = entries.find((m) => m.id === model) ?? (model ? undefined : entries.find((m) => m.state === 'loaded'));
  if (positive(entry?.loaded_context_length)) return { tokens: entry.loaded_context_length, source: 'LM Studio /api/v0/models (loaded context)' };
  if (entry) return { tokens: Math.min(entry.max_context_length ?? SERVER_DEFAULT_WINDOW, SERVER_DEFAULT_WINDOW), source: 'LM Studio default (model not loaded yet; detect again after the first request)', guessed: true };
  return undefined;
};

const fromLlamaCpp: Probe = async ({ origin }, _model, opts) => {
  const props = await getJson(`${origin}/props`, opts);
  // n_ctx here is per slot: with --parallel N, each request gets the total divided by N.
  const nCtx = props?.default_generation_settings?.n_ctx ?? props?.n_ctx;
  return positive(nCtx) ? { tokens: nCtx, source: 'llama.cpp /props (n_ctx)' } : undefined;
};

const fromVllm: Probe = async ({ base }, model, opts) => {
  const list = await getJson(`${base}/models`, opts);
  const entries: any[] = list?.data ?? [];
  const entry = entries.find((m) => m.id === model) ?? entries[0];
  return positive(entry?.max_model_len) ? { tokens: entry.max_model_len, source: 'vLLM /v1/models (max_model_len)' } : undefined;
};

/** Unknown software: try every known way, most specific first. */
const fromAny: Probe = async (at, model, opts) =>
  (await fromLlamaCpp(at, model, opts)) ?? (await fromVllm(at, model, opts));

/** The exact fix for a window too small for agent work, for this server; null when the window is fine. */
export function contextWindowAdvice(kind: ServerKind, tokens: number, model = '<model>'): string | null {
  if (tokens >= MIN_AGENT_WINDOW) return null;
  const want = RECOMMENDED_WINDOW;
  const head = `The model's context window is ${tokens.toLocaleString('en-US')} tokens; SmallCode needs at least ${MIN_AGENT_WINDOW.toLocaleString('en-US')} for agent work (${want.toLocaleString('en-US')} recommended).`;
  const fix: Record<ServerKind, string> = {
    ollama: `Ollama: restart the server with a larger default, \`OLLAMA_CONTEXT_LENGTH=${want} ollama serve\` (macOS app: \`launchctl setenv OLLAMA_CONTEXT_LENGTH ${want}\`, then quit and reopen Ollama; Windows: set the OLLAMA_CONTEXT_LENGTH environment variable and restart Ollama), or make a variant with \`PARAMETER num_ctx ${want}\` in a Modelfile (\`ollama create ${model}-${want / 1024}k -f Modelfile\`).`,
    lmstudio: `LM Studio: eject the model and load it again with Context Length ${want} (model load settings), or run \`lms load ${model} --context-length ${want}\`.`,
    llamacpp: `llama.cpp: restart llama-server with \`-c ${want}\` (\`--ctx-size ${want}\`); with \`--parallel N\` each request gets only ${'1/N'} of it, so multiply by N.`,
    vllm: `vLLM: restart with \`--max-model-len ${want}\` (if memory is short, add \`--gpu-memory-utilization 0.95\` or use a smaller model).`,
    'openai-compatible': `Raise the server's context length to at least ${want} tokens and reload the model; if the server cannot report it, set "smallcode.contextWindow" to the value you chose.`,
  };
  return `${head} ${fix[kind]}`;
}
