// The model SmallCode uses when the user picked none: one the server has loaded, else the first it lists,
// but never one that cannot chat. Ollama lists its embedding models beside the chat models, often first
// (/api/tags puts the newest first, and a RAG tool's `ollama pull nomic-embed-text` is common), and keeps
// one loaded while such a tool uses it: a chat request to it fails ("does not support chat").
import type { DetectedServer } from './endpoints';
import { originOf, type HttpOptions } from './http';
import { ollamaModelFacts } from './ollamaShow';

/** Ollama's families of BERT-type text embedders (bert, nomic-bert, xlm-roberta…): none of them chats. */
const EMBEDDER_FAMILY = /bert/i;

/** The model to use, or undefined when the server has none that can chat. */
export async function defaultModel(server: DetectedServer, opts: HttpOptions = {}): Promise<string | undefined> {
  const ordered = [...server.models.filter((m) => m.loaded), ...server.models.filter((m) => !m.loaded)];
  if (server.kind !== 'ollama') return ordered[0]?.id;
  const origin = originOf(server.baseUrl);
  for (const model of ordered) {
    if (model.family && EMBEDDER_FAMILY.test(model.family)) continue;
    // one /api/show per candidate until one can chat (usually the first); an Ollama that does not say is believed
    if (!(await ollamaModelFacts(origin, model.id, opts))?.cannotChat) return model.id;
  }
  return undefined;
}
