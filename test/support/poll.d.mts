export interface PollOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Time between probes (default 100 ms). */
  intervalMs?: number;
}

export function poll<T>(what: string, probe: () => T | Promise<T>, options?: PollOptions): Promise<Exclude<T, undefined | null | false | 0 | ''>>;
