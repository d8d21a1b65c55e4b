// Every reply is bounded in size and in time, from the max_tokens it was asked for, with a generous
// margin: a server that ignores max_tokens and streams without end (fast, or a slow drip that never
// trips the idle timeout) is stopped with a clear error instead of running forever.
import { LlmError } from './errors';

export interface ReplyLimitOptions {
  /** Characters allowed per requested token (default 16; a token is about 4). */
  charsPerToken?: number;
  /** Streaming time allowed per requested token, in ms (default 500: 2 tokens/s, a slow CPU). */
  msPerToken?: number;
  /** Never less than this many characters (default 65,536) or this much time (default 2 minutes). */
  minChars?: number;
  minMs?: number;
}

export const REPLY_LIMIT_DEFAULTS: Required<ReplyLimitOptions> = { charsPerToken: 16, msPerToken: 500, minChars: 65_536, minMs: 120_000 };
/** The budget a request without max_tokens is bounded by. */
const TOKENS_WHEN_UNSET = 4096;

export interface ReplyLimits { maxChars: number; maxMs: number; maxTokens: number }

export function replyLimits(maxTokens: number | undefined, options: ReplyLimitOptions = {}): ReplyLimits {
  const o = { ...REPLY_LIMIT_DEFAULTS, ...options };
  const tokens = maxTokens && maxTokens > 0 ? maxTokens : TOKENS_WHEN_UNSET;
  return { maxTokens: tokens, maxChars: Math.max(o.minChars, tokens * o.charsPerToken), maxMs: Math.max(o.minMs, tokens * o.msPerToken) };
}

/** Counts what a reply has sent; throws once it is past its size. */
export class ReplyGuard {
  private received = 0;

  constructor(readonly limits: ReplyLimits, private readonly baseUrl: string) {}

  add(characters: number): void {
    this.received += characters;
    if (this.received > this.limits.maxChars) throw this.tooLong();
  }

  tooLong(): LlmError {
    return new LlmError('reply-too-long', `The reply from ${this.baseUrl} went past ${this.limits.maxChars.toLocaleString('en-US')} characters, far more than the ${this.limits.maxTokens.toLocaleString('en-US')} tokens asked for; it was stopped and discarded. The server may be ignoring max_tokens, or the model is looping.`);
  }

  tooSlow(): LlmError {
    return new LlmError('timeout', `The reply from ${this.baseUrl} did not finish within ${Math.round(this.limits.maxMs / 1000)} s, the limit for ${this.limits.maxTokens.toLocaleString('en-US')} tokens; it was stopped and discarded. The model may be looping, or it writes too slowly on this machine: try a smaller, faster model.`);
  }
}
