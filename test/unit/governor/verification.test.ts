import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCheckOutput, diagnosticsFromCheckOutput, summarizeDiagnostics, MAX_REPORTED_PROBLEMS } from '../../../src/core/governor/verification';
import type { Diagnostic } from '../../../src/core/ports';

const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.path}:${d.line}:${d.column ?? ''} ${d.severity}${d.code ? ` ${d.code}` : ''} ${d.message}`);

test('tsc, gcc/go/eslint-unix, rustc, eslint stylish and Python tracebacks', () => {
  const out = [
    "src/a.ts(12,5): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
    'main.c:3:10: warning: unused variable [-Wunused-variable]',
    'pkg/x.go:7:2: undefined: foo',
    'error[E0308]: mismatched types',
    '  --> src/main.rs:4:18',
    '/work/proj/src/b.js',
    '  2:7  error  "x" is assigned a value but never used  no-unused-vars',
    'Traceback (most recent call last):',
    '  File "app/run.py", line 9, in <module>',
    "NameError: name 'y' is not defined",
    'Found 5 errors at 12:30:45 — see https://example.com:8080/docs',
  ].join('\n');
  assert.deepEqual(brief(parseCheckOutput(out, undefined, '/work/proj')), [
    "src/a.ts:12:5 error TS2345 Argument of type 'string' is not assignable to parameter of type 'number'.",
    'main.c:3:10 warning unused variable [-Wunused-variable]',
    'pkg/x.go:7:2 error undefined: foo',
    'src/main.rs:4:18 error E0308 mismatched types',
    'src/b.js:2:7 error no-unused-vars "x" is assigned a value but never used',
    "app/run.py:9: error NameError: name 'y' is not defined",
  ]);
});

test('a failing check with nothing parseable still fails, with its output tail', () => {
  const [d] = diagnosticsFromCheckOutput('building...\n\nSomething went wrong\n', 2, 'make check');
  assert.equal(d!.severity, 'error');
  assert.match(d!.message, /`make check` failed with exit code 2:\nbuilding\.\.\.\nSomething went wrong$/);
  assert.deepEqual(diagnosticsFromCheckOutput('all good\n', 0, 'make check'), []);
  assert.match(diagnosticsFromCheckOutput('', null, 'make')[0]!.message, /was stopped/);
});

test('the summary puts errors and edited files first, one line each, capped', () => {
  const d = (path: string, line: number, severity: Diagnostic['severity'], message: string): Diagnostic => ({ path, line, severity, message });
  const diags = [
    d('other.ts', 1, 'warning', 'unused'),
    d('other.ts', 2, 'error', 'broken elsewhere'),
    d('edited.ts', 9, 'error', 'Type mismatch\n  details that go on\n  and on'),
    d('edited.ts', 9, 'error', 'Type mismatch\n  details that go on\n  and on'),
    d('edited.ts', 1, 'hint', 'style'),
  ];
  const s = summarizeDiagnostics(diags, ['edited.ts']);
  assert.equal(s.passed, false);
  assert.equal(s.text, ['Check found 2 errors, 1 warning:', 'edited.ts:9 error: Type mismatch', 'other.ts:2 error: broken elsewhere', 'other.ts:1 warning: unused'].join('\n'));
  assert.deepEqual(summarizeDiagnostics([d('a', 1, 'warning', 'w')]).passed, true);
  assert.deepEqual(summarizeDiagnostics([]), { passed: true, errors: 0, warnings: 0, text: '' });
  const many = summarizeDiagnostics(Array.from({ length: 20 }, (_, i) => d('a.ts', i + 1, 'error', `e${i} ${'long '.repeat(60)}`)));
  const lines = many.text.split('\n');
  assert.equal(lines.length, MAX_REPORTED_PROBLEMS + 2);
  assert.equal(lines.at(-1), '(+12 more)');
  assert.ok(lines.every((l) => l.length <= 200));
});
