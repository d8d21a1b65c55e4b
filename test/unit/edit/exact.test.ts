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

test('a one-line SEARCH that is only part of a longer word is refused, saying where it occurs', () => {
  for (const [file, search, replace] of [
    ['let subtotal = 0;\nfor (const item of cart) subtotal += item.price;\n', 'total = 0;', 'total = 100;'],
    ['let max = 1;\nlet y = 2;\n', 'x = 1;', 'x = 5;'],
    ['if (enabled) {\n  run();\n}\n', 'abled', 'X'],
  ] as const) {
    const r = applySearchReplace(file, search, replace);
    assert.ok(!r.ok, r.ok ? `${search} edited ${JSON.stringify(r.content)}` : '');
    assert.match(r.error, /occurs only inside a longer word, as on line 1/);
    assert.doesNotMatch(r.error, /No line of SEARCH occurs/);
  }
});

test('a fragment at word boundaries still applies, and replace-all may rename inside words', () => {
  const file = 'const total = subtotal + tax;\n';
  const r = applySearchReplace(file, 'total = ', 'sum = ');
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.content, 'const sum = subtotal + tax;\n');
  const all = applySearchReplace('test testing tested test', 'test', 'exam', { replaceAll: true });
  assert.ok(all.ok, all.ok ? '' : all.error);
  assert.equal(all.content, 'exam examing examed exam');
});

test("REPLACE ends a line where SEARCH does: the next line is never joined onto the edit", () => {
  const cls = 'class A {\n  run() {\n    go();\n  }\n}\n';
  for (const [file, search, replace, want] of [
    // SEARCH ends in a newline, REPLACE does not: `stop();  }` before
    [cls, '    go();\n', '    go();\n    stop();', 'class A {\n  run() {\n    go();\n    stop();\n  }\n}\n'],
    // a trailing comment would have commented out the next statement
    ['a();\nb();\n', 'a();\n', 'a(); // now b', 'a(); // now b\nb();\n'],
    // the blank line between two functions is kept
    ['def foo():\n    return 1\n\ndef bar():\n    return 2\n', 'def foo():\n    return 1\n', 'def foo():\n    return 10', 'def foo():\n    return 10\n\ndef bar():\n    return 2\n'],
    // CRLF file
    ['a();\r\nb();\r\n', 'a();\n', 'A();', 'A();\r\nb();\r\n'],
  ] as const) {
    const r = applySearchReplace(file, search, replace);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.content, want);
  }
});

test('a REPLACE newline SEARCH does not have adds no blank line where the match ends a line, and splits a line inside it', () => {
  const file = 'class A {\n  run() {\n    go();\n    wait();\n  }\n}\n';
  const r = applySearchReplace(file, 'go();', 'go();\n    stop();\n');
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.content, 'class A {\n  run() {\n    go();\n    stop();\n    wait();\n  }\n}\n');
  const lines = applySearchReplace('a\nb  \nc', 'b\nc', 'B\nC\n');
  assert.ok(lines.ok, lines.ok ? '' : lines.error);
  assert.equal(lines.content, 'a\nB\nC', 'the file keeps having no final newline');
  const split = applySearchReplace('int a; int b; int c;\n', 'int a; int b; ', 'int a;\nint b;\n');
  assert.ok(split.ok, split.ok ? '' : split.error);
  assert.equal(split.content, 'int a;\nint b;\nint c;\n');
});

test('an empty REPLACE still deletes the lines SEARCH names', () => {
  const r = applySearchReplace('a();\nb();\nc();\n', 'b();\n', '');
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.content, 'a();\nc();\n');
});

test('a fragment never ends or starts inside a character: a combining accent or joined emoji stays with its letter', () => {
  // `cafe` + U+0301 is `café`: cutting before the accent would put it on REPLACE's last letter (`teá`).
  for (const [file, search, replace] of [
    ['const s = "cafe\u0301";\n', 'cafe', 'tea'],
    ['const s = "cafe\u0301";\n', '"cafe', '"tea'],
    ['const s = "cafe\u0301";\n', '\u0301";', '";'],
    ['const family = "👨\u200D👩\u200D👧";\n', '"👨', '"👩'],
    ['const wave = "👋🏽";\n', '"👋', '"🙂'],
  ] as const) {
    for (const replaceAll of [false, true]) {
      const r = applySearchReplace(file, search, replace, { replaceAll });
      assert.ok(!r.ok, r.ok ? `${JSON.stringify(search)} edited ${JSON.stringify(r.content)}` : '');
    }
  }
  // whole characters still match: the accent is part of SEARCH
  const r = applySearchReplace('const s = "cafe\u0301";\n', 'cafe\u0301', 'tea');
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.content, 'const s = "tea";\n');
});

