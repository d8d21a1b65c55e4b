// An index worker that is alive but never answers (a hung thread, a database read that never ends)
// would cost every later request its full wait again: each new task starting 15 s late, with the same
// warning. So after one wait runs out, requests fail at once with the same reason until the worker
// answers or a new one replaces it, or until the retry time has passed: then one request waits again
// (the others still fail at once) and its outcome decides. Pure (the caller says what time it is);
// imports nothing, so the extension host bundles it without loading the core.

/** How long requests fail at once after a wait ran out, before one of them waits again. */
export const RETRY_AFTER_MS = 60_000;

const TIMEOUT_CODE = 'SMALLCODE_INDEX_TIMEOUT';

/**
 * The error a wait for the index ends with at its deadline. Told apart by a code, not a class: the
 * extension host and dist/core.js each bundle their own copy of this module.
 */
export function indexTimeout(message: string): Error {
  return Object.assign(new Error(message), { code: TIMEOUT_CODE });
}

export function isIndexTimeout(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === TIMEOUT_CODE;
}

/** A request either fails at once with `refused`, or waits; `retry`: it is the one that tries again. */
export type Admission = { refused: string } | { retry: boolean };

export class UnansweredIndex {
  /** Why requests fail at once ('' while the index answers). */
  private reason = '';
  private retryAt = 0;
  private retrying = false;

  constructor(private readonly retryAfterMs = RETRY_AFTER_MS) {}

  /** Why a request should not wait now, or undefined. Only looks: the retry is left to `admit`. */
  refusal(now: number): string | undefined {
    return this.reason && (now < this.retryAt || this.retrying) ? this.reason : undefined;
  }

  /** A wait ran out and nothing answered since (also past the retry time): what "Rebuild index" restarts. */
  get waitRanOut(): boolean {
    return this.reason !== '';
  }

  /** Whether a request waits; past the retry time the first one does, and the others fail meanwhile. */
  admit(now: number): Admission {
    const refused = this.refusal(now);
    if (refused !== undefined) return { refused };
    this.retrying = this.reason !== '';
    return { retry: this.retrying };
  }

  /** A wait ran out: requests fail at once with `reason` for the retry time. */
  timedOut(reason: string, now: number): void {
    this.reason = reason;
    this.retryAt = now + this.retryAfterMs;
    this.retrying = false;
  }

  /** The index answered (even with an error of its own): requests wait for it again. */
  answered(): void {
    this.reason = '';
    this.retrying = false;
  }

  /** A request stopped waiting before either (the user's Stop): if it was the retry, the next request is. */
  gaveUp(admission: Admission): void {
    if ('retry' in admission && admission.retry) this.retrying = false;
  }
}
