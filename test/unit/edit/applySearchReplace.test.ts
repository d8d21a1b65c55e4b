import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySearchReplace } from '../../../src/core/edit';
import type { ApplyResult } from '../../../src/core/edit';

function content(r: ApplyResult): string {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.content;
}
function refusal(r: ApplyResult) {
  assert.ok(!r.ok, 'expected a refusal');
  return r;
}

test('exact: a unique substring, even inside a line; `$` in the replacement is literal', () => {
  assert.equal(content(applySearchReplace('let a = f(1);\n', 'f(1)', "g('$&$1$$')")), "let a = g('$&$1$$');\n");
  const r = applySearchReplace('a\nb\nc\n', 'b\n', 'B\n');
  assert.ok(r.ok);
  assert.deepEqual(r.applied, [{ block: 1, tier: 'exact', startLine: 2, endLine: 2, occurrences: 1 }]);
});

test('several exact matches refuse, listing the places; replaceAll replaces each', () => {
  const r = refusal(applySearchReplace('x = 1\ny = 2\nx = 1\n', 'x = 1', 'x = 3'));
  assert.equal(r.reason, 'ambiguous');
  assert.match(r.error, /2 places \(line 1, line 3\)/);
  assert.equal(content(applySearchReplace('x = 1\ny = 2\nx = 1\n', 'x = 1', 'x = 3', { replaceAll: true })), 'x = 3\ny = 2\nx = 3\n');
});

test('line endings and trailing whitespace are ignored; CRLF files stay CRLF', () => {
  assert.equal(content(applySearchReplace('a  \r\nb\t\r\nc\r\n', 'a\nb\n', 'A\nB\n')), 'A\r\nB\r\nc\r\n');
  assert.equal(content(applySearchReplace('one\r\ntwo\r\n', 'one\n', 'uno\nein\n')), 'uno\r\nein\r\ntwo\r\n');
});

test('lines REPLACE keeps from SEARCH keep the trailing spaces the file has on them (a Markdown hard line break)', () => {
  const file = 'Roses are red,  \nViolets are blue,  \nSugar is sweet.\n';
  const r = applySearchReplace(file, 'Roses are red,\nViolets are blue,\nSugar is sweet.\n', 'Roses are red,\nViolets are blue,\nHoney is sweet.\n');
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.applied[0]!.tier, 'trailing-whitespace');
  // Before the fix: 'Roses are red,\nViolets are blue,\nHoney is sweet.\n' — both hard line breaks gone.
  assert.equal(r.content, 'Roses are red,  \nViolets are blue,  \nHoney is sweet.\n');
  // A line the model rewrote is written as the model wrote it.
  assert.equal(content(applySearchReplace(file, 'Roses are red,\nViolets are blue,\n', 'Roses are crimson,\nViolets are blue,\n')), 'Roses are crimson,\nViolets are blue,  \nSugar is sweet.\n');
});

test('a missing final newline is kept as it was, and a present one too', () => {
  assert.equal(content(applySearchReplace('a\nb', 'b\n', 'c\n')), 'a\nc');
  assert.equal(content(applySearchReplace('a\nb\n', 'b', 'c')), 'a\nc\n');
  assert.equal(content(applySearchReplace('a\nb\nc', 'b\n', '')), 'a\nc');
});

test('indentation: SEARCH with a level missing matches and REPLACE is re-indented, keeping its structure', () => {
  const file = 'class A:\n    def f(self):\n        if x:\n            y()\n';
  assert.equal(content(applySearchReplace(file, 'if x:\n    y()\n', 'if x:\n    y()\nelse:\n    z()\n')), 'class A:\n    def f(self):\n        if x:\n            y()\n        else:\n            z()\n');
  // Over-indented SEARCH: the extra level is removed from REPLACE.
  assert.equal(content(applySearchReplace('def f():\n    return 1\n', '    def f():\n        return 1\n', '    def f():\n        return 2\n')), 'def f():\n    return 2\n');
  // Spaces in SEARCH for the file's tabs.
  assert.equal(content(applySearchReplace('if (a) {\n\tb();\n\tif (c) {\n\t\td();\n\t}\n}\n', '  if (c) {\n    d();\n  }\n', '  if (c) {\n    d();\n    e();\n  }\n')), 'if (a) {\n\tb();\n\tif (c) {\n\t\td();\n\t\te();\n\t}\n}\n');
});

