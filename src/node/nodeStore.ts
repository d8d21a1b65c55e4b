// The Store port as JSON files under <root>/.smallcode/, written atomically, git-ignored and never
// through a symlink (stateDir.ts). An unusable `.smallcode` (a symlink, a file) degrades to "nothing
// stored": reads find nothing, writes fail with a clear message, and `onUnusable` hears it once.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../core/ports';
import { writeFileAtomic } from './atomicWrite';
import { NodeWorkspace } from './nodeWorkspace';
import { readStateFile, STATE_DIR, StateDirError, stateDir } from './stateDir';

export const STORE_DIR = STATE_DIR;
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

export interface NodeStoreOptions {
  /** Told once when `.smallcode` cannot be used (memory and plans are then not kept). */
  onUnusable?(message: string): void;
}

export class NodeStore implements Store {
  private readonly workspace: NodeWorkspace;
  private warned = false;

  constructor(root: string | NodeWorkspace, private readonly options: NodeStoreOptions = {}) {
    this.workspace = typeof root === 'string' ? new NodeWorkspace(root) : root;
  }

  private checkKey(key: string): void {
    if (!KEY.test(key)) throw new Error(`Invalid store key ${JSON.stringify(key)}: use letters, digits, '.', '_', '-'.`);
  }

  /** The folder, or undefined (missing when not creating, or unusable: then reported once). */
  private async dir(create: boolean): Promise<string | undefined> {
    try {
      return await stateDir(await this.workspace.realRoot(), { create });
    } catch (error) {
      if (!(error instanceof StateDirError)) throw error;
      if (!this.warned) {
        this.warned = true;
        this.options.onUnusable?.(`${error.message} Memory and plans are not kept in this workspace.`);
      }
      if (create) throw error;
      return undefined;
    }
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.checkKey(key);
    const dir = await this.dir(false);
    const text = dir && (await readStateFile(join(dir, `${key}.json`)));
    if (text === undefined || text === '') return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined; // a corrupt document is as good as none; the next set replaces it
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    this.checkKey(key);
    const dir = (await this.dir(true))!;
    await writeFileAtomic(join(dir, `${key}.json`), `${JSON.stringify(value, null, 2)}\n`);
  }

  async delete(key: string): Promise<void> {
    this.checkKey(key);
    const dir = await this.dir(false);
    if (dir) await rm(join(dir, `${key}.json`), { force: true });
  }
}
