// Which files an index capped at `maxFiles` keeps when the workspace has more: the code itself before
// tests, examples, benchmarks and vendored copies, then shallower paths, then the walk's order. Walk
// order alone is alphabetical: `benchmarks/`, `docs/` or `examples/` would crowd out `src/`.
import { isSecondaryPath } from './lookup';

interface Candidate<T> { item: T; secondary: boolean; depth: number; order: number }

const byPriority = <T>(a: Candidate<T>, b: Candidate<T>) => Number(a.secondary) - Number(b.secondary) || a.depth - b.depth || a.order - b.order;

/**
 * Collects a walk's files and keeps the best `cap` of them, in walk order. Memory stays bounded by
 * twice the cap: past that, the list is cut back to the cap (what is cut can never rank back in).
 */
export class CappedFiles<T> {
  private candidates: Candidate<T>[] = [];
  private seen = 0;

  constructor(private readonly cap: number, private readonly pathOf: (item: T) => string) {}

  add(item: T): void {
    const path = this.pathOf(item);
    this.candidates.push({ item, secondary: isSecondaryPath(path), depth: path.split('/').length, order: this.seen++ });
    if (this.candidates.length >= 2 * Math.max(1, this.cap)) this.cut();
  }

  /** More files were offered than the cap keeps. */
  get truncated(): boolean { return this.seen > this.cap; }

  /** How many files the cap left out. */
  get dropped(): number { return Math.max(0, this.seen - this.cap); }

  /** The kept files, in the order the walk gave them. */
  kept(): T[] {
    this.cut();
    return [...this.candidates].sort((a, b) => a.order - b.order).map((c) => c.item);
  }

  private cut(): void {
    if (this.candidates.length <= this.cap) return;
    this.candidates.sort(byPriority);
    this.candidates.length = Math.max(0, this.cap);
  }
}
