// A Store kept in memory: for tests and for hosts that do not persist (nothing survives the process).
import type { Store } from '../ports';

export class InMemoryStore implements Store {
  private readonly data = new Map<string, string>();

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = this.data.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    // Stored as JSON so callers cannot mutate what was saved, as with a real store.
    this.data.set(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
}
