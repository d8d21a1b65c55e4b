// Edits at the wrong place: a duplicate is refused unless a real line hint (the tool's start_line, a
// block's `:start_line:`, numbers the model copied from a numbered view) picks exactly one — and then
// that one is edited. Content that merely looks like a line number is content, not a hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, applySearchReplace } from '../../../src/core/edit';

test('SEARCH ending in a newline vs a duplicate at the end of a file without a final newline: refused', () => {
  const file = 'status = 1\nother\nstatus = 1';
  const r = applySearchReplace(file, 'status = 1\n', 'status = 2\n');
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.reason, 'ambiguous');
  // with a real hint, exactly the hinted copy changes, and the file keeps its missing final newline
  const last = applySearchReplace(file, 'status = 1\n', 'status = 2\n', { startLine: 3 });
  assert.ok(last.ok, !last.ok ? last.error : '');
  assert.equal(last.content, 'status = 1\nother\nstatus = 2');
  const first = applySearchReplace(file, 'status = 1\n', 'status = 2\n', { startLine: 1 });
  assert.ok(first.ok);
  assert.equal(first.content, 'status = 2\nother\nstatus = 1');
  // CRLF too
  const crlf = applySearchReplace('a\r\nb\r\na', 'a\n', 'c\n');
  assert.equal(crlf.ok, false);
});

test('file content such as "7 | pending" is not a line-number hint', () => {
  // a Markdown-ish table whose rows start with numbers; the second copy happens to be on line 7
  const file = 'rows:\n7 | pending\n1 | done\n2 | done\n3 | done\n4 | done\n7 | pending\nend\n';
  const r = applySearchReplace(file, '7 | pending\n', '7 | done\n');
  assert.equal(r.ok, false, 'two copies and no real hint: refused');
  assert.equal(!r.ok && r.reason, 'ambiguous');
  const hinted = applySearchReplace(file, '7 | pending\n', '7 | done\n', { startLine: 2 });
  assert.ok(hinted.ok);
  assert.equal(hinted.content, 'rows:\n7 | done\n1 | done\n2 | done\n3 | done\n4 | done\n7 | pending\nend\n');
});

test('numbers copied from a numbered view still pick the copy they name', () => {
  const file = 'a\nx = 1\nb\nc\nx = 1\nd\n';
  const r = applySearchReplace(file, '5 | x = 1\n', '5 | x = 2\n');
  assert.ok(r.ok, !r.ok ? r.error : '');
  assert.equal(r.content, 'a\nx = 1\nb\nc\nx = 2\nd\n');
});

test('numbers copied from a view that no longer numbers the file so (lines were added above since) pick no copy', () => {
  // read as lines 15–16 in second(); 13 lines added at the top since move first()'s copy to 16–17 and
  // second()'s to 28–29. Lines 15–16 hold neither: the numbers are stale, and the copy nearest them
  // (first()'s) is not the one they named. Refused, with the places, like any duplicate without a hint.
  const imports = Array.from({ length: 12 }, (_, i) => `import m${i} from "m${i}";`).join('\n');
  const file = `${imports}\n\nfunction first() {\n  init();\n  reset(state);\n  save(state);\n}\n\n// a\n// b\n// c\n// d\n// e\n\nfunction second() {\n  init();\n  reset(state);\n  save(state);\n}\n`;
  const r = applySearchReplace(file, '15|   reset(state);\n16|   save(state);\n', '  reset(state);\n  save(state, { flush: true });\n');
  assert.equal(r.ok, false, r.ok ? r.content : '');
  assert.equal(!r.ok && r.reason, 'ambiguous');
  // numbers that still name a copy's first line pick it
  const now = applySearchReplace(file, '28|   reset(state);\n29|   save(state);\n', '  reset(state);\n  save(state, { flush: true });\n');
  assert.ok(now.ok, !now.ok ? now.error : '');
  assert.equal(now.applied[0]!.startLine, 28);
});

test('a :start_line: on duplicates applies to the named copy (one block or several)', () => {
  const file = 'x = 1\ny\nx = 1\n';
  const one = applyEdits(file, '<<<<<<< SEARCH\n:start_line:3\n-------\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE');
  assert.ok(one.ok, !one.ok ? one.error : '');
  assert.equal(one.content, 'x = 1\ny\nx = 2\n');
});
