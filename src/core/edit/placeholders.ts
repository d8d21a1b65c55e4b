// Lines with which a model elides code instead of writing it: `...`, `// ... existing code ...`,
// `# rest of the function unchanged`. In SEARCH they stand for lines of the file; in REPLACE,
// without a matching one in SEARCH, they would write the placeholder itself into the user's file.
// The redaction mark is a placeholder too: the model sees `API_KEY=[REDACTED]` where history or a
// trace hid a secret, and writing that line back would replace the user's real key with the mark.
import { REDACTED } from '../security/redactSecrets';

const COMMENT = /^(?:\/\/+|#+|--|;+|%+|\/\*+|\*|<!--|\{\/\*)\s*/;
const COMMENT_END = /\s*(?:\*+\/|-->|\*\/\})$/;
const ELLIPSIS = /(?:\.\.\.|…)/;
// Without an ellipsis only phrases that mean "code goes here" count, so a real comment such as
// `// rest of the items are handled below` is left alone.
const PHRASE =
  /^\(?\s*(?:existing code|rest of (?:the )?(?:code|file|function|method|class|implementation|body|component|module|logic)|(?:the )?(?:remaining|other) (?:code|methods|functions|logic)|(?:(?:the )?code|everything else|the rest) (?:remains |stays |is )?unchanged|unchanged|keep existing|previous code|same as before|(?:your )?code here)\b/i;

export function isPlaceholderLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (/^(?:\.\.\.|…)$/.test(trimmed)) return true;
  if (!COMMENT.test(trimmed)) return false;
  const body = trimmed.replace(COMMENT, '').replace(COMMENT_END, '').trim();
  if (body === '') return false;
  const words = body.split(/\s+/).length;
  if (ELLIPSIS.test(body)) return words <= 8;
  return words <= 8 && PHRASE.test(body);
}

export function placeholderLines(lines: readonly string[]): number[] {
  const found: number[] = [];
  lines.forEach((line, i) => {
    if (isPlaceholderLine(line)) found.push(i);
  });
  return found;
}

/** `[REDACTED`: opens every mark redaction writes (`[REDACTED]`, `[REDACTED PRIVATE KEY]`). */
const REDACTION_MARK = REDACTED.slice(0, -1);

/** A line holding a secret the model never saw: its text is the redaction's mark, not the value. */
export function isRedactionMark(line: string): boolean {
  return line.includes(REDACTION_MARK);
}

/**
 * The first line of `text` (trimmed) that is a placeholder by `isPlaceholder` and that `current` does
 * not already hold: written, it would put a stand-in into the file instead of what it stands for. A
 * placeholder line the file has already (a real `// ...` comment, a test about redaction) is its own text.
 */
export function newPlaceholderLine(text: string, current: string, isPlaceholder: (line: string) => boolean): string | undefined {
  return text.split('\n').find((l) => isPlaceholder(l) && !current.includes(l.trim()))?.trim();
}
