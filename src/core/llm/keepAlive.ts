// How long Ollama keeps the model (and with it the prompt cache) loaded after a request. Its own default
// is 5 minutes: a user reading a diff for longer came back to a model that had to load its weights and
// read the whole conversation again. keep_alive is not a runner option, so sending it never reloads the
// model; SmallCode sends the same value with every request of a session.

/** SmallCode's default: long enough to read a diff or think, short enough to give the memory back. */
export const DEFAULT_OLLAMA_KEEP_ALIVE = '30m';

/** A Go duration as Ollama reads it ("30m", "1h30m", "90s", "-1m"). */
const DURATION = /^-?(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const SECONDS = /^-?\d+(?:\.\d+)?$/;

/**
 * The `keep_alive` to send for a setting's value: a duration as written, a plain number as seconds (Ollama
 * refuses "-1" as a string but takes -1, "keep loaded"), the default for anything Ollama would refuse
 * (a request it cannot read fails).
 */
export function ollamaKeepAlive(value: unknown): string | number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return DEFAULT_OLLAMA_KEEP_ALIVE;
  const text = value.trim();
  if (SECONDS.test(text)) return Number(text);
  return DURATION.test(text) ? text : DEFAULT_OLLAMA_KEEP_ALIVE;
}
