import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPatchSpiral, EDIT_REFUSED_STOP_AT, EDIT_REFUSED_WARN_AT, PATCH_REREAD_AT, PATCH_REWRITE_AT, PATCH_STOP_AT } from '../../../src/core/governor/patchSpiral';
import { call, turn, times } from './helpers';

const fail = (path = 'src/a.ts', i = 0) => turn(call('patch', { path, search: `x${i}`, replace: 'y' }, false));

test('re-read at the first threshold, not one failure before', () => {
  assert.equal(detectPatchSpiral(times(PATCH_REREAD_AT - 1, (i) => fail('src/a.ts', i))), undefined);
  const reread = detectPatchSpiral(times(PATCH_REREAD_AT, (i) => fail('src/a.ts', i)));
  assert.equal(reread?.severity, 'warn');
  assert.equal(reread?.path, 'src/a.ts');
  assert.match(reread!.message, /Read the lines you want to change with read_file/);
});

test('rewrite the function at the second threshold, stop at the third', () => {
  assert.equal(detectPatchSpiral(times(PATCH_REWRITE_AT - 1, (i) => fail('src/a.ts', i))), undefined, 'between levels the refusal text speaks');
  assert.match(detectPatchSpiral(times(PATCH_REWRITE_AT, (i) => fail('src/a.ts', i)))!.message, /replace that one function in a single patch/);
  assert.equal(detectPatchSpiral(times(PATCH_STOP_AT - 1, (i) => fail('src/a.ts', i))), undefined);
  assert.equal(detectPatchSpiral(times(PATCH_STOP_AT, (i) => fail('src/a.ts', i)))?.severity, 'stop');
});

test('reads between failures do not reset the count; a successful patch or write does', () => {
  const read = turn(call('read_file', { path: 'src/a.ts' }));
  assert.equal(detectPatchSpiral([fail(), read, fail(), read, fail()])?.severity, 'warn');
  const ok = turn(call('patch', { path: 'src/a.ts', search: 'a', replace: 'b' }, true));
  assert.equal(detectPatchSpiral([fail(), fail(), ok, fail(), fail()]), undefined);
  const rewrite = turn(call('write_file', { path: 'src/a.ts', content: 'x' }, true));
  assert.equal(detectPatchSpiral([fail(), fail(), rewrite, fail()]), undefined);
});

test('failures on different files are counted apart, and only a fresh failure triggers', () => {
  assert.equal(detectPatchSpiral([fail('a.ts'), fail('b.ts'), fail('a.ts'), fail('b.ts')]), undefined);
  assert.equal(detectPatchSpiral([fail('./a.ts'), fail('a.ts'), fail('a.ts')])?.path, 'a.ts', './ is the same file');
  assert.equal(detectPatchSpiral([fail(), fail(), fail(), turn(call('run', { command: 'ls' }))]), undefined);
});

test('a user rejection or a call held from a cut reply is not a SEARCH miss: neither counts nor resets', () => {
  const rejected = turn({ ...call('patch', { path: 'src/a.ts', search: 'a', replace: 'b' }, false), refused: 'user' });
  const held = turn({ ...call('patch', { path: 'src/a.ts', search: 'a', replace: 'c' }, false), refused: 'held' });
  assert.equal(detectPatchSpiral(times(PATCH_STOP_AT, () => rejected)), undefined);
  assert.equal(detectPatchSpiral([rejected, held, rejected, held, rejected]), undefined);
  assert.equal(detectPatchSpiral([fail(), rejected, fail(), held, fail()])?.message.match(/failed 3 times/)?.[0], 'failed 3 times');
});

test('write_file refused again and again on one file: warned at the third, stopped at the fifth', () => {
  const write = (i: number) => turn(call('write_file', { path: 'a.js', content: `v${i}` }, false));
  assert.equal(detectPatchSpiral(times(EDIT_REFUSED_WARN_AT - 1, write)), undefined);
  const warn = detectPatchSpiral(times(EDIT_REFUSED_WARN_AT, write));
  assert.equal(warn?.severity, 'warn');
  assert.match(warn!.message, /write_file on a\.js was refused 3 times\. The last result says why/);
  assert.doesNotMatch(warn!.message, /SEARCH/);
  assert.equal(detectPatchSpiral(times(EDIT_REFUSED_STOP_AT, write))?.message, 'Stopped: write_file on a.js was refused 5 times in a row.');
  const ok = turn(call('patch', { path: 'a.js', search: 'a', replace: 'b' }));
  assert.equal(detectPatchSpiral([write(0), write(1), ok, write(2)]), undefined, 'a successful edit resets the count');
});

test('a patch a policy keeps refusing (a protected file) is not told its SEARCH is wrong', () => {
  const protectedPatch = (i: number) => turn({ ...call('patch', { path: '.git/config', search: 'x', replace: `y${i}` }, false), refused: 'policy' });
  const warn = detectPatchSpiral(times(EDIT_REFUSED_WARN_AT, protectedPatch));
  assert.match(warn!.message, /patch on \.git\/config was refused 3 times/);
  assert.equal(detectPatchSpiral(times(EDIT_REFUSED_STOP_AT, protectedPatch))?.severity, 'stop');
});

test('two failing patches per reply cross each threshold without landing on it: every warning is still given', () => {
  const two = (i: number) => turn(call('patch', { path: 'src/a.ts', search: `x${2 * i}`, replace: 'y' }, false), call('patch', { path: 'src/a.ts', search: `x${2 * i + 1}`, replace: 'y' }, false));
  assert.equal(detectPatchSpiral(times(1, two)), undefined, '2 failures: below the first threshold');
  assert.match(detectPatchSpiral(times(2, two))!.message, /failed 4 times: your SEARCH text is not in the file/, '2 → 4 crosses the re-read threshold');
  assert.match(detectPatchSpiral(times(3, two))!.message, /failed 6 times\. Change strategy/, '4 → 6 crosses the rewrite threshold');
  assert.equal(detectPatchSpiral(times(4, two))?.severity, 'stop');
  const ok = call('patch', { path: 'src/a.ts', search: 'a', replace: 'b' }, true);
  const miss = (i: number) => call('patch', { path: 'src/a.ts', search: `z${i}`, replace: 'y' }, false);
  assert.equal(detectPatchSpiral([...times(2, two), turn(ok, miss(0))]), undefined, 'a success in the latest reply restarts the count');
  assert.equal(detectPatchSpiral([...times(2, two), turn(ok, miss(0), miss(1), miss(2))])?.severity, 'warn', 'and it can cross again in the same reply');
});

test('several refused writes in one reply cross the warning threshold too', () => {
  const writes = (i: number) => turn(call('write_file', { path: 'a.js', content: `v${2 * i}` }, false), call('write_file', { path: 'a.js', content: `v${2 * i + 1}` }, false));
  assert.match(detectPatchSpiral(times(2, writes))!.message, /write_file on a\.js was refused 4 times/);
  assert.equal(detectPatchSpiral(times(3, writes))?.severity, 'stop');
});

test('a patch that never ran (its arguments did not fit) is no SEARCH miss nor a refused edit: the invalid-calls detector owns it', () => {
  const noSearch = (i: number) => turn({ ...call('patch', { path: 'src/a.ts', replace: `y${i}` }, false), invalid: 'Invalid call to patch: missing required parameter "search" (string).' });
  assert.equal(detectPatchSpiral(times(PATCH_STOP_AT, noSearch)), undefined);
});
