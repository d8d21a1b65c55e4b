// Tier 6: bounded fuzzy matching for SEARCH text the model misremembered slightly (a renamed
// variable, collapsed spacing). It applies only when
//   - the window has as many lines as SEARCH, its blank lines exactly where SEARCH has them, and
//     all but a quarter of the others are equal ignoring whitespace, each of the rest at least 80 %
//     similar;
//   - no other place in the file comes close (a second window with most lines similar refuses);
//   - one indentation shift maps every SEARCH line onto its file line (else REPLACE's indentation
//     cannot be derived); and
//   - a misremembered line that REPLACE keeps is written as the file has it (carriedLines.ts).
// Candidate windows come from exact line-key votes, so the tier never compares every window.
import { carryFileLines } from '../carriedLines';
import { keyIndex, lineRangeEdit, type MatchInput, type Tier, type TierOutcome } from '../candidate';
import { consistentMapping, reindentLine } from '../indentation';
import { lineSimilarity, looseKey } from '../similarity';

const LINE_SIMILARITY = 0.8;
/** A search line occurring more often than this (`}`, blank, `end`) carries no location. */
const MAX_VOTES_PER_LINE = 200;

export const fuzzyTier: Tier = {
  name: 'fuzzy',
  find(input: MatchInput): TierOutcome {
    const { file, searchLines } = input;
    const m = searchLines.length;
    const keys = searchLines.map(looseKey);
    const content = keys.filter((k) => k !== '').length;
    if (m === 0 || m > file.lines.length || content === 0) return { candidates: [] };
    const allowedMisses = Math.floor(content / 4);

    const { votes, silent } = voteWindows(input, keys);
    const scored: ({ start: number } & ReturnType<typeof scoreWindow>)[] = [];
    const nearVotes = Math.max(1, Math.ceil((content - silent) / 2));
    for (const [start, count] of votes) {
      if (count < nearVotes) continue;
      scored.push({ start, ...scoreWindow(file.lines, start, keys) });
    }
    const strong = scored.filter((w) => w.aligned && w.equal + w.similar === content && content - w.equal <= allowedMisses);
    if (strong.length === 0) return { candidates: [] };
    const chosen = strong[0]!;
    // "Two places are similar": another window (not overlapping) where most lines are close.
    // Lines too common to vote hide how many other places are nearly the same: a window that needs
    // similar-but-unequal lines is then refused, one equal to SEARCH up to whitespace is not.
    const rival = strong.length > 1 || (silent > 0 && chosen.similar > 0) || scored.some(
      (w) => Math.abs(w.start - chosen.start) >= m && (w.equal + w.similar) / content >= 0.75,
    );
    if (rival)
      return {
        refuse: {
          reason: 'ambiguous',
          message: `SEARCH does not match exactly, and more than one place in the file is similar to it (lines ${chosen.start + 1}–${chosen.start + m} and others). Copy the exact lines of the one place you mean.`,
        },
      };

    const lineRange = `lines ${chosen.start + 1}–${chosen.start + m}`;
    const mapping = consistentMapping(file.lines, chosen.start, searchLines, [...searchLines, ...input.replaceLines]);
    if (!mapping)
      return {
        refuse: {
          reason: 'ambiguous',
          message: `SEARCH is close to ${lineRange}, but its lines are indented inconsistently with the file's (not one shift for all lines), so it is unclear how to indent REPLACE. Copy the lines with their exact indentation.`,
        },
      };
    const reindented = input.replaceLines.map((l) => reindentLine(mapping, l));
    const carried = carryFileLines(file.lines, chosen.start, searchLines, reindented);
    if ('undecided' in carried)
      return {
        refuse: {
          reason: 'ambiguous',
          message: `SEARCH is close to ${lineRange}, but SEARCH line ${carried.undecided.searchLine} differs from file line ${carried.undecided.fileLine} (\`${file.lines[carried.undecided.fileLine - 1]!.trim()}\`) and occurs more than once, so it is unclear which copy in REPLACE to correct. Copy the exact lines from the file.`,
        },
      };
    return { candidates: [lineRangeEdit(input, chosen.start, chosen.start + m, carried.lines)] };
  },
};

/** Votes per window start from search lines found in the file; `silent` = lines too common to vote. */
function voteWindows(input: MatchInput, keys: readonly string[]): { votes: Map<number, number>; silent: number } {
  const index = keyIndex(input.file, looseKey);
  const votes = new Map<number, number>();
  const limit = input.file.lines.length - keys.length;
  let silent = 0;
  keys.forEach((k, i) => {
    if (k === '') return;
    const hits = index.get(k);
    if (hits && hits.length > MAX_VOTES_PER_LINE) silent++;
    if (!hits || hits.length > MAX_VOTES_PER_LINE) return;
    for (const hit of hits) {
      const start = hit - i;
      if (start >= 0 && start <= limit) votes.set(start, (votes.get(start) ?? 0) + 1);
    }
  });
  return { votes, silent };
}

/**
 * Equal and similar non-blank lines of a window; `aligned` = blank exactly where SEARCH is blank.
 * A blank SEARCH line is no wildcard: matched against code it would delete that code unseen.
 */
function scoreWindow(lines: readonly string[], start: number, keys: readonly string[]): { equal: number; similar: number; aligned: boolean } {
  let equal = 0;
  let similar = 0;
  let aligned = true;
  for (let i = 0; i < keys.length; i++) {
    const want = keys[i]!;
    const have = looseKey(lines[start + i]!);
    if (want === '' || have === '') aligned &&= want === have;
    if (want === '') continue;
    if (want === have) equal++;
    else if (lineSimilarity(want, have) >= LINE_SIMILARITY) similar++;
  }
  return { equal, similar, aligned };
}
