// Work that must not overlap per key (one file's reviews, one conversation's saves): each call for a
// key runs once the calls before it for that key settled, however they ended. A key's entry goes
// when its last call settles, so a long session does not keep one per file or conversation seen.
export class KeyedTurns {
  private readonly last = new Map<string, Promise<unknown>>();

  /** Runs `fn` after the earlier calls for `key` settled; resolves or rejects as `fn` does. */
  run<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    const turn = (this.last.get(key) ?? Promise.resolve()).then(fn);
    const settled = turn.catch(() => undefined);
    this.last.set(key, settled);
    void settled.then(() => {
      if (this.last.get(key) === settled) this.last.delete(key);
    });
    return turn;
  }
}
