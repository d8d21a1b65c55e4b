// The IndexStorage port as one file, replaced atomically (temp file + fsync + rename).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexStorage } from '../../core/codeIndex';
import { writeFileAtomic } from '../atomicWrite';

export const INDEX_FILE = 'code-index.sqlite';

export class FileIndexStorage implements IndexStorage {
  readonly location: string;

  constructor(storageDir: string, file = INDEX_FILE) {
    this.location = join(storageDir, file);
  }

  async load(): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.location));
    } catch {
      return undefined; // none yet (or unreadable): the index is built from the files
    }
  }

  async save(bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.location, bytes);
  }
}
