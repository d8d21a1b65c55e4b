// Identifiers as words: `parseHTTPResponse` → parse, http, response. Used for the full-text index
// of names and paths (FTS4 tokenises on non-alphanumerics only, so the humps are split here) and for
// matching the identifiers a task names.

const HUMPS = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;

/** Lower-case words of an identifier or path, in order, without repeats. */
export function identifierWords(text: string): string[] {
  const words: string[] = [];
  for (const part of text.split(/[^A-Za-z0-9]+/)) {
    if (!part) continue;
    for (const hump of part.match(HUMPS) ?? []) {
      const w = hump.toLowerCase();
      if (!words.includes(w)) words.push(w);
    }
  }
  return words;
}

/** What goes into the full-text index for a name: its words and the whole name, lower-case. */
export function searchableText(name: string): string {
  const whole = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const words = identifierWords(name);
  return (words.includes(whole) || !whole ? words : [...words, whole]).join(' ');
}

/** An FTS4 MATCH expression: every word of the query as a prefix ('' when it has no words). */
export function prefixQuery(query: string): string {
  return identifierWords(query).slice(0, 8).map((w) => `${w}*`).join(' ');
}

/**
 * A 64-bit fingerprint of a file's text (FNV-1a twice, with different bases and multipliers): the index
 * re-parses a file only when this changes. Not cryptographic; size and mtime are compared first, and a
 * collision would only leave one file stale until its next change.
 */
export function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}
