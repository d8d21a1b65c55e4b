// The IndexStorage port as one file, replaced atomically (temp file + fsync + rename), with the
// SHA-256 of what was written kept beside it: bytes that match it are exactly what was saved, so a
// re-open can skip SQLite's page-by-page structure check. A missing or stale checksum (an older
// version, a crash between the two writes, a file damaged or edited since) only means the check runs.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexStorage, StoredIndexBytes } from '../../core/codeIndex';
import { writeFileAtomic } from '../atomicWrite';

export const INDEX_FILE = 'code-index.sqlite';

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class FileIndexStorage implements IndexStorage {
  readonly location: string;
  private readonly checksumFile: string;

  constructor(storageDir: string, file = INDEX_FILE) {
    this.location = join(storageDir, file);
    this.checksumFile = `${this.location}.sha256`;
  }

  async load(): Promise<StoredIndexBytes | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(this.location));
    } catch {
      return undefined; // none yet (or unreadable): the index is built from the files
    }
    const checksum = await readFile(this.checksumFile, 'utf8').catch(() => '');
    return { bytes, intact: checksum.trim() === digest(bytes) };
  }

  async keepDamaged(bytes: Uint8Array): Promise<string> {
    const copy = `${this.location}.damaged`;
    await writeFileAtomic(copy, bytes);
    return copy;
  }

  async save(bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.location, bytes);
    await writeFileAtomic(this.checksumFile, `${digest(bytes)}\n`);
  }
}
