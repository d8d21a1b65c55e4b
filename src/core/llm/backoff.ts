// Pause before retry n (0-based): exponential with jitter, capped, and never shorter than the server's
// Retry-After (itself capped at a minute, so a confused server cannot park the agent). Jitter keeps several windows of the extension from hammering a local server in step.

export interface BackoffOptions { baseMs: number; maxMs: number }

export function backoffDelay(attempt: number, opts: BackoffOptions, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt);
  const jittered = exp / 2 + (exp / 2) * random();
  return Math.max(Math.min(opts.maxMs, jittered), Math.min(retryAfterMs ?? 0, 60_000));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason); return; }
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal?.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
