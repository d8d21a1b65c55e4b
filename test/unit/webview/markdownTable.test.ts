// GFM tables as models write them: which lines make a table, its cells and their alignment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startsTable, tableAt, tableCells } from '../../../src/webview/markdownTable';

const never = () => false;

test('a header row, a delimiter row with as many cells, then rows up to a blank line', () => {
  const lines = ['| File | Change |', '|---|:--:|', '| a.ts | add `x` |', '| b.ts | fix y<br>and z |', '', 'After the table.'];
  assert.equal(startsTable(lines, 0), true);
  assert.deepEqual(tableAt(lines, 0, never), {
    header: ['File', 'Change'], align: [undefined, 'center'],
    rows: [['a.ts', 'add `x`'], ['b.ts', 'fix y<br>and z']], end: 4,
  });
  assert.equal(startsTable(lines, 2), false, 'a row after another row is no header');
});

test('rows without outer pipes, alignments, escaped pipes, ragged rows and the end at another block', () => {
  const lines = ['Name | Left | Right', ':--- | :--- | ---:', 'a \\| b | `c` | 3', 'only one', '| x | y | z | extra |', '## Next'];
  assert.deepEqual(tableAt(lines, 0, (line) => line.startsWith('#')), {
    header: ['Name', 'Left', 'Right'], align: ['left', 'left', 'right'],
    rows: [['a | b', '`c`', '3'], ['only one', '', ''], ['x', 'y', 'z']], end: 5,
  });
});

test('pipes that make no table stay text: no delimiter row, a different number of cells, a rule or code', () => {
  assert.equal(startsTable(['a | b', 'c | d'], 0), false);
  assert.equal(startsTable(['| a | b |', '|---|'], 0), false, 'the delimiter row has fewer cells');
  assert.equal(startsTable(['| a |'], 0), false, 'the last line');
  assert.equal(startsTable(['a', '---'], 0), false, 'a rule (or setext underline) under a line without a pipe');
  assert.equal(startsTable(['    | a | b |', '    |---|---|'], 0), false, 'indented code');
  assert.deepEqual(tableCells('|a|b\\|'), ['a', 'b|']);
});
