// The Store port as JSON files under <root>/.smallcode/, written atomically and contained like any
// other workspace file (a .smallcode symlinked outside the root is refused).
import { readFile, rm } from 'node:fs/promises';
import type { Store } from '../core/ports';
import { writeFileAtomic } from './atomicWrite';
import { NodeWorkspace } from './nodeWorkspace';

export const STORE_DIR = '.smallcode';
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

export class NodeStore implements Store {
  private readonly workspace: NodeWorkspace;

  constructor(root: string | NodeWorkspace) {
    this.workspace = typeof root === 'string' ? new NodeWorkspace(root) : root;
  }

  private async file(key: string): Promise<string> {
    if (!KEY.test(key)) throw new Error(`Invalid store key ${JSON.stringify(key)}: use letters, digits, '.', '_', '-'.`);
    return (await this.workspace.resolve(`${STORE_DIR}/${key}.json`)).abs;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const file = await this.file(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined; // a corrupt document is as good as none; the next set replaces it
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    await writeFileAtomic(await this.file(key), `${JSON.stringify(value, null, 2)}\n`);
  }

  async delete(key: string): Promise<void> {
    await rm(await this.file(key), { force: true });
  }
}
