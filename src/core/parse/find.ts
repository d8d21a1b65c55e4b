/**
 * `text.indexOf(needle, from)` for callers that ask with growing `from`: the last answer is remembered, so
 * asking for a needle that is far away or absent many times stays linear instead of quadratic.
 */
export type Finder = (needle: string, from: number) => number;

export function makeFinder(text: string): Finder {
  const cache = new Map<string, { from: number; at: number }>();
  return (needle, from) => {
    const c = cache.get(needle);
    // a hit found from an earlier start is still the first one from here if it is not behind us
    if (c && c.from <= from && (c.at === -1 || c.at >= from)) return c.at;
    const at = text.indexOf(needle, from);
    cache.set(needle, { from, at });
    return at;
  };
}
