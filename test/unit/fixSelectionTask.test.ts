import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixSelectionTask, selectionTooLarge } from '../../src/core/fixSelectionTask';

test('fix-selection task names the file, the lines, the code and the problems', () => {
  const task = buildFixSelectionTask({
    path: 'src/app.ts', languageId: 'typescript', startLine: 3, endLine: 4,
    code: 'const a: number = "x";\nconsole.log(a)\n',
    diagnostics: [{ line: 3, severity: 'error', source: 'ts', message: "Type 'string' is not assignable to type 'number'.\nmore detail" }],
  });
  assert.equal(task, [
    'Fix the problems in this code. Change only src/app.ts lines 3-4.',
    '```typescript\nconst a: number = "x";\nconsole.log(a)\n```',
    "Problems reported:\n- line 3 error (ts): Type 'string' is not assignable to type 'number'.",
  ].join('\n\n'));
});

test('fix-selection task uses a fence the code cannot close and caps the problem list', () => {
  const diagnostics = Array.from({ length: 25 }, (_, i) => ({ line: i + 1, severity: 'warning' as const, message: `w${i}` }));
  const task = buildFixSelectionTask({ path: 'README.md', languageId: 'markdown', startLine: 1, endLine: 1, code: '```js\nx\n```', diagnostics, instruction: 'Tidy this.' });
  assert.match(task, /^Tidy this\. Change only README\.md line 1\./);
  assert.match(task, /~~~~markdown\n```js\nx\n```\n~~~~/);
  assert.match(task, /- line 20 warning: w19\n- … 5 more$/);
});

test('a selection larger than a quarter of the context window is refused with the figures; one that fits is not', () => {
  const line = '  const total = values.reduce((sum, v) => sum + v, 0);\n';
  const small = line.repeat(10);
  const whole = line.repeat(400);
  assert.equal(selectionTooLarge(small, 4096), undefined);
  const why = selectionTooLarge(whole, 4096);
  assert.match(why ?? '', /^the selection is about [\d,]+ tokens, and the model's 4,096-token context window leaves room for about 1,024 .* Select less/);
  assert.equal(selectionTooLarge(whole, 131_072), undefined, 'a large window takes it');
});
