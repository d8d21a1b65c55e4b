// The lines a selection covers: one that ends at the start of a line (how VS Code selects whole lines)
// does not take that line, so Fix selection never tells the model it may change a line not selected;
// their text is how "Save and Fix" sees that the lines asked about are no longer under the selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectedLines, selectedText } from '../../../src/extension/selectedLines';

const at = (line: number, character: number) => ({ line, character });

test('a selection ending at column 0 of the next line covers the lines above it only', () => {
  assert.deepEqual(selectedLines({ start: at(3, 0), end: at(5, 0) }), { first: 3, last: 4 });
});

test('a selection ending inside a line covers that line; one inside a single line covers it', () => {
  assert.deepEqual(selectedLines({ start: at(3, 5), end: at(4, 8) }), { first: 3, last: 4 });
  assert.deepEqual(selectedLines({ start: at(3, 0), end: at(3, 0) }), { first: 3, last: 3 });
  assert.deepEqual(selectedLines({ start: at(3, 2), end: at(4, 0) }), { first: 3, last: 3 });
});

const lines = (text: string) => {
  const all = text.split('\n');
  return { lineCount: all.length, lineAt: (line: number) => ({ text: all[line]! }) };
};

test('the text of the selected lines: after lines are added above, the same selection holds other code', () => {
  const selection = { start: at(1, 2), end: at(3, 0) };
  const asked = selectedText(lines('let total = 0;\nfor (const v of values)\n  total += v;\nreturn total;'), selection);
  assert.equal(asked, 'for (const v of values)\n  total += v;');
  assert.equal(selectedText(lines('let total = 0;\nfor (const v of values)\n  total += v;\nreturn total;\n// more'), selection), asked, 'lines below changed: the same code');
  assert.notEqual(selectedText(lines('// note\nlet total = 0;\nfor (const v of values)\n  total += v;'), selection), asked, 'a line added above');
  assert.equal(selectedText(lines('let total = 0;'), selection), undefined, 'the lines are gone');
});
