// The agent's token counter: counterForModel's choice (Qwen's tokenizer for Qwen models, else the
// calibrated estimate), with every count of the real tokenizer remembered. CalibratedCounter only
// remembers strings of 64+ characters, but a long turn has hundreds of short ones (call names,
// arguments, one-line replies) at ~50 µs each with the tokenizer: 10 ms a turn by turn 50.
import { CalibratedCounter, heuristicCounter, loadQwenCounter, type TokenCounter } from '../budget';

const MEMO_LIMIT = 20_000;

export function memoizedCounter(base: TokenCounter): TokenCounter {
  const memo = new Map<string, number>();
  return {
    name: base.name,
    exact: base.exact,
    count(text: string): number {
      let n = memo.get(text);
      if (n === undefined) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        n = base.count(text);
        memo.set(text, n);
      }
      return n;
    },
  };
}

export function agentCounter(profile: { qwenTokenizer: boolean }): { counter: CalibratedCounter; ready: Promise<void> } {
  const counter = new CalibratedCounter(heuristicCounter);
  const ready = profile.qwenTokenizer
    ? loadQwenCounter().then((qwen) => counter.setBase(memoizedCounter(qwen)), () => undefined)
    : Promise.resolve();
  return { counter, ready };
}
