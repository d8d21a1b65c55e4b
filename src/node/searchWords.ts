// How a history search compares a query with a conversation's text: both folded the same way (NFKD,
// accents and other combining marks dropped, lower case: "Café" and "cafe\u0301" are "cafe"), and a
// text matches when it holds every word of the query, in any order and place ("login cookie" finds
// "the login … session cookie"; a phrase found whole is a case of it).

/** `text` folded for comparison: compatibility-decomposed, combining marks dropped, lower case. */
export function folded(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a query, folded (none: the query matches everything). */
export function queryWords(query: string): string[] {
  return folded(query).split(/\s+/).filter(Boolean);
}

/** Whether the folded text `text` holds every one of `words`. */
export function holdsAll(text: string, words: readonly string[]): boolean {
  return words.every((word) => text.includes(word));
}
