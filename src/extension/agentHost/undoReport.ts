// What the run's card says after "Undo this run". Most files are restored in one WorkspaceEdit (one
// step of VS Code's undo history); a file with mixed line endings is written on disk byte for byte,
// only after that edit was applied, and Ctrl+Z does not bring it back — the note says which is which.
// No `vscode` import.
import type { UndoResult } from '../../core/agent';

export interface DiskWrites {
  /** Restored by writing the file on disk, outside VS Code's undo history. */
  written: string[];
  /** Left as they are after all, and why (a write that failed, a file that changed meanwhile). */
  failed: { path: string; reason: string }[];
}

/** The undo's result once the on-disk writes were made: a write that failed leaves its file as it is. */
export function withDiskWrites(result: UndoResult, disk: DiskWrites): UndoResult {
  const failed = new Set(disk.failed.map((f) => f.path));
  return {
    restored: result.restored.filter((path) => !failed.has(path)),
    deleted: result.deleted,
    skipped: [...result.skipped, ...disk.failed],
  };
}

/** The card's note; `onDisk`: the restored files that were written on disk (see the top of this file). */
export function describeUndo(result: UndoResult, onDisk: readonly string[]): string {
  const disk = new Set(onDisk);
  const inEditor = result.restored.filter((path) => !disk.has(path));
  const written = result.restored.filter((path) => disk.has(path));
  const parts: string[] = [];
  if (inEditor.length) parts.push(`Restored ${inEditor.join(', ')}.`);
  if (written.length) {
    parts.push(`Restored ${written.join(', ')} on disk, byte for byte (mixed line endings); Ctrl+Z does not bring ${written.length === 1 ? 'this one' : 'these'} back.`);
  }
  if (result.deleted.length) parts.push(`Deleted ${result.deleted.join(', ')}.`);
  for (const s of result.skipped) parts.push(`Left ${s.path} as it is: ${s.reason}.`);
  if (inEditor.length || result.deleted.length) {
    parts.push(`Ctrl+Z in an editor brings the run's changes back${written.length ? ' (except the files restored on disk)' : ''}.`);
  }
  return parts.join(' ');
}

