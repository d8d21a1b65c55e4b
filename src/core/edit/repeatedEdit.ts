// An edit whose REPLACE keeps its SEARCH and adds around it (insert after an anchor, wrap, append)
// is not idempotent: sent a second time (a model's double-emit, or a retry after a terse result) it
// matches the same anchor again and writes the added lines twice. Such a repeat is told apart here:
// the file around the matched text already reads exactly as the text the edit would put there.
import type { Candidate } from './candidate';

/** True when `original` already holds `candidate.text` around the span the candidate would replace. */
export function repeatsWhatIsThere(original: string, candidate: Candidate): boolean {
  const matched = original.slice(candidate.start, candidate.end);
  // an empty or blank match (an insertion) says nothing about what was meant to be there
  if (matched.trim() === '' || candidate.text.length <= matched.length) return false;
  for (let at = candidate.text.indexOf(matched); at !== -1; at = candidate.text.indexOf(matched, at + 1)) {
    const from = candidate.start - at;
    if (from >= 0 && original.startsWith(candidate.text, from)) return true;
  }
  return false;
}
