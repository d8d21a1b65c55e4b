// A model-written regex runs off the extension host's thread: a catastrophic pattern like `(a+)+$`
// can backtrack for minutes on one line, and JavaScript cannot interrupt a running RegExp. In a
// worker thread it can be abandoned (terminate) when its time is up or the run is cancelled.
//
// The worker is an inline CommonJS string (eval) so that neither tsx in tests nor the esbuild bundle
// (dist/core.js, extension.js) has to locate a separate file at run time. It only matches lines;
// walking, reading and shaping results stay in searchFiles.ts.
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const regex = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', ({ text, max }) => {
  const hits = [];
  const lines = text.split(/\\r?\\n/);
  for (let i = 0; i < lines.length && hits.length < max; i++) {
    const line = lines[i];
    if (line.length <= workerData.maxLineChars && regex.test(line)) hits.push({ line: i + 1, text: line });
  }
  parentPort.postMessage(hits);
});
`;

export interface LineHit {
  /** 1-based. */
  line: number;
  text: string;
}

/** Why matching stopped early: out of time, or the caller cancelled. */
export type StopReason = 'time' | 'aborted';

export class RegexWorker {
  private readonly worker: Worker;
  private spentMs = 0;
  private failure?: Error;

  constructor(
    regex: RegExp,
    private readonly timeLimitMs: number,
    private readonly signal?: AbortSignal,
    maxLineChars = Infinity,
  ) {
    // execArgv: [] keeps the parent's loaders (tsx) out: the worker is plain JavaScript.
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { source: regex.source, flags: regex.flags.replace(/[gy]/g, ''), maxLineChars },
    });
    this.worker.unref();
    this.worker.on('error', (error) => (this.failure = error));
  }

  /** Up to `max` matching lines of `text`, or why the search had to stop. */
  match(text: string, max: number): Promise<LineHit[] | StopReason> {
    if (this.signal?.aborted) return Promise.resolve('aborted');
    if (this.failure) return Promise.reject(this.failure);
    const started = Date.now();
    return new Promise<LineHit[] | StopReason>((resolve, reject) => {
      const finish = (outcome: LineHit[] | StopReason | Error) => {
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', onAbort);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.spentMs += Date.now() - started;
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const onMessage = (hits: LineHit[]) => finish(hits);
      const onError = (error: Error) => finish(error);
      const onAbort = () => finish('aborted');
      const timer = setTimeout(() => finish('time'), Math.max(0, this.timeLimitMs - this.spentMs));
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.signal?.addEventListener('abort', onAbort, { once: true });
      this.worker.postMessage({ text, max });
    });
  }

  /** Stops the worker, even in the middle of a runaway match. */
  close(): Promise<unknown> {
    return this.worker.terminate();
  }
}
