// A counter scaled by what the server really counted. Every reply reports usage.prompt_tokens for the
// prompt we sent; comparing it with our own count of the same prompt gives a ratio that absorbs both the
// estimator's error on this project's text and the chat template's extra tokens.
import type { TokenCounter } from './tokenCounter';

const CACHE_LIMIT = 20_000;
/** Observations after which the ratio is trusted enough to judge a reading against it. */
const CALIBRATED_AFTER = 3;
/**
 * Once calibrated, a reading below this fraction of the learnt ratio is not believed. Between two
 * requests most of the prompt (system prompt, tools, history) is the same text, so a real change in
 * what the estimator gets wrong moves the ratio by a few percent, not 20 %; a reading that far below is
 * a server counting only the part of the prompt it did not have cached (the cached prefix is most of
 * it), and learning from it would under-count until prompts overflow. Ignoring it errs toward
 * over-counting, the safe side.
 */
const IMPLAUSIBLY_LOW = 0.8;
/** A prompt whose tool results (file contents, command output) make at least this share of it: it shows what code costs. */
const CODE_HEAVY_SHARE = 0.4;

export interface CalibrationPrior {
  /**
   * The family's tokenizer makes this many tokens of source code per estimated token (measured: Gemma 3
   * ×1.1–1.2, Mistral v0.x ×1.15–1.36, against ×0.97–1.00 on the first prompt). The ratio starts there and
   * comes down slowly while prompts are mostly prose, and the budget keeps its wide margin until a prompt
   * heavy with code has been observed: the first prompt (system prompt, tools) would otherwise teach a
   * ratio that under-counts every file read after it.
   */
  codeTokenRatio?: number;
}

export class CalibratedCounter implements TokenCounter {
  private ratio: number;
  private samples = 0;
  private codeObserved = false;
  // The same history strings are counted on every request: a 3k-token result takes milliseconds with
  // a real tokenizer, and even a short string ~50 µs (a long turn has hundreds: call names, one-line
  // replies), so every count is remembered (cleared wholesale when the cache is full).
  private cache = new Map<string, number>();

  constructor(private base: TokenCounter, private readonly prior: CalibrationPrior = {}) {
    this.ratio = prior.codeTokenRatio ?? 1;
  }

  get name(): string { return this.samples ? `${this.base.name} (calibrated ×${this.ratio.toFixed(3)})` : this.base.name; }
  get exact(): boolean { return this.base.exact; }
  /** Actual ÷ counted, learnt so far (1 before any observation). */
  get scale(): number { return this.ratio; }
  get observations(): number { return this.samples; }
  /** Learnt well enough for the narrow margin: two readings, and one of a code-heavy prompt where the family's code costs more. */
  get settled(): boolean { return this.samples >= 2 && (this.codeObserved || (this.prior.codeTokenRatio ?? 1) <= 1); }

  /** Swap in a better base (the real tokenizer once it has loaded); what was learnt no longer applies. */
  setBase(base: TokenCounter): void { this.base = base; this.ratio = 1; this.samples = 0; this.cache.clear(); }

  count(text: string): number {
    const n = this.baseCount(text);
    return this.ratio === 1 ? n : Math.ceil(n * this.ratio);
  }

  /**
   * Learns from one comparison: `counted` is what the base counter said (unscaled), `actual` what the
   * server said; `codeShare`: the part of `counted` that is tool results. Early samples weigh more; later ones move the ratio slowly, and an over-count never
   * drops it fast (under-counting is the dangerous direction); once calibrated, a reading far below is
   * not learnt at all.
   */
  observe(counted: number, actual: number, codeShare = 0): void {
    if (!(counted > 50 && actual > 0)) return; // tiny prompts are all template noise
    if (codeShare >= CODE_HEAVY_SHARE) this.codeObserved = true;
    if (this.samples >= CALIBRATED_AFTER && actual / counted < this.ratio * IMPLAUSIBLY_LOW) return;
    const r = Math.min(2, Math.max(0.5, actual / counted));
    const weight = this.samples < 3 ? 1 / (this.samples + 1) : 0.3;
    const next = this.ratio + (r - this.ratio) * weight;
    this.ratio = r > this.ratio ? next : Math.max(next, this.ratio - 0.02);
    this.samples++;
  }

  /** The base counter's raw count (what `observe` compares against). */
  baseCount(text: string): number {
    let n = this.cache.get(text);
    if (n === undefined) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      n = this.base.count(text);
      this.cache.set(text, n);
    }
    return n;
  }
}
