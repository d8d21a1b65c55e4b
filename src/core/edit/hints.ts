// Line hints (Roo's `:start_line:`, a tool's startLine/endLine, numbers copied into SEARCH) pick
// one of several places the SEARCH text matches. Models' numbers drift by a few lines, so the hint
// is widened step by step; at every step more than one place is still ambiguous.
import type { Candidate } from './candidate';

export interface LineHint {
  startLine?: number;
  endLine?: number;
}

/** Lines of slack around the hinted range before looking at the whole file. */
const NEAR = [5, 20];

/** What a hint needs of a place: its lines (a Candidate, or a place the SEARCH matches loosely). */
export type Place = Pick<Candidate, 'startLine' | 'endLine'>;

export type HintPick<C extends Place = Candidate> = { chosen: C } | { ambiguous: C[] } | { none: true };

export function pickCandidate<C extends Place>(candidates: C[], hint: LineHint): HintPick<C> {
  if (candidates.length === 0) return { none: true };
  const start = hint.startLine;
  if (start === undefined) return candidates.length === 1 ? { chosen: candidates[0]! } : { ambiguous: candidates };
  const end = Math.max(hint.endLine ?? start, start);
  const levels: ((c: Place) => boolean)[] = [
    (c) => c.startLine === start,
    (c) => c.startLine >= start && c.startLine <= end,
    ...NEAR.map((slack) => (c: Place) => c.endLine >= start - slack && c.startLine <= end + slack),
    () => true,
  ];
  for (const inLevel of levels) {
    const found = candidates.filter(inLevel);
    if (found.length === 1) return { chosen: found[0]! };
    if (found.length > 1) return { ambiguous: found };
  }
  return { none: true };
}
