// write_file over an existing small file: a model that writes only the part it changed would delete
// the rest. Such a rewrite is refused; a real rewrite goes through and says what it changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, read, runSession } from './helpers';

const MATH = 'function sum(values) {\n  let total = 0;\n  for (let i = 0; i <= values.length; i++) total += values[i];\n  return total;\n}\n\nfunction mean(values) {\n  return sum(values) / values.length;\n}\n\nmodule.exports = { sum, mean };\n';
const FIXED_SUM = 'function sum(values) {\n  let total = 0;\n  for (let i = 0; i < values.length; i++) total += values[i];\n  return total;\n}\n';

test('a rewrite that keeps only the fixed function is refused: the file is untouched and the model told to patch or give all of it', async () => {
  const s = await runSession('Fix the loop bound in src/sum.js.', [{ text: hermes('write_file', { path: 'src/sum.js', content: FIXED_SUM }) }, { text: 'Fixed.' }], { files: { 'src/sum.js': MATH } });
  try {
    assert.equal(read(s.root, 'src/sum.js'), MATH);
    const call = s.result.toolCalls[0]!;
    assert.equal(call.ok, false);
    assert.equal(call.summary, 'Not written: your content would delete 6 of the 11 lines of src/sum.js with nothing in their place. write_file replaces the whole file with exactly what you give: to change part of it, use patch; to rewrite it, give all of it. If deleting those lines is what the task asks, send the same write_file again.');
  } finally {
    cleanup(s.root);
  }
});

test('deletions the task asks for: the same write_file sent again goes through; two lines of a small file are not asked about', async () => {
  const withoutMean = FIXED_SUM + '\nmodule.exports = { sum };\n';
  const withMean = FIXED_SUM + '\nfunction oldSum(values) {\n  return sum(values);\n}\n\nmodule.exports = { sum };\n';
  const s = await runSession('Remove the deprecated oldSum() from src/sum.js and the two old entries from .gitignore.', [
    { text: hermes('write_file', { path: 'src/sum.js', content: withoutMean }) },
    { text: hermes('write_file', { path: 'src/sum.js', content: withoutMean }) },
    { text: hermes('write_file', { path: '.gitignore', content: 'node_modules/\n' }) },
    { text: 'Removed.' },
  ], { files: { 'src/sum.js': withMean, '.gitignore': 'node_modules/\nold-build/\ntmp-cache/\n' } });
  try {
    assert.deepEqual(s.result.toolCalls.map((c) => c.ok), [false, true, true]);
    assert.equal(read(s.root, 'src/sum.js'), withoutMean);
    assert.equal(read(s.root, '.gitignore'), 'node_modules/\n');
    assert.match(s.result.toolCalls[1]!.summary, /^Rewrote src\/sum\.js: 4 removed \(of 11\)\.$/);
  } finally {
    cleanup(s.root);
  }
});

test('a whole-file rewrite goes through and says how much it changed; a shorter refactor too', async () => {
  const fixed = MATH.replace('i <= values', 'i < values');
  const refactor = 'const sum = (values) => values.reduce((a, b) => a + b, 0);\n\nconst mean = (values) => sum(values) / values.length;\n\nmodule.exports = { sum, mean };\n';
  const s = await runSession('Fix the loop bound in src/sum.js, then make it shorter.', [
    { text: hermes('write_file', { path: 'src/sum.js', content: fixed }) },
    { text: hermes('write_file', { path: 'src/sum.js', content: refactor }) },
    { text: 'Fixed.' },
  ], { files: { 'src/sum.js': MATH } });
  try {
    assert.equal(read(s.root, 'src/sum.js'), refactor);
    assert.deepEqual(s.result.toolCalls.map((c) => [c.ok, c.summary]), [
      [true, 'Rewrote src/sum.js: 1 line changed (of 11).'],
      [true, 'Rewrote src/sum.js: 2 lines changed, 6 removed (of 11).'],
    ]);
  } finally {
    cleanup(s.root);
  }
});
