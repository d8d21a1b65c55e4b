// What a run changed, so that it can be undone: for every file the run wrote (accepted edits, created
// files), its content before the run and after it. Undo restores the "before" of each file that is
// still what the run left, deletes the files the run created, and refuses — file by file — where
// the user (or anything else) changed a file since: a restore never throws away later work unless
// the caller says so for that file.
import { errorMessage } from '../errorMessage';

export interface CheckpointFile {
  path: string;
  /** The content before the run; null when the run created the file. */
  before: string | null;
  /** The content the run left; null when the file was gone at the end of the run (or could not be read: see below). */
  after: string | null;
  /** The file was there at the end of the run but could not be read: whatever it is now, an undo asks first. */
  unreadableAfter?: true;
  /**
   * The file holds changes that are not the run's edits, made while the run went on: typed while an
   * edit waited for review, between two of the run's edits of the file, or after its last one (or
   * made by a command the run ran: they cannot be told apart). "after" holds them, "before" does
   * not, so an undo asks first.
   */
  changedOutsideRun?: true;
}

export interface Checkpoint {
  files: CheckpointFile[];
}

/** The file access an undo needs; paths are workspace-relative and contained by the implementation. */
export interface CheckpointFiles {
  /** The file's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  write(path: string, content: string): Promise<void>;
  /** Deletes the file; a file that is already gone is not an error. */
  delete(path: string): Promise<void>;
}

export interface UndoOptions {
  /** Restore these files even though they changed since the run (the user confirmed). */
  force?: readonly string[];
}

export interface UndoResult {
  restored: string[];
  deleted: string[];
  /** Files left as they are, and why (changed since the run, or the restore failed). */
  skipped: { path: string; reason: string }[];
}

/**
 * Collects the run's first "before" per file from the edits proposed and accepted in it, and what
 * each of the run's writes left in the file: any other change of it while the run goes on is not
 * the run's, so it is marked (changedOutsideRun) rather than taken as the run's to undo.
 */
export class CheckpointRecorder {
  private readonly proposedOriginal = new Map<string, string | null>();
  private readonly before = new Map<string, string | null>();
  private readonly changedOutside = new Set<string>();
  /** What the file held right after the run's last write of it (absent: unknown). */
  private readonly lastWritten = new Map<string, string | null>();

  proposed(path: string, original: string | null): void {
    this.proposedOriginal.set(path, original);
  }

  /**
   * The first accepted change of a file in this run fixes its "before". `changedOutsideRun`: the file
   * as written also holds changes that are not the run's (see CheckpointFile). `after`: the file as
   * read right after this write (undefined when that read failed).
   */
  accepted(path: string, changedOutsideRun = false, after?: string | null): void {
    if (!this.before.has(path)) this.before.set(path, this.proposedOriginal.get(path) ?? null);
    // This edit was computed from the file as it was then: what it held beyond the run's last write is not the run's.
    const last = this.lastWritten.get(path);
    if (changedOutsideRun || (last !== undefined && this.proposedOriginal.get(path) !== last)) this.changedOutside.add(path);
    if (after === undefined) this.lastWritten.delete(path);
    else this.lastWritten.set(path, after);
  }

  get changed(): boolean {
    return this.before.size > 0;
  }

  /**
   * A command (or an MCP tool) of the run is about to run: a file of the run no longer what the run's
   * last write left holds someone else's change (typed while the model was thinking).
   */
  async commandStarts(read: CheckpointFiles['read']): Promise<void> {
    for (const [path, last] of this.lastWritten) {
      if ((await read(path).catch(() => undefined)) !== last) this.changedOutside.add(path);
    }
  }

  /** The command ended: what it left in the run's files (a formatter, a lint fix) is the run's. */
  async commandEnded(read: CheckpointFiles['read']): Promise<void> {
    for (const path of [...this.lastWritten.keys()]) {
      const now = await read(path).catch(() => undefined);
      if (now === undefined) this.lastWritten.delete(path);
      else this.lastWritten.set(path, now);
    }
  }

  /**
   * The checkpoint, with each file's content as the run left it. A file the run changed that cannot be
   * read at its end (it became binary, too large, a folder) is marked so, without failing the run: its
   * end state is unknown, so an undo never takes it as unchanged (see changedSince). One that is no
   * longer what the run's last write left in it holds changes that are not the run's.
   */
  async finish(read: CheckpointFiles['read']): Promise<Checkpoint> {
    const files: CheckpointFile[] = [];
    for (const [path, before] of [...this.before].sort(([a], [b]) => a.localeCompare(b))) {
      const outside = (changed: boolean) => (changed || this.changedOutside.has(path) ? { changedOutsideRun: true as const } : {});
      try {
        const after = await read(path);
        const last = this.lastWritten.get(path);
        files.push({ path, before, after, ...outside(last !== undefined && after !== last) });
      } catch {
        files.push({ path, before, after: null, unreadableAfter: true, ...outside(false) });
      }
    }
    return { files };
  }
}

/**
 * Files that changed since the run left them (an undo would lose that change). Throws when a file
 * cannot be read (it is there, but binary, too large…): whether it is still what the run left is
 * unknown, so the undo refuses as a whole, before anything is written. A file the run left unreadable
 * always counts as changed: what it was then is unknown, so nothing now can be shown to equal it. So
 * does one the run left with changes not its own: restoring "before" would drop them.
 */
export async function changedSince(checkpoint: Checkpoint, files: Pick<CheckpointFiles, 'read'>): Promise<string[]> {
  const changed: string[] = [];
  for (const file of checkpoint.files) {
    const now = await files.read(file.path).catch((error: unknown) => {
      throw new Error(`${file.path} could not be read (${errorMessage(error).replace(/\.\s*$/, '')}); nothing was changed.`);
    });
    if (file.unreadableAfter || file.changedOutsideRun || now !== file.after) changed.push(file.path);
  }
  return changed;
}

/** Restores what the checkpoint recorded; every check is made before anything is written. */
export async function undoCheckpoint(checkpoint: Checkpoint, files: CheckpointFiles, options: UndoOptions = {}): Promise<UndoResult> {
  const force = new Set(options.force ?? []);
  const result: UndoResult = { restored: [], deleted: [], skipped: [] };
  const changed = new Set(await changedSince(checkpoint, files));
  const todo = checkpoint.files.filter((file) => {
    if (!changed.has(file.path) || force.has(file.path)) return true;
    result.skipped.push({ path: file.path, reason: file.changedOutsideRun ? 'it has changes made while the run went on that are not the run\'s edits' : 'changed since the run' });
    return false;
  });
  for (const file of todo) {
    try {
      if (file.before === null) {
        await files.delete(file.path);
        result.deleted.push(file.path);
      } else {
        await files.write(file.path, file.before);
        result.restored.push(file.path);
      }
    } catch (error) {
      result.skipped.push({ path: file.path, reason: errorMessage(error) });
    }
  }
  return result;
}
