// The exact tier: a single line may be a fragment of a file line, a multi-line SEARCH is whole lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySearchReplace } from '../../../src/core/edit';

test('a multi-line SEARCH whose first line is only the end of a file line does not match there', () => {
  const file = 'const total = 0;\nconst count = 0;\n';
  // `al = 0;` is the tail of `const total = 0;`: splicing there would produce `const totAL = 5;`-style damage.
  const r = applySearchReplace(file, 'al = 0;\nconst count = 0;\n', 'al = 5;\nconst count = 0;\n');
  assert.ok(!r.ok, r.ok ? r.content : '');
});

test('a single-line fragment inside a line still applies exactly', () => {
  const file = 'for (let i = 0; i <= values.length; i++) sum += values[i];\n';
  const r = applySearchReplace(file, 'i <= values.length', 'i < values.length');
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.content, 'for (let i = 0; i < values.length; i++) sum += values[i];\n');
  assert.equal(r.applied[0]!.tier, 'exact');
});

test('a multi-line SEARCH at the start of the file or of any line applies exactly, CRLF too', () => {
  for (const [file, want] of [
    ['a();\nb();\nc();\n', 'A();\nB();\nc();\n'],
    ['x();\r\na();\r\nb();\r\n', 'x();\r\nA();\r\nB();\r\n'],
  ] as const) {
    const r = applySearchReplace(file, 'a();\nb();\n', 'A();\nB();\n');
    assert.ok(r.ok && r.applied[0]!.tier === 'exact', r.ok ? '' : r.error);
    assert.equal(r.content, want);
  }
});
