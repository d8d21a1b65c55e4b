// The Store port on VS Code's workspace state: working memory and plans persist per workspace
// without writing files into the user's project.
import type * as vscode from 'vscode';
import type { Store } from '../../core/ports';

export class MementoStore implements Store {
  constructor(private readonly memento: vscode.Memento, private readonly prefix = 'smallcode.store.') {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return this.memento.get<T>(this.prefix + key);
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.memento.update(this.prefix + key, value);
  }

  async delete(key: string): Promise<void> {
    await this.memento.update(this.prefix + key, undefined);
  }
}
