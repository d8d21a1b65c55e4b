// A seeded PRNG (mulberry32) for property and fuzz tests: failures print the seed and case, so they reproduce.
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random element of `xs`. */
export const pickWith = (rand: () => number) => <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
