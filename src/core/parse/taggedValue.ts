// A tagged value (`<parameter=k>…</parameter>`, `<arg_value>…</arg_value>`) may hold its own closing tag:
// code that builds tool markup, an XML file, docs about the format. The first closing tag is then not the
// end; the one followed by what can follow a value is. Cutting at the first one would run the call with
// half its content (a corrupted file), so a value whose end cannot be told is refused, not guessed.
import type { Finder } from './find';

export type ValueEnd =
  /** `end`: where the value stops; `after`: just past its closing tag; `skipped`: a copy of the tag inside the value was passed over. */
  | { kind: 'closed'; end: number; after: number; skipped: boolean }
  /** No closing tag before the next opener: the value ends there (or was cut, at the reply's end). */
  | { kind: 'unclosed' }
  /** Closing tags are there, but none is followed by what ends a value: which one ends it is unclear. */
  | { kind: 'unclear' };

/**
 * Where the value that starts at `from` ends: at the first `close` before `limit` (the next opener, or the
 * end of the text) that `endsValue` (a sticky regex, tried just past the tag) accepts. One slip of a
 * model is read as meant: the tag written twice (`</parameter>\n</parameter>`) ends the value at the
 * first copy, never putting a tag into the value. (A lone tag followed by prose stays unclear: it reads
 * the same as a value holding the tag whose real end was forgotten.)
 */
export function taggedValueEnd(text: string, from: number, close: string, limit: number, endsValue: RegExp, find: Finder): ValueEnd {
  const seen: number[] = [];
  for (let at = find(close, from); at >= 0 && at < limit; at = find(close, at + 1)) {
    const after = at + close.length;
    endsValue.lastIndex = after;
    if (endsValue.test(text)) {
      const first = seen[0];
      if (first !== undefined && onlyCopies(text.slice(first, at), close)) return { kind: 'closed', end: first, after: first + close.length, skipped: false };
      return { kind: 'closed', end: at, after, skipped: seen.length > 0 };
    }
    seen.push(at);
  }
  return seen.length ? { kind: 'unclear' } : { kind: 'unclosed' };
}

/** `text` is copies of `close` and white space only. */
function onlyCopies(text: string, close: string): boolean {
  return text.split(close).every((part) => part.trim() === '');
}
