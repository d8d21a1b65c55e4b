// The note on a run's card after "Undo this run": a file restored on disk (mixed line endings) is
// not in VS Code's undo history, so the note never promises that Ctrl+Z brings it back, and a write
// that failed after the WorkspaceEdit was applied is reported as a file left as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeUndo, withDiskWrites } from '../../../src/extension/agentHost/undoReport';

test('files restored in the editor and files restored on disk are described apart; Ctrl+Z is promised only for the first', () => {
  const result = { restored: ['a.ts', 'mixed.txt'], deleted: ['new.ts'], skipped: [] };
  assert.equal(describeUndo(result, ['mixed.txt']),
    'Restored a.ts. Restored mixed.txt on disk, byte for byte (mixed line endings); Ctrl+Z does not bring this one back. Deleted new.ts. '
    + 'Ctrl+Z in an editor brings the run\'s changes back (except the files restored on disk).');
  assert.equal(describeUndo({ restored: ['m1.txt', 'm2.txt'], deleted: [], skipped: [] }, ['m1.txt', 'm2.txt']),
    'Restored m1.txt, m2.txt on disk, byte for byte (mixed line endings); Ctrl+Z does not bring these back.', 'no Ctrl+Z promise at all');
  assert.equal(describeUndo(result, []), 'Restored a.ts, mixed.txt. Deleted new.ts. Ctrl+Z in an editor brings the run\'s changes back.');
});

test('an on-disk write that failed after the WorkspaceEdit leaves its file listed as left as it is, not as restored', () => {
  const result = { restored: ['a.ts', 'm1.txt', 'm2.txt'], deleted: [], skipped: [{ path: 'b.ts', reason: 'changed since the run' }] };
  const disk = { written: ['m2.txt'], failed: [{ path: 'm1.txt', reason: 'it changed while the undo was under way' }] };
  const after = withDiskWrites(result, disk);
  assert.deepEqual(after, { restored: ['a.ts', 'm2.txt'], deleted: [], skipped: [...result.skipped, ...disk.failed] });
  assert.equal(describeUndo(after, disk.written),
    'Restored a.ts. Restored m2.txt on disk, byte for byte (mixed line endings); Ctrl+Z does not bring this one back. '
    + 'Left b.ts as it is: changed since the run. Left m1.txt as it is: it changed while the undo was under way. '
    + 'Ctrl+Z in an editor brings the run\'s changes back (except the files restored on disk).');
});
