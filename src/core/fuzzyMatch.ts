// Fuzzy matching of a short query against file paths, as editors' quick-open does: the query's
// characters must appear in order; matches at the start of a path segment or word, runs of
// consecutive characters and matches in the file name score higher. Pure and fast enough to rank
// a few thousand workspace paths on every keystroke (O(query × path) per candidate).

export interface FuzzyMatch {
  score: number;
  /** Indices in the candidate that matched the query, ascending. */
  matches: number[];
}

const SEGMENT_START = 8; // after '/' or at the start
const WORD_START = 6; // after . _ - space, or a camelCase hump
const IN_FILE_NAME = 2;
const SAME_CASE = 1;
const CONSECUTIVE = 5;
const GAP = 1; // per skipped character between two matches
const NONE = Number.NEGATIVE_INFINITY;

function charBonus(candidate: string, j: number, fileNameStart: number): number {
  const prev = j > 0 ? candidate[j - 1]! : '/';
  const here = candidate[j]!;
  let bonus = j >= fileNameStart ? IN_FILE_NAME : 0;
  if (prev === '/' || prev === '\\') bonus += SEGMENT_START;
  else if ('._- '.includes(prev)) bonus += WORD_START;
  else if (here !== here.toLowerCase() && prev === prev.toLowerCase() && prev !== prev.toUpperCase()) bonus += WORD_START;
  return bonus;
}

function isSubsequence(query: string, candidate: string): boolean {
  let i = 0;
  for (let j = 0; j < candidate.length && i < query.length; j++) if (candidate[j] === query[i]) i++;
  return i === query.length;
}

/** Scores `candidate` against `query` (case-insensitive); undefined when it does not match. An empty query matches everything with score 0. */
export function fuzzyMatch(query: string, candidate: string): FuzzyMatch | undefined {
  const typed = query.replace(/\s+/g, '');
  const q = typed.toLowerCase();
  if (!q) return { score: 0, matches: [] };
  const c = candidate.toLowerCase();
  if (q.length > c.length || !isSubsequence(q, c)) return undefined;
  const n = q.length;
  const m = c.length;
  const fileNameStart = Math.max(candidate.lastIndexOf('/'), candidate.lastIndexOf('\\')) + 1;
  // best[i][j]: best score with query[i] matched at candidate[j]; from[i][j]: where query[i-1] was.
  const best: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(m).fill(NONE);
    const back = new Int32Array(m).fill(-1);
    // Running max of best[i-1][k] + GAP*k over k < j-1, so a gap costs GAP per skipped char in O(1).
    let runMax = NONE;
    let runAt = -1;
    for (let j = i; j < m; j++) {
      if (i > 0 && j >= 2) {
        const k = j - 2;
        const value = best[i - 1]![k]! + GAP * k;
        if (value > runMax) { runMax = value; runAt = k; }
      }
      if (c[j] !== q[i]) continue;
      const bonus = charBonus(candidate, j, fileNameStart) + (candidate[j] === typed[i] ? SAME_CASE : 0);
      if (i === 0) { row[j] = bonus; continue; }
      const consecutive = best[i - 1]![j - 1]!;
      const viaRun = consecutive === NONE ? NONE : consecutive + CONSECUTIVE;
      const viaGap = runMax === NONE ? NONE : runMax - GAP * (j - 1);
      if (viaRun === NONE && viaGap === NONE) continue;
      if (viaRun >= viaGap) { row[j] = viaRun + bonus; back[j] = j - 1; } else { row[j] = viaGap + bonus; back[j] = runAt; }
    }
    best.push(row);
    from.push(back);
  }
  let end = -1;
  let score = NONE;
  for (let j = 0; j < m; j++) if (best[n - 1]![j]! > score) { score = best[n - 1]![j]!; end = j; }
  if (end < 0) return undefined;
  const matches: number[] = new Array(n);
  for (let i = n - 1, j = end; i >= 0; j = from[i]![j]!, i--) matches[i] = j;
  // Shorter paths win ties: "src/a.ts" before "src/deep/nested/a.ts".
  return { score: score - m * 0.01, matches };
}

export interface RankedMatch<T> extends FuzzyMatch { item: T }

/** The `limit` best matches of `query` among `items`, best first (stable for equal scores). */
export function fuzzyRank<T>(query: string, items: readonly T[], text: (item: T) => string, limit = 50): RankedMatch<T>[] {
  const ranked: RankedMatch<T>[] = [];
  for (const item of items) {
    const match = fuzzyMatch(query, text(item));
    if (match) ranked.push({ ...match, item });
  }
  return ranked.sort((a, b) => b.score - a.score).slice(0, limit);
}
