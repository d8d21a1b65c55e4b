// The baseline of diagnostics before a run's first edit: what the edits brought is new, what was there
// stays old even when the edit moved its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baselinePaths, DiagnosticsBaseline, verifyEdits } from '../../../src/core/agent/verify';
import type { Diagnostic, Workspace } from '../../../src/core/ports';

const d = (path: string, line: number, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({ path, line, severity, message });

/** A workspace whose checks report what the test says, recording which files each call named. */
function checks(reports: Diagnostic[][]): { workspace: Workspace; asked: string[][] } {
  const asked: string[][] = [];
  const workspace = { diagnostics: async (paths: string[]) => { asked.push(paths); return reports.shift() ?? []; } } as unknown as Workspace;
  return { workspace, asked };
}

test('an old error whose line moved is old; the same message once more is new; only the first baseline counts', async () => {
  const { workspace, asked } = checks([
    [d('a.ts', 3, 'x is unused', 'warning'), d('b.ts', 10, 'Type mismatch'), d('b.ts', 20, 'Type mismatch'), d('a.ts', 1, 'just a hint', 'hint')],
    [d('c.ts', 1, 'not asked for')],
  ]);
  const baseline = new DiagnosticsBaseline();
  await baseline.take(workspace, ['a.ts', 'a.ts', 'b.ts']);
  await baseline.take(workspace, ['c.ts']);
  assert.deepEqual(asked, [['a.ts', 'b.ts']], 'taken once, each file asked for once');
  const { fresh, old } = baseline.split([d('a.ts', 5, 'x is unused', 'warning'), d('b.ts', 11, 'Type mismatch'), d('b.ts', 21, 'Type mismatch'), d('b.ts', 30, 'Type mismatch'), d('a.ts', 2, 'Cannot find name y')]);
  assert.deepEqual(fresh.map((x) => `${x.path}:${x.line}`), ['b.ts:30', 'a.ts:2']);
  assert.equal(old.length, 3);
});

test('without a baseline every problem is new, and the checks read as before', async () => {
  const { workspace } = checks([[d('a.ts', 1, 'Cannot find name y')]]);
  const { summary, status } = await verifyEdits(workspace, ['a.ts'], new DiagnosticsBaseline());
  assert.equal(summary.text, 'Check found 1 error:\na.ts:1 error: Cannot find name y');
  assert.deepEqual(status, { passed: false, reason: '1 error after the last edit' });
});

test('old errors in many files are named up to three, once', async () => {
  const old = ['w.ts', 'x.ts', 'y.ts', 'z.ts'].map((p) => d(p, 1, 'old'));
  const { workspace } = checks([old, [...old, d('a.ts', 4, 'new one')], old]);
  const baseline = new DiagnosticsBaseline();
  await baseline.take(workspace, ['a.ts']);
  const first = await verifyEdits(workspace, ['a.ts'], baseline);
  assert.equal(first.summary.text, 'Check found 1 new error:\na.ts:4 error: new one\n4 errors were already there before your first edit (w.ts, x.ts, y.ts, +1 more): not yours to fix, leave them.');
  assert.deepEqual(first.status, { passed: false, reason: '1 new error after the last edit' });
  const second = await verifyEdits(workspace, ['a.ts'], baseline);
  assert.deepEqual(second.summary, { passed: true, errors: 0, warnings: 0, text: '' });
});

test('the baseline asks for the file about to change and the files the run read', () => {
  const calls = [
    { id: '1', name: 'read_file', args: { path: 'b.ts' }, ok: true, summary: '' },
    { id: '2', name: 'read_file', args: { path: 'gone.ts' }, ok: false, summary: '' },
    { id: '3', name: 'search', args: { pattern: 'x', path: 'src/**' }, ok: true, summary: '' },
  ];
  assert.deepEqual(baselinePaths({ path: 'a.ts', search: 'x', replace: 'y' }, calls), ['a.ts', 'b.ts']);
});

test('an old error in the file just edited is said at every check as still there (the task may be to fix it), never "leave it"; old errors elsewhere are said once', async () => {
  const target = d('src/cart.ts', 12, "Type 'string' is not assignable to type 'number'.");
  const elsewhere = d('legacy.ts', 3, 'old');
  const { workspace } = checks([[target, elsewhere], [target, elsewhere], [target, elsewhere]]);
  const baseline = new DiagnosticsBaseline();
  await baseline.take(workspace, ['src/cart.ts']);
  const first = await verifyEdits(workspace, ['./src/cart.ts'], baseline);
  assert.equal(first.summary.text, "Check found no new errors. Still there from before your first edit: src/cart.ts:12 Type 'string' is not assignable to type 'number'. Fix it if the task is about it; otherwise leave it. 1 error was already there before your first edit (legacy.ts): not yours to fix, leave it.");
  const second = await verifyEdits(workspace, ['src/cart.ts'], baseline);
  assert.match(second.summary.text, /^Check found no new errors\. Still there from before your first edit: src\/cart\.ts:12/, 'said again while it is there');
  assert.doesNotMatch(second.summary.text, /legacy/, 'the other file once');
});

test('the baseline takes the problems as they are (no wait for checkers to catch up: nothing changed yet); checks after an edit wait', async () => {
  const options: unknown[] = [];
  const workspace = { diagnostics: async (_paths: string[], _signal?: AbortSignal, o?: unknown) => { options.push(o); return []; } } as unknown as Workspace;
  const baseline = new DiagnosticsBaseline();
  await baseline.take(workspace, ['a.ts']);
  await verifyEdits(workspace, ['a.ts'], baseline);
  assert.deepEqual(options, [{ asTheyAre: true }, undefined]);
});
