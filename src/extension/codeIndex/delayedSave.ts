// The index's database is written a moment after the last change (each save exports the whole file,
// so not one per change), by the worker that made the change. No VS Code here: the service wires it
// to its worker, tests to plain values.

export class DelayedSave<C> {
  private timer?: NodeJS.Timeout;

  /** `current`: the worker in use now; `save`: writes a worker's database (it reports its own failure). */
  constructor(private readonly delayMs: number, private readonly current: () => C | undefined, private readonly save: (client: C) => void) {}

  /** `client` changed the index: it is saved `delayMs` after its last change. */
  changed(client: C): void {
    // a late answer of a worker replaced meanwhile: stopping it saved it (or it was dropped unsaved and the
    // new worker rebuilds); it must not cancel the new worker's save nor schedule one on a closed worker
    if (client !== this.current()) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(client), this.delayMs);
  }

  /** The worker is being replaced or closed: whoever stops it saves it. */
  cancel(): void {
    clearTimeout(this.timer);
  }
}
