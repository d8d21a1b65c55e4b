// Everything that enters a trace passes here: secrets hidden, then long texts cut with a note.
// Only the trace's copy is redacted; the agent and the editor keep working on the real text.
import { redactSecrets } from '../security';

export const TRACE_TEXT_CHARS = 20_000;

/** Redacted first, then cut: cutting first could leave a key too short to be recognised. */
export function traceText(text: string, max = TRACE_TEXT_CHARS): string {
  const safe = redactSecrets(text);
  return safe.length > max ? `${safe.slice(0, max)}\n… [trace: ${safe.length - max} more characters not kept]` : safe;
}

/**
 * A value (tool arguments) redacted as JSON, so `"password": "x"` is seen with its name. It stays an
 * object when the redacted JSON still parses and fits; otherwise it is kept as (capped) text.
 */
export function traceValue(value: unknown, max = TRACE_TEXT_CHARS): unknown {
  const json = JSON.stringify(value) ?? 'null';
  const safe = redactSecrets(json);
  if (safe.length <= max) {
    try {
      return JSON.parse(safe) as unknown;
    } catch {
      // a redaction cut through an escape: keep the text
    }
  }
  return traceText(safe, max);
}
