// The code index's worker as the extension host keeps it: started on first need; after it dies (a
// crash, out of memory) the next need starts another — a few times per session at most, so that a
// worker dying at every start does not spin: then it stays off (memory falls back, lookups refuse).
// No VS Code here: the service wires it to its launch, tests to a real worker.

export class WorkerRestarts<C> {
  private live?: C;
  private starting?: Promise<C | undefined>;
  private starts = 0;

  constructor(private readonly maxStarts: number) {}

  /** The running worker's client, from the moment `launch` reported it (`started`) until it dies. */
  get current(): C | undefined { return this.live; }

  /** How many times a worker was launched this session. */
  get launches(): number { return this.starts; }

  /** The worker: the running one, the one starting, or a new one from `launch` (undefined: none can run). */
  start(launch: () => Promise<C | undefined>): Promise<C | undefined> {
    if (!this.starting) {
      this.starts++;
      this.starting = launch();
    }
    return this.starting;
  }

  /** The launch in progress (or done): whoever stops this worker waits for it, to reach its client. */
  launched(): Promise<C | undefined> {
    return this.starting ?? Promise.resolve(undefined);
  }

  /** `launch` has created the client (before it is ready: closing must reach it too). */
  started(client: C): void {
    this.live = client;
  }

  /** The worker stopped by itself. Returns whether a later `start` launches another. */
  died(client: C): boolean {
    if (this.live !== client) return false; // not the running one: nothing changes
    this.live = undefined;
    const again = this.starts < this.maxStarts;
    this.starting = again ? undefined : Promise.resolve(undefined);
    return again;
  }
}
