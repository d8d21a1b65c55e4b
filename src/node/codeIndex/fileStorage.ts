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
  /** The digest of the bytes this instance last read or wrote: other bytes there are another writer's. */
  private known = '';

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
    this.known = digest(bytes);
    return { bytes, intact: checksum.trim() === this.known };
  }

  async savedElsewhere(): Promise<Uint8Array | undefined> {
    // the checksum file first: a few bytes answer the usual case (nobody else wrote) without reading the database
    const checksum = (await readFile(this.checksumFile, 'utf8').catch(() => '')).trim();
    if (checksum !== '' && checksum === this.known) return undefined;
    const bytes = await readFile(this.location).then((b) => new Uint8Array(b), () => undefined);
    if (!bytes?.length || digest(bytes) === this.known) return undefined;
    return bytes;
  }

  async keepDamaged(bytes: Uint8Array): Promise<string> {
    const copy = `${this.location}.damaged`;
    await writeFileAtomic(copy, bytes);
    return copy;
  }

  async save(bytes: Uint8Array): Promise<void> {
    const written = digest(bytes);
    await writeFileAtomic(this.location, bytes);
    this.known = written;
    await writeFileAtomic(this.checksumFile, `${written}\n`);
  }
}
