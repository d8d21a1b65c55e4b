// The lines a selection covers: one that ends at the start of a line (how VS Code selects whole lines)
// does not take that line, so Fix selection never tells the model it may change a line not selected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectedLines } from '../../../src/extension/selectedLines';

const at = (line: number, character: number) => ({ line, character });

test('a selection ending at column 0 of the next line covers the lines above it only', () => {
  assert.deepEqual(selectedLines({ start: at(3, 0), end: at(5, 0) }), { first: 3, last: 4 });
});

test('a selection ending inside a line covers that line; one inside a single line covers it', () => {
  assert.deepEqual(selectedLines({ start: at(3, 5), end: at(4, 8) }), { first: 3, last: 4 });
  assert.deepEqual(selectedLines({ start: at(3, 0), end: at(3, 0) }), { first: 3, last: 3 });
  assert.deepEqual(selectedLines({ start: at(3, 2), end: at(4, 0) }), { first: 3, last: 3 });
});
