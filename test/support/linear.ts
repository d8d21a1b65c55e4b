// Time bounds as size ratios, not wall-clock limits: the work at size 8n may cost at most a constant
// times the work at size n. Linear code scales by ~8, quadratic by ~64; the bound sits between, with
// room for a loaded machine (large inputs suffer more from a busy memory system than small ones). Times
// are this process's CPU time; n grows until the small run takes a few milliseconds, and each run is the
// best of several with garbage collected before it (a collection is not the code's cost).
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The small run's best time should be at least this long to mean something: at 1.6 ms a loaded
 * machine's background threads (GC, JIT, counted in the process's CPU) tipped linear code past the
 * bound (×25.6, ×32.2). */
const MIN_MS = 5;
/** Huge inputs measure the memory system more than the code. */
const MAX_SMALL_CHARS = 200_000;
const FACTOR = 8;

/** CPU time of this process (ms), not wall time: on a busy machine other processes' turns do not count. */
function timed(run: () => void): number {
  gc();
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/**
 * Asserts that `work(make(8n))` takes less than `bound` times `work(make(n))` (default 24: linear is 8,
 * quadratic 64). `n` is where to start; it is doubled while the small run is too quick to time.
 */
export function assertScalesLinearly(label: string, make: (n: number) => string, work: (input: string) => void, n: number, bound = 24): void {
  let size = n;
  for (;;) {
    const small = make(size);
    const large = make(size * FACTOR);
    work(small); // warm up the JIT on the shape
    // small and large runs alternate, so a spell of load from elsewhere hits both; the best of each counts
    let t1 = Infinity;
    let tn = Infinity;
    for (let i = 0; i < 4; i++) {
      t1 = Math.min(t1, timed(() => work(small)));
      tn = Math.min(tn, timed(() => work(large)));
    }
    // The small run's best must itself be long enough to mean something (a warm JIT makes the first
    // timings too slow to judge by): else the sizes double and the pair is measured again.
    if (t1 < MIN_MS && small.length * 2 <= MAX_SMALL_CHARS) {
      size *= 2;
      continue;
    }
    assert.ok(tn / t1 < bound, `${label}: ${small.length} chars took ${t1.toFixed(1)} ms, ${large.length} chars ${tn.toFixed(1)} ms (×${(tn / t1).toFixed(1)}; linear would be ×${FACTOR})`);
    return;
  }
}
