// Ollama's /api/chat honours `truncate: false` / `shift: false` (sent with every request, see
// ollamaChat.ts) only since 0.12.6 (ollama/ollama#12582, Oct 2025). An older server ignores both and
// cuts an over-long prompt from the front without a word, system prompt first: the user must hear it.

/** The first Ollama release that refuses an over-long prompt when asked to. */
export const OLLAMA_REFUSES_LONG_PROMPTS_SINCE = '0.12.6';

/** Where Ollama is updated: named in the warning, and its Update button's target in VS Code. */
export const OLLAMA_DOWNLOAD_URL = 'https://ollama.com/download';

/** major.minor.patch of a version string ("0.12.6-rc0" → [0, 12, 6]); undefined when it is none. A
 * build from source reports 0.0.0: its age is unknown, not ancient. */
function release(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return undefined;
  const parts: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return parts.every((n) => n === 0) ? undefined : parts;
}

/** Whether this Ollama is known to ignore `truncate` / `shift` (false for a newer or an unknown version). */
export function ollamaCutsSilently(version: string | undefined): boolean {
  const found = version === undefined ? undefined : release(version);
  if (!found) return false;
  const since = release(OLLAMA_REFUSES_LONG_PROMPTS_SINCE)!;
  for (let i = 0; i < 3; i++) if (found[i] !== since[i]) return found[i]! < since[i]!;
  return false;
}

/** What the user is told about such a server, once; undefined for a newer or unknown version. */
export function oldOllamaWarning(version: string | undefined, origin: string): string | undefined {
  if (!ollamaCutsSilently(version)) return undefined;
  return `Ollama ${version!.trim()} at ${origin} is older than ${OLLAMA_REFUSES_LONG_PROMPTS_SINCE}: it may cut a long prompt silently (SmallCode's instructions first) instead of refusing it, so the model can forget the task without a word. Update Ollama (${OLLAMA_DOWNLOAD_URL}).`;
}
