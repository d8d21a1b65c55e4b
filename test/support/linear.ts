// Time bounds as size ratios, not wall-clock limits: the work at size 4n may cost at most a constant
// times the work at size n. Linear code scales by ~4, quadratic by ~16; the bound sits between, with
// room for a loaded machine. Best of several runs, each at least a few milliseconds long.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';

function best(run: () => void, repeats: number): number {
  let min = Infinity;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    run();
    min = Math.min(min, performance.now() - started);
  }
  return min;
}

/**
 * Asserts that `work(make(4n))` takes less than `bound` times `work(make(n))` (default 10: linear is 4,
 * quadratic 16). `n` should make the small run take a few milliseconds at least.
 */
export function assertScalesLinearly(label: string, make: (n: number) => string, work: (input: string) => void, n: number, bound = 10): void {
  const small = make(n);
  const large = make(n * 4);
  work(small); // warm up the JIT on the shape
  const t1 = Math.max(best(() => work(small), 5), 0.5);
  const t8 = best(() => work(large), 3);
  assert.ok(t8 / t1 < bound, `${label}: ${small.length} chars took ${t1.toFixed(1)} ms, ${large.length} chars ${t8.toFixed(1)} ms (×${(t8 / t1).toFixed(1)}; linear would be ×4)`);
}
