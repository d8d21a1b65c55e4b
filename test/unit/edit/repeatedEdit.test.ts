// An insertion (REPLACE = anchor + new lines) sent a second time must not write its lines twice:
// the engine says when the file already reads as REPLACE where SEARCH matched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySearchReplace } from '../../../src/core/edit';

const SRC = 'import a from "a";\n\nexport const x = a();\n';
const ANCHOR = 'import a from "a";';
const INSERT = 'import a from "a";\nimport b from "b";';

test('an insertion after an anchor, sent again on the file it produced, is reported as already applied', () => {
  const first = applySearchReplace(SRC, ANCHOR, INSERT);
  assert.ok(first.ok);
  assert.equal(first.alreadyApplied, undefined);
  const again = applySearchReplace(first.content, ANCHOR, INSERT);
  assert.ok(again.ok);
  assert.equal(again.alreadyApplied, true);
});

/** Applies the edit, then the same edit to the result: the second must be flagged. */
function appliedTwice(file: string, search: string, replace: string): { once: string; again: ReturnType<typeof applySearchReplace> } {
  const first = applySearchReplace(file, search, replace);
  assert.ok(first.ok, first.ok ? '' : first.error);
  assert.equal(first.alreadyApplied, undefined);
  return { once: first.content, again: applySearchReplace(first.content, search, replace) };
}

test('insert before, wrap inside a line, and a CRLF file placed by the indentation tier are recognised as well', () => {
  const before = appliedTwice('import a from "a";\n', ANCHOR, 'import b from "b";\nimport a from "a";');
  assert.ok(before.again.ok && before.again.alreadyApplied);
  const wrap = appliedTwice('x = compute();\n', 'compute()', 'cached(compute())');
  assert.equal(wrap.once, 'x = cached(compute());\n');
  assert.ok(wrap.again.ok && wrap.again.alreadyApplied);
  // SEARCH lost the function's indentation (so only the indentation tier places it); the file is CRLF
  const crlf = appliedTwice('function f() {\r\n  a();\r\n  b();\r\n}\r\n', 'a();\nb();\n', 'a();\nb();\nc();\n');
  assert.equal(crlf.once, 'function f() {\r\n  a();\r\n  b();\r\n  c();\r\n}\r\n');
  assert.ok(crlf.again.ok);
  assert.equal(crlf.again.applied[0]!.tier, 'indentation');
  assert.equal(crlf.again.alreadyApplied, true);
});

test('edits that are not repeats are left alone: a REPLACE that rewrites SEARCH, a first insertion, a missing SEARCH', () => {
  const rewrite = applySearchReplace('a = 1;\nb = 1;\n', 'a = 1;', 'a = 2;\nb = 1;');
  assert.ok(rewrite.ok);
  assert.equal(rewrite.alreadyApplied, undefined);
  assert.equal(rewrite.content, 'a = 2;\nb = 1;\nb = 1;\n');
  // the added line exists elsewhere in the file, not next to the anchor: still a real insertion
  const elsewhere = applySearchReplace('import a from "a";\nconst y = 1;\nimport b from "b";\n', ANCHOR, INSERT);
  assert.ok(elsewhere.ok);
  assert.equal(elsewhere.alreadyApplied, undefined);
  const missing = applySearchReplace(SRC, 'import c from "c";', 'import c from "c";\nimport b from "b";');
  assert.ok(!missing.ok);
  assert.equal(missing.reason, 'no-match');
});
