// One attempt at a reply ends through one AbortController: the caller's cancel, a timeout while waiting
// for the answer to start, silence between chunks, or a reply that takes longer than its limit. `fired` says which timer ended it, so the error
// can say so instead of "cancelled".

export type AttemptTimer = 'wait' | 'idle' | 'reply';

export class AttemptControl {
  readonly controller = new AbortController();
  /** The timer that ended the attempt, if one did. */
  fired: AttemptTimer | undefined;
  /** The first token came (see chunk()). */
  private answering = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onCallerAbort = () => this.controller.abort(this.caller?.reason);

  constructor(private readonly caller: AbortSignal | undefined) {
    if (caller?.aborted) this.controller.abort(caller.reason);
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal { return this.controller.signal; }

  /** (Re)starts the timer: `wait` until the first token, `idle` between chunks. */
  arm(kind: AttemptTimer, ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.fired = kind; this.controller.abort(new Error(kind)); }, ms);
  }

  /**
   * A chunk of the stream arrived. Until the first token the `wait` timer runs on (vLLM and a server
   * with a queue send headers, even an empty role chunk, at once and only then process the prompt);
   * the first token starts the reply's deadline, and from there every chunk restarts the idle timer.
   */
  chunk(hasToken: boolean, idleMs: number, replyMs: number): void {
    if (!this.answering) {
      if (!hasToken) return;
      this.answering = true;
      this.deadline(replyMs);
    }
    this.arm('idle', idleMs);
  }

  /** The whole reply must be done within `ms` (runs beside the wait/idle timer). */
  deadline(ms: number): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = setTimeout(() => { this.fired = 'reply'; this.controller.abort(new Error('reply')); }, ms);
  }

  /** Ends the attempt: timers off, and whatever is still open of the connection closed (after a reply
   * stopped for its size, the server would otherwise go on sending). */
  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.deadlineTimer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
    if (!this.controller.signal.aborted) this.controller.abort(new Error('done'));
  }
}
