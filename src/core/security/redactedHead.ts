// Redacting only the head of a long text (a tool result or a reply of megabytes), without leaking
// half of a secret that straddles where the head was cut.
import { redactSecrets } from './redactSecrets';

/**
 * Longer than any secret the redaction rules match whole (a quoted value is at most 4,096 characters
 * plus its name; a PEM block cut short is matched to the end of the text), so a secret that starts
 * before one cut ends before the next.
 */
export const REDACTION_MARGIN = 8_192;

/**
 * At least the first `chars` characters of `text`, redacted, when they can be told safely (fewer when
 * a secret straddles the cut: the kept text stops where it starts). Redacting all of a 20 MB text
 * blocks the thread for seconds, and cutting first would leave a secret across the cut too short to be
 * recognised; so the text is redacted at two cut points a margin apart, and only what both agree on
 * is kept: they differ from where such a secret starts. `whole`: nothing was cut.
 */
export function redactedHead(text: string, chars: number, redact: (text: string) => string = redactSecrets): { text: string; whole: boolean } {
  const near = chars + REDACTION_MARGIN;
  if (text.length <= near) return { text: redact(text), whole: true };
  const a = redact(text.slice(0, near));
  const b = redact(text.slice(0, near + REDACTION_MARGIN));
  let same = 0;
  while (same < a.length && same < b.length && a.charCodeAt(same) === b.charCodeAt(same)) same++;
  return { text: a.slice(0, same), whole: false };
}
