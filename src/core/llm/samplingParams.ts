// Request fields for sampling. temperature/top_p are standard; top_k, min_p and the repetition penalty are
// extensions that local servers accept under their own names, and a strict OpenAI-style server would
// reject, so they are only sent where the server is known to take them.
import type { Sampling, ServerKind } from './types';

export function samplingParams(sampling: Sampling | undefined, kind: ServerKind | undefined): Record<string, number> {
  if (!sampling) return {};
  const out: Record<string, number> = {};
  if (sampling.temperature !== undefined) out.temperature = sampling.temperature;
  if (sampling.top_p !== undefined) out.top_p = sampling.top_p;
  if (kind === undefined || kind === 'openai-compatible') return out;
  if (sampling.top_k !== undefined) out.top_k = sampling.top_k;
  if (sampling.min_p !== undefined) out.min_p = sampling.min_p;
  if (sampling.repeat_penalty !== undefined) out[kind === 'vllm' ? 'repetition_penalty' : 'repeat_penalty'] = sampling.repeat_penalty;
  return out;
}
