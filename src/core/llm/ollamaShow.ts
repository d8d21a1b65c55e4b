// What Ollama says about one model (/api/show), read in one place for everything SmallCode needs of it:
// the window it was trained for, the window its Modelfile sets, and whether it can chat at all.
import { getJson, type HttpOptions } from './http';

export interface OllamaModelFacts {
  /** `<arch>.context_length` in model_info: the longest window the model was trained for. */
  trainedContext?: number;
  /** `PARAMETER num_ctx` of its Modelfile (a variant made for a longer window, or sized to fit the VRAM). */
  numCtx?: number;
  /** `capabilities` lists no "completion" (an embedding model). An Ollama too old to list them: false. */
  cannotChat: boolean;
}

const positive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/** Undefined when Ollama does not answer (or does not know the model). */
export async function ollamaModelFacts(origin: string, model: string, opts: HttpOptions = {}): Promise<OllamaModelFacts | undefined> {
  const show = await getJson(`${origin}/api/show`, { ...opts, method: 'POST', body: { model } });
  if (!show || typeof show !== 'object') return undefined;
  const info = show.model_info && typeof show.model_info === 'object' ? show.model_info : {};
  const trainedContext = Object.entries(info).find(([k, v]) => k.endsWith('.context_length') && positive(v))?.[1] as number | undefined;
  const numCtx = Number(/(?:^|\n)\s*num_ctx\s+(\d+)/.exec(String(show.parameters ?? ''))?.[1]);
  return {
    ...(trainedContext ? { trainedContext } : {}),
    ...(positive(numCtx) ? { numCtx } : {}),
    cannotChat: Array.isArray(show.capabilities) && !show.capabilities.includes('completion'),
  };
}
