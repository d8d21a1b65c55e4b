// Bounded string similarity for the fuzzy tier and for "closest region" feedback.

/** 1 − Levenshtein distance / longer length; 0 for lines too long to compare cheaply. */
export function lineSimilarity(a: string, b: string, maxLength = 400): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  if (longer > maxLength) return 0;
  if (Math.abs(a.length - b.length) / longer > 0.5) return 1 - Math.abs(a.length - b.length) / longer;
  return 1 - levenshtein(a, b) / longer;
}

function levenshtein(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/** Whitespace-insensitive form of a line: what the fuzzy tier and the feedback compare. */
export function looseKey(line: string): string {
  const trimmed = line.trim();
  // Most lines have no runs of whitespace inside: skip the regex (this runs once per file line).
  return /\s\s|\t/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}