test('a whole line written without its indentation, replaced by lines also written at its level: refused after the block\'s last line (inside it or after it cannot be told), indented like it mid-block', () => {
  // Tool calls often send `return x` without the file's indentation. Taken as a fragment after the
  // indentation, only REPLACE's first line got it (`return x` landed at module level); re-indenting every
  // line instead nests what the model adds after the block (`def g():`) or a string's next lines.
  const py = 'def f(x):\n    return x\n';
  for (const [search, replace] of [
    ['return x', 'print(x)\nreturn x'],
    ['return x', 'if x:\n    return x\nreturn 0'],
    ['return x', 'return x\n\ndef g():\n    pass'],
    ['  return x', '  print(x)\n  return x'],
  ] as const) {
    const r = applySearchReplace(py, search, replace);
    assert.ok(!r.ok, r.ok ? `${JSON.stringify(replace)} edited ${JSON.stringify(r.content)}` : '');
    assert.equal(r.reason, 'ambiguous');
    assert.match(r.error, /line 2 without its indentation \("    return x"\)/);
  }
  // also when a line hint would pick that line among a fragment elsewhere (the hint the ambiguity asks for)
  const hinted = applySearchReplace('def f(x):\n    if x: return x\n    return x\n', 'return x', 'print(x)\nreturn x', { startLine: 3 });
  assert.ok(!hinted.ok, hinted.ok ? JSON.stringify(hinted.content) : '');
  // mid-block (the block goes on after the line), lines written at SEARCH's level belong in it: they get its indentation
  for (const [file, search, replace, want] of [
    ['function f() {\n  foo();\n  bar();\n}\n', 'foo();', 'if (x) {\n  foo();\n}', 'function f() {\n  if (x) {\n    foo();\n  }\n  bar();\n}\n'],
    ['def f():\n    x = 1\n    return x\n', 'x = 1', 'x = 1\ny = 2', 'def f():\n    x = 1\n    y = 2\n    return x\n'],
    ['items:\n  - a\n  - b\n', '- a', '- a\n- c', 'items:\n  - a\n  - c\n  - b\n'],
    ['def f():\n\tx = 1\n\treturn x\n', 'x = 1', 'x = 1\ny = 2', 'def f():\n\tx = 1\n\ty = 2\n\treturn x\n'],
  ] as const) assert.equal(content(applySearchReplace(file, search, replace)), want, JSON.stringify(replace));
  // …but not a multi-line string's next lines (its text), nor the block's last line picked by a line hint
  assert.ok(!applySearchReplace('def f():\n    x = 1\n    return x\n', 'x = 1', 'x = """\nSELECT 1\n"""').ok);
  assert.equal(content(applySearchReplace('def f(x):\n    if x: log(x)\n    log(x)\n    return x\n', 'log(x)', 'log(x)\nprint(x)', { startLine: 3 })),
    'def f(x):\n    if x: log(x)\n    log(x)\n    print(x)\n    return x\n');
  // later lines all deeper than SEARCH were written as the file has them: kept as written
  assert.equal(content(applySearchReplace('def f(x):\n    if x:\n        return 1\n', 'return 1', 'return 1\n    elif x is None:\n        return 2')),
    'def f(x):\n    if x:\n        return 1\n    elif x is None:\n        return 2\n');
  // the whole lines, indented, are clear
  assert.equal(content(applySearchReplace(py, '    return x', '    print(x)\n    return x')), 'def f(x):\n    print(x)\n    return x\n');
  // a fragment inside a line, or replaced by one line, is still spliced exactly where it is
  assert.equal(content(applySearchReplace('const r = foo(a, b);\n', 'foo(a, b)', 'foo(\n  a,\n  b,\n)')), 'const r = foo(\n  a,\n  b,\n);\n');
  assert.equal(content(applySearchReplace(py, 'return x', 'return x * 2')), 'def f(x):\n    return x * 2\n');
});

function content(r: ReturnType<typeof applySearchReplace>): string {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.content;
}

test('a SEARCH that is only a line-number prefix (`12| `, `|`) is refused: it names no text, and searching for nothing never ended', () => {
  for (const search of ['12| ', '12|', '|', '  7 | ']) {
    const r = applySearchReplace('a\nb\n', search, 'x');
    assert.ok(!r.ok, r.ok ? `${search} edited ${JSON.stringify(r.content)}` : '');
  }
});

test('a whole line without its indentation that also occurs inside another line is still ambiguous', () => {
  const r = applySearchReplace('function f() {\n  if (a) return x;\n  return x;\n}\n', 'return x;', 'log(x);\nreturn x;');
  assert.ok(!r.ok, r.ok ? JSON.stringify(r.content) : '');
  assert.equal(r.reason, 'ambiguous');
});