test('spaces for tabs with a level dropped: each of the model\'s levels is one tab, nested REPLACE lines included', () => {
  const file = 'class A {\n\trun() {\n\t\tfoo();\n\t\tbar();\n\t}\n}\n';
  // `    ` (one level of four spaces) stands for `\t\t`: `        foo();` is one level deeper, `\t\t\t`.
  assert.equal(
    content(applySearchReplace(file, '    foo();\n    bar();\n', '    if (x) {\n        foo();\n    }\n    bar();\n')),
    'class A {\n\trun() {\n\t\tif (x) {\n\t\t\tfoo();\n\t\t}\n\t\tbar();\n\t}\n}\n',
  );
  // A SEARCH that itself nests, written that way, now maps line by line too.
  const nested = 'function f() {\n\tif (a) {\n\t\tif (b) {\n\t\t\tc();\n\t\t}\n\t}\n}\n';
  assert.equal(
    content(applySearchReplace(nested, '    if (b) {\n        c();\n    }\n', '    if (b) {\n        c();\n        d();\n    }\n')),
    'function f() {\n\tif (a) {\n\t\tif (b) {\n\t\t\tc();\n\t\t\td();\n\t\t}\n\t}\n}\n',
  );
});

test('indentation that is inconsistent across SEARCH lines is refused by every tier', () => {
  const file = 'a:\n    b\n    c\n';
  // No one shift maps `b` (+4) and `        c` (-4): REPLACE's indentation cannot be derived.
  assert.equal(refusal(applySearchReplace(file, 'b\n        c\n', 'B\n        C\n')).reason, 'ambiguous');
});

test('line-number prefixes copied from a numbered view are stripped', () => {
  const file = 'def f():\n    return 1\n';
  assert.equal(content(applySearchReplace(file, '1 | def f():\n2 |     return 1\n', '1 | def f():\n2 |     return 2\n')), 'def f():\n    return 2\n');
  assert.equal(content(applySearchReplace(file, '  7 | def f():\n  8 |     return 1\n', 'def f():\n    return 3\n')), 'def f():\n    return 3\n');
  const mixed = refusal(applySearchReplace(file, '1 | def f():\n2 |     return 1\n', '1 | def f():\n    return 2\n'));
  assert.equal(mixed.reason, 'invalid');
});

test('elision in SEARCH keeps the elided lines when REPLACE elides at the same place', () => {
  const file = 'function f() {\n  const a = 1;\n  const b = 2;\n  return a + b;\n}\n';
  const search = 'function f() {\n  // ... existing code ...\n  return a + b;\n}\n';
  const replace = 'function f() {\n  // ... existing code ...\n  return a * b;\n}\n';
  const r = applySearchReplace(file, search, replace);
  assert.equal(content(r), 'function f() {\n  const a = 1;\n  const b = 2;\n  return a * b;\n}\n');
  assert.equal(r.ok && r.applied[0]!.tier, 'elision');
  assert.equal(refusal(applySearchReplace(file, search, 'function f() {\n  return 0;\n}\n')).reason, 'placeholder');
});

test('a placeholder in REPLACE that SEARCH does not have is refused', () => {
  const file = 'a()\nb()\n';
  for (const placeholder of ['// existing code here', '# ... rest unchanged', '...', '/* ... */', '<!-- rest of the file -->']) {
    const r = refusal(applySearchReplace(file, 'a()\n', `x()\n${placeholder}\n`));
    assert.equal(r.reason, 'placeholder', placeholder);
  }
  // Real comments are not placeholders.
  assert.equal(content(applySearchReplace(file, 'a()\n', '// rest of the items are handled below\nx()\n')), '// rest of the items are handled below\nx()\nb()\n');
});

