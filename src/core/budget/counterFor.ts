// The counter to use for a model: Qwen's real tokenizer for Qwen-family models (exact), the heuristic
// for the rest, both wrapped for calibration from the server. The tokenizer loads in the background;
// until it is ready the estimate (with its wider safety margin) stands in.
import { CalibratedCounter } from './calibratedCounter';
import { heuristicCounter } from './tokenCounter';
import { loadQwenCounter } from './qwenTokenizer';

export interface CounterForModel {
  counter: CalibratedCounter;
  /** Resolves once the best counter for this model is in place. */
  ready: Promise<void>;
}

export function counterForModel(profile: { qwenTokenizer: boolean; codeTokenRatio?: number }): CounterForModel {
  const counter = new CalibratedCounter(heuristicCounter, { codeTokenRatio: profile.codeTokenRatio });
  const ready = profile.qwenTokenizer
    ? loadQwenCounter().then((qwen) => counter.setBase(qwen), () => undefined)
    : Promise.resolve();
  return { counter, ready };
}
