// The mark redaction leaves where a secret was. Its own file: the extension host asks whether a text
// read back from the history lost a secret without loading the redaction rules (dist/core.js, lazily).

export const REDACTED = '[REDACTED]';

/** Whether `text` holds a redaction's mark (`[REDACTED]`, `[REDACTED PRIVATE KEY]`): a secret was taken out of it. */
export function holdsRedaction(text: string): boolean {
  return text.includes('[REDACTED');
}
