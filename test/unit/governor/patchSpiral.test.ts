import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPatchSpiral, PATCH_REREAD_AT, PATCH_REWRITE_AT, PATCH_STOP_AT } from '../../../src/core/governor/patchSpiral';
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