test('fuzzy: a slightly misremembered line in a longer SEARCH applies when no other place is similar', () => {
  const file = 'function load() {\n  const result = fetch(url);\n  check(result);\n  return result.json();\n}\n';
  const search = 'function load() {\n  const results = fetch(url);\n  check(result);\n  return result.json();\n}\n';
  const r = applySearchReplace(file, search, 'function load() {\n  return fetch(url).then((r) => r.json());\n}\n');
  assert.equal(content(r), 'function load() {\n  return fetch(url).then((r) => r.json());\n}\n');
  assert.equal(r.ok && r.applied[0]!.tier, 'fuzzy');
});

test('fuzzy never applies when two places are similar, nor to a short SEARCH with a changed value', () => {
  const block = (n: number) => `function load${n}() {\n  const result = fetch(url);\n  check(result);\n  return result.json();\n}\n`;
  const search = 'function load() {\n  const result = fetch(url);\n  check(result);\n  return result.json();\n}\n';
  assert.equal(refusal(applySearchReplace(block(1) + block(2), search, 'x\n')).reason, 'ambiguous');
  assert.ok(!applySearchReplace('log("hello")\n', 'log("world")\n', 'log("x")\n').ok);
});

test('whitespace-only drift inside lines is tolerated', () => {
  assert.equal(content(applySearchReplace('function sum(a, b) {\n  return a + b;\n}\n', 'function  sum(a,  b)  {\n  return  a + b;\n}\n', 'function sum(a, b) {\n  return a + b + 1;\n}\n')), 'function sum(a, b) {\n  return a + b + 1;\n}\n');
});

test('line hints pick one of several identical places', () => {
  const file = 'f()\ng()\n\nf()\ng()\n';
  assert.equal(content(applySearchReplace(file, 'f()\ng()\n', 'h()\n', { startLine: 4, endLine: 5 })), 'f()\ng()\n\nh()\n');
  // Model line numbers drift: a hint a few lines off still picks the nearby place.
  const far = 'f()\ng()\n' + 'x\n'.repeat(10) + 'f()\ng()\n';
  assert.equal(content(applySearchReplace(far, 'f()\ng()\n', 'h()\n', { startLine: 10 })), 'f()\ng()\n' + 'x\n'.repeat(10) + 'h()\n');
  // A hint that sits between two places equally well does not choose.
  assert.equal(refusal(applySearchReplace(file, 'f()\ng()\n', 'h()\n', { startLine: 3 })).reason, 'ambiguous');
});

test('empty SEARCH fills an empty file, inserts at a hinted line, and is refused otherwise', () => {
  assert.equal(content(applySearchReplace('', '', 'hello\n')), 'hello\n');
  assert.equal(content(applySearchReplace('a\nb\n', '', 'x\n', { startLine: 2 })), 'a\nx\nb\n');
  assert.equal(content(applySearchReplace('a\nb', '', 'x\n', { startLine: 3 })), 'a\nb\nx');
  assert.equal(refusal(applySearchReplace('a\n', '', 'x\n')).reason, 'invalid');
});

test('a refusal shows the closest region with line numbers and what to do next', () => {
  const file = 'import x\n\ndef main():\n    print("hello")\n    return 0\n';
  const r = refusal(applySearchReplace(file, 'def main():\n    print("goodbye")\n    return 0\n', 'pass\n'));
  assert.equal(r.reason, 'no-match');
  assert.match(r.error, /SEARCH did not match/);
  assert.match(r.error, /lines 3–5/);
  assert.match(r.error, /4 \| {5}print\("hello"\)/);
  assert.match(r.error, /SEARCH line 2 is `print\("goodbye"\)` but file line 4 is `print\("hello"\)`/);
  assert.match(r.error, /Next:/);
});

test('a successful apply carries diff hunks of the change', () => {
  const r = applySearchReplace('a\nb\nc\n', 'b\n', 'B\n');
  assert.ok(r.ok);
  assert.equal(r.hunks.length, 1);
  assert.deepEqual(r.hunks[0]!.lines, [' a', '-b', '+B', ' c']);
});
