// The elision tier keeps the lines a placeholder stands for; it must only skip lines of the block
// the SEARCH starts in, and only when the lines after the placeholder have one place to go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySearchReplace } from '../../../src/core/edit';
import type { ApplyResult } from '../../../src/core/edit';

const PY = 'def load(path):\n    data = read(path)\n    return data\n\ndef save(path, data):\n    write(path, data)\n    return True\n';

function applied(r: ApplyResult): string {
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.applied[0]!.tier, 'elision');
  return r.content;
}

test('lines after the placeholder that only exist in the next function are not reached', () => {
  const r = applySearchReplace(PY, 'def load(path):\n    ...\n    return True\n', 'def load(path):\n    ...\n    return False\n');
  assert.ok(!r.ok, r.ok ? r.content : '');
});

test('a placeholder up to the closing brace keeps to its own function', () => {
  const js = 'function a() {\n  one();\n}\n\nfunction b() {\n  two();\n}\n';
  assert.equal(applied(applySearchReplace(js, 'function a() {\n  // ... existing code ...\n}\n', 'function a() {\n  // ... existing code ...\n  more();\n}\n')), 'function a() {\n  one();\n  more();\n}\n\nfunction b() {\n  two();\n}\n');
});

test('lines after the placeholder that fit two places in the block are refused as ambiguous', () => {
  const file = 'def run():\n    begin()\n    flush()\n    work()\n    flush()\n';
  const r = applySearchReplace(file, 'def run():\n    ...\n    flush()\n', 'def run():\n    ...\n    flush(force=True)\n');
  assert.ok(!r.ok, r.ok ? r.content : '');
  assert.equal(r.reason, 'ambiguous');
});

test('a gap may pass nested blocks and start at a statement in the middle of a body', () => {
  const file = 'class A:\n    def f(self):\n        x = 1\n        if x:\n            y()\n        return x\n\n    def g(self):\n        return x\n';
  assert.equal(
    applied(applySearchReplace(file, '    def f(self):\n        ...\n        return x\n', '    def f(self):\n        ...\n        return x + 1\n')),
    file.replace('        return x\n\n', '        return x + 1\n\n'),
  );
  assert.equal(applied(applySearchReplace(file, '        x = 1\n        ...\n        return x\n\n    def g(self):\n', '        x = 2\n        ...\n        return x\n\n    def g(self):\n')), file.replace('x = 1', 'x = 2'));
});

// A SEARCH that starts or ends with a placeholder leaves that end of the elided code open.
const BODY = 'def f():\n    a = 1\n    b = 2\n    log(a, b)\n\ndef g():\n    pass\n';

test('lines REPLACE adds after a trailing placeholder are refused, not put before the code it stands for', () => {
  const r = applySearchReplace(BODY, 'def f():\n    # ... existing code ...\n', 'def f():\n    # ... existing code ...\n    return a + b\n');
  // Before the fix: 'def f():\n    return a + b\n    a = 1\n …' — the return first, the body dead code.
  assert.ok(!r.ok, `applied: ${JSON.stringify(r.ok && r.content)}`);
  assert.equal(r.reason, 'placeholder');
  assert.match(r.error, /ends with a placeholder line and REPLACE adds lines after it.*Write out the lines around the change/);
});

test('lines REPLACE adds before a leading placeholder are refused, not put after the code it stands for', () => {
  const r = applySearchReplace(BODY, '    ...\n    log(a, b)\n', '    setup()\n    ...\n    log(a, b)\n');
  // Before the fix: setup() right before log(a, b), after the `a = 1` and `b = 2` the placeholder stood for.
  assert.ok(!r.ok, `applied: ${JSON.stringify(r.ok && r.content)}`);
  assert.equal(r.reason, 'placeholder');
  assert.match(r.error, /starts with a placeholder line and REPLACE adds lines before it/);
});

test('an open-ended placeholder still keeps its code when REPLACE changes only the written lines', () => {
  assert.equal(applied(applySearchReplace(BODY, 'def f():\n    # ... existing code ...\n', 'def f(x):\n    # ... existing code ...\n')), BODY.replace('def f():', 'def f(x):'));
  assert.equal(applied(applySearchReplace(BODY, '    ...\n    log(a, b)\n', '    ...\n    log(b, a)\n')), BODY.replace('log(a, b)', 'log(b, a)'));
});

test('a gap after lines that close a block may hold the lines after that block: both places the SEARCH fits are seen', () => {
  // `x--; }` twice in one function. After the first copy's `}` the gap holds `x++;` and the second
  // if-block; after the second copy it is empty. Judged by the scope of `x--;` (inside the if) the first
  // place was never considered, and the second copy was edited without a word.
  const file = 'function a() {\n  if (x) {\n    x--;\n  }\n  x++;\n  if (x) {\n    x--;\n  }\n}\n';
  const r = applySearchReplace(file, '    x--;\n  }\n  // ...\n}\n', '    x -= 1;\n  }\n  // ...\n}\n');
  assert.ok(!r.ok, r.ok ? r.content : '');
  assert.equal(r.reason, 'ambiguous');
  // with one copy, the gap runs from the closed block to the function's end
  const once = 'function a() {\n  if (x) {\n    x--;\n  }\n  x++;\n  y();\n}\n';
  assert.equal(applied(applySearchReplace(once, '    x--;\n  }\n  // ...\n}\n', '    x -= 1;\n  }\n  // ...\n}\n')), once.replace('x--', 'x -= 1'));
});
