// Which whole-file rewrites of an existing file are parts written over the whole (refused), and
// which are rewrites (written, with their size in the result).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeHunks } from '../../../src/core/edit';
import { describeRewrite, dropsMuchOfFile, rewriteSize } from '../../../src/core/tools/rewriteSize';

const SUM = 'function sum(values) {\n  let total = 0;\n  for (const v of values) total += v;\n  return total;\n}\n';
const MEAN = 'function mean(values) {\n  return sum(values) / values.length;\n}\n';
const EXPORTS = 'module.exports = { sum, mean };\n';
const FILE = `${SUM}\n${MEAN}\n${EXPORTS}`; // 11 lines

const size = (after: string) => rewriteSize(computeHunks(FILE, after), 11);

test('a function left out, the exports kept: refused, though the file keeps most of its lines', () => {
  const s = size(`${SUM}\n${EXPORTS}`);
  assert.equal(s.dropped, 4);
  assert.equal(dropsMuchOfFile(s), true);
});

test('moving a function, deleting one line, or renaming throughout is a rewrite', () => {
  const moved = size(`${MEAN}\n${SUM}\n${EXPORTS}`);
  assert.equal(dropsMuchOfFile(moved), false);
  const oneLine = size(FILE.replace('  let total = 0;\n', ''));
  assert.equal(dropsMuchOfFile(oneLine), false);
  assert.equal(describeRewrite(oneLine), '1 removed (of 11)');
  const renamed = size(FILE.replaceAll('values', 'xs'));
  assert.equal(dropsMuchOfFile(renamed), false);
  assert.equal(describeRewrite(renamed), '4 lines changed (of 11)');
});
