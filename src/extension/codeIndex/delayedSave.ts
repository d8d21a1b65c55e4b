// The index's database is written a moment after the last change (each save exports the whole file,
// so not one per change), by the worker that made the change. No VS Code here: the service wires it
// to its worker, tests to plain values.

export class DelayedSave<C> {
  private timer?: NodeJS.Timeout;

  /** `save`: writes that worker's database (it reports its own failure). */
  constructor(private readonly delayMs: number, private readonly save: (client: C) => void) {}

  /** `client` changed the index: it is saved `delayMs` after its last change. */
  changed(client: C): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(client), this.delayMs);
  }

  /** The worker is being replaced or closed: whoever stops it saves it. */
  cancel(): void {
    clearTimeout(this.timer);
  }
}
