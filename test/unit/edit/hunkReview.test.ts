// Hunk location and review bookkeeping, the core half of the VS Code review: where a hunk is in a
// document that moved on, what accepting some hunks does to the others, and what the proposer is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeHunks, HunkReview, locateHunk, projectHunks } from '../../../src/core/edit';

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}\n`).join('');
const ORIGINAL = lines(20);
const PROPOSED = ORIGINAL.replace('line 3\n', 'line 3 changed\n').replace('line 16\n', 'line 16 changed\nline 16b added\n');

test('a hunk is found at its expected line, or again exactly once when lines moved above it', () => {
  const [first] = computeHunks(ORIGINAL, PROPOSED);
  assert.deepEqual(locateHunk(ORIGINAL, first!, first!.oldStart), { ok: true, offset: 0, line: 1 });
  const moved = `inserted\ninserted\n${ORIGINAL}`;
  assert.deepEqual(locateHunk(moved, first!, first!.oldStart), { ok: true, offset: 'inserted\ninserted\n'.length, line: 3 });
});

test('a hunk whose lines were edited or now appear twice is refused with the reason', () => {
  const [first] = computeHunks(ORIGINAL, PROPOSED);
  const edited = locateHunk(ORIGINAL.replace('line 2\n', 'line two\n'), first!, 1);
  assert.deepEqual(edited, { ok: false, error: 'its lines were changed in the editor since the proposal' });
  const twice = locateHunk(`x\n${ORIGINAL}${lines(6)}`, first!, 1);
  assert.deepEqual(twice, { ok: false, error: 'its lines now appear more than once in the file, so where it belongs is ambiguous' });
  assert.deepEqual(locateHunk('not empty', { ...first!, oldText: '' }, 1), { ok: false, error: 'the file is no longer empty' });
});

test('a copy of a hunk\'s lines pasted at its expected line is not edited in place of the original', () => {
  const review = new HunkReview(computeHunks(ORIGINAL, PROPOSED), ORIGINAL);
  const second = review.hunks[1]!;
  // The user pasted a copy of the region right above it while the edit waited: the copy now sits at the expected line.
  const pasted = ORIGINAL.replace('line 13\n', `${second.oldText}line 13\n`);
  assert.equal(pasted.indexOf(second.oldText), ORIGINAL.indexOf('line 13\n'));
  const placement = review.place(pasted, [1]);
  assert.deepEqual(placement.placed, []);
  assert.deepEqual(placement.refused, [{ index: 1, error: 'its lines now appear more than once in the file, so where it belongs is ambiguous' }]);
});

/** `text` with the placed replacements applied (from the last, so earlier offsets hold). */
const applyPlaced = (text: string, placed: { replacement: { offset: number; oldText: string; newText: string } }[]) =>
  [...placed].sort((a, b) => b.replacement.offset - a.replacement.offset)
    .reduce((t, { replacement: r }) => t.slice(0, r.offset) + r.newText + t.slice(r.offset + r.oldText.length), text);

const CHANGED = 'its lines were changed in the editor since the proposal';

test('a hunk ending on a last line without a newline is refused when the user typed more on that line', () => {
  const original = 'a\nb\nlast';
  const review = new HunkReview(computeHunks(original, 'a\nb\nlast\nadded by the model'), original);
  // While the edit waits the user types at the end of the last line.
  const typed = 'a\nb\nlast + typed by the user';
  const placement = review.place(typed, [0]);
  // Before the fix: 'a\nb\nlast\nadded by the model + typed by the user' (the user's text on the model's line).
  assert.deepEqual(placement.placed, [], `applied over the changed line: ${JSON.stringify(applyPlaced(typed, placement.placed))}`);
  assert.deepEqual(placement.refused, [{ index: 0, error: CHANGED }]);
  // Unchanged, the same hunk still applies.
  const fresh = new HunkReview(computeHunks(original, 'a\nb\nlast\nadded by the model'), original);
  assert.equal(applyPlaced(original, fresh.place(original, [0]).placed), 'a\nb\nlast\nadded by the model');
});

test('a hunk deleting a last line without a newline is refused when the user typed more on that line', () => {
  const original = 'a\nb\nc\nlast';
  const review = new HunkReview(computeHunks(original, 'a\nb\nc'), original);
  const typed = 'a\nb\nc\nlast(x)';
  const placement = review.place(typed, [0]);
  // Before the fix: 'a\nb\nc(x)': the user's '(x)' glued onto line c.
  assert.deepEqual(placement.placed, [], `applied over the changed line: ${JSON.stringify(applyPlaced(typed, placement.placed))}`);
  assert.deepEqual(placement.refused, [{ index: 0, error: CHANGED }]);
  // Lines added above move the hunk; it is found again at the end, and applies.
  const moved = `top\n${original}`;
  const again = new HunkReview(computeHunks(original, 'a\nb\nc'), original).place(moved, [0]);
  assert.equal(applyPlaced(moved, again.placed), 'top\na\nb\nc');
});

test('lines that were already repeated when proposed are still placed by their expected line', () => {
  const twice = `${lines(8)}${lines(8)}`;
  const proposed = `${lines(8)}${lines(8).replace('line 5\n', 'line five\n')}`;
  const review = new HunkReview(computeHunks(twice, proposed), twice);
  const placement = review.place(`${twice}added below\n`, [0]);
  assert.deepEqual(placement.refused, []);
  assert.equal(placement.placed[0]!.line, review.hunks[0]!.oldStart);
  assert.ok(review.hunks[0]!.oldStart > 8, 'the second copy, as proposed');
});

const WHICH_COPY = 'its lines appear more than once in the file and lines above it changed since the proposal, so which copy it belongs to is uncertain';

test('lines the user inserted above a repeated region do not send its hunk to the other copy', () => {
  const block = (tag: string) => Array.from({ length: 8 }, (_, i) => `  ${tag} ${i + 1}\n`).join('');
  const original = `${block('item')}${block('item')}`;
  // The model changes line 5 of the second copy (line 13).
  const review = new HunkReview(computeHunks(original, `${block('item')}${block('item').replace('item 5\n', 'item five\n')}`), original);
  // While the edit waits the user adds an 8-line block of their own at the top: the first copy is now at the expected line.
  const placement = review.place(`${block('mine')}${original}`, [0]);
  // Before the fix: placed at line 10, the first copy.
  assert.deepEqual(placement.placed.map((p) => p.line), []);
  assert.deepEqual(placement.refused, [{ index: 0, error: WHICH_COPY }]);
});

test('a repeated region found elsewhere after one copy was deleted is refused: which copy survived is unknown', () => {
  const twice = `${lines(8)}${lines(8)}`;
  const review = new HunkReview(computeHunks(twice, `${lines(8)}${lines(8).replace('line 5\n', 'line five\n')}`), twice);
  // The user deleted the first copy (the model edits the second), then added a line at the top.
  const placement = review.place(`top\n${lines(8)}`, [0]);
  assert.deepEqual(placement.refused, [{ index: 0, error: WHICH_COPY }]);
});

test('the same change to two copies: accepting one leaves the other placed by its line, with one copy left', () => {
  const twice = `${lines(8)}${lines(8)}`;
  const both = `${lines(8).replace('line 5\n', 'line five\n')}${lines(8).replace('line 5\n', 'line five\n')}`;
  const review = new HunkReview(computeHunks(twice, both), twice);
  assert.equal(review.hunks.length, 2);
  const first = review.place(twice, [0]);
  assert.deepEqual(first.refused, []);
  review.accepted(first.placed);
  const second = review.place(applyPlaced(twice, first.placed), [1]);
  assert.deepEqual(second.refused, []);
  assert.equal(second.placed[0]!.line, review.hunks[1]!.oldStart);
  // Accepting the second copy first works the same way.
  const reversed = new HunkReview(computeHunks(twice, both), twice);
  const last = reversed.place(twice, [1]);
  reversed.accepted(last.placed);
  assert.deepEqual(reversed.place(applyPlaced(twice, last.placed), [0]).refused, []);
});

test('projecting pending hunks gives what accepting all would, with where each landed', () => {
  const hunks = computeHunks(ORIGINAL, PROPOSED);
  const projection = projectHunks(ORIGINAL, hunks.map((hunk) => ({ hunk, expectedLine: hunk.oldStart })));
  assert.equal(projection.text, PROPOSED);
  assert.deepEqual(projection.placed.map((p) => [p.line, p.projectedLine]), [[1, 1], [13, 13]]);
  assert.deepEqual(projection.placed[1]!.shape.removed, [15]);
  assert.deepEqual(projection.placed[1]!.shape.additions, [{ afterLine: 15, lines: ['line 16 changed', 'line 16b added'] }]);
  assert.deepEqual(projection.unplaced, []);
});

test('accepting the first hunk moves the ones below it; the decision is partial with what was rejected', () => {
  const review = new HunkReview(computeHunks(ORIGINAL, PROPOSED));
  const grown = `new top\n${ORIGINAL}`; // the user added a line above everything
  const { placed, refused } = review.place(grown, [0]);
  assert.deepEqual(refused, []);
  assert.deepEqual(placed.map((p) => [p.index, p.line]), [[0, 2]]);
  review.accepted(placed);
  assert.deepEqual(review.pendingIndexes(), [1]);
  assert.equal(review.expectedLine(1), 13, 'a one-for-one hunk above moves nothing');
  review.reject([1]);
  assert.ok(review.isSettled());
  const only = ORIGINAL.replace('line 3\n', 'line 3 changed\n');
  assert.deepEqual(review.decision(PROPOSED, only), { kind: 'partial', content: only, reason: 'rejected by the user: hunk 2 of 2 (lines 13-19)' });
  assert.deepEqual(review.decision(PROPOSED, PROPOSED), { kind: 'accepted' });
});

test('a hunk above that adds lines shifts the expected line of the pending ones below', () => {
  const proposed = ORIGINAL.replace('line 2\n', 'line 2\nextra a\nextra b\n').replace('line 18\n', 'line eighteen\n');
  const review = new HunkReview(computeHunks(ORIGINAL, proposed));
  const before = review.expectedLine(1);
  review.accepted(review.place(ORIGINAL, [0]).placed);
  assert.equal(review.expectedLine(1), before + 2);
});

test('hunks that cannot be placed are refused, and with none accepted the proposal is rejected with why', () => {
  const review = new HunkReview(computeHunks(ORIGINAL, PROPOSED));
  const typed = ORIGINAL.replace('line 2\n', 'line two\n').replace('line 15\n', 'line fifteen\n');
  const { placed, refused } = review.place(typed, [0, 1]);
  assert.deepEqual(placed, []);
  assert.deepEqual(refused.map((r) => r.index), [0, 1]);
  assert.ok(review.isSettled());
  const decision = review.decision(PROPOSED, typed);
  assert.equal(decision.kind, 'rejected');
  assert.match((decision as { reason: string }).reason, /^not applied: hunk 1 of 2 \(lines 1-6\): its lines were changed in the editor since the proposal; hunk 2 of 2/);
  assert.deepEqual(new HunkReview(computeHunks(ORIGINAL, PROPOSED)).decision(PROPOSED, null).kind, 'rejected');
});

test('a rejection with feedback carries the user\'s sentence to the model; blank feedback is no feedback', () => {
  const review = new HunkReview(computeHunks(ORIGINAL, PROPOSED));
  review.reject([0], '  keep line 3 as it is  ');
  review.reject([1], '   ');
  assert.deepEqual(review.decision(PROPOSED, ORIGINAL), {
    kind: 'rejected',
    reason: 'rejected by the user: hunk 1 of 2 (lines 1-6) (the user said: "keep line 3 as it is"), hunk 2 of 2 (lines 13-19)',
  });
});
