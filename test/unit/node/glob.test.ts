import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFindGlob, compileGlob } from '../../../src/node/glob';
import { assertScalesLinearly } from '../../support/linear';

const matches = (glob: string, path: string) => compileFindGlob(glob)(path);

test('* and ? stay inside one folder; ** crosses folders', () => {
  assert.ok(matches('src/*.ts', 'src/a.ts'));
  assert.ok(!matches('src/*.ts', 'src/lib/a.ts'));
  assert.ok(matches('src/**/*.ts', 'src/a.ts') && matches('src/**/*.ts', 'src/lib/deep/a.ts'));
  assert.ok(matches('**/*.test.ts', 'test/unit/a.test.ts') && matches('**/*.test.ts', 'a.test.ts'));
  assert.ok(matches('src/?.ts', 'src/a.ts') && !matches('src/?.ts', 'src/ab.ts'));
});

test('braces and character classes', () => {
  assert.ok(matches('src/*.{ts,tsx}', 'src/a.tsx') && matches('src/*.{ts,tsx}', 'src/a.ts'));
  assert.ok(!matches('src/*.{ts,tsx}', 'src/a.js'));
  assert.ok(matches('v[0-9].md', 'v1.md') && !matches('v[!0-9].md', 'v1.md') && matches('v[!0-9].md', 'vx.md'));
  assert.equal(compileGlob('a[/]b')('a/b'), false, 'a class never matches /');
});

test('a glob without a slash matches at any depth; a folder lists its files', () => {
  assert.ok(matches('*.md', 'README.md') && matches('*.md', 'docs/guide/x.md'));
  assert.ok(matches('package.json', 'packages/a/package.json'));
  assert.ok(matches('src/lib', 'src/lib/a.ts') && matches('./src/lib/', 'src/lib/x/y.ts'));
  assert.ok(!matches('src/lib', 'src/library.ts'));
  assert.ok(matches('', 'anything/at/all') && matches('**', 'a/b'));
});

test('regex characters in a glob are literal', () => {
  assert.ok(matches('a+b(1).ts', 'a+b(1).ts') && !matches('a.ts', 'abts'));
  assert.ok(matches('x/unclosed[', 'x/unclosed['));
  assert.ok(matches('{a,b', 'a') || matches('{a,b', 'b'), 'an unclosed brace does not throw');
});

test('pathological globs cost time in proportion to the path (no backtracking)', () => {
  const deep = (n: number) => `${Array(n).fill('a').join('/')}/file.ts`;
  const cases: [string, (n: number) => string][] = [
    ['*a*a*a*a*a*a*a*.zz', (n) => `${'a'.repeat(n)}.ts`],
    ['**/**/**/**/**/**/**/**/*.zz', deep],
    ['**/a/**/a/**/a/**/a/**/a/**/b', deep],
    ['*?*?*?*?*?*?*?*?*?*?*?*?x', (n) => 'y'.repeat(n)],
  ];
  for (const [glob, path] of cases) {
    const match = compileFindGlob(glob);
    assert.equal(match(path(60)), false);
    assertScalesLinearly(glob, path, (p) => assert.equal(match(p), false), 60);
  }
});

test('runs of * and of **/ mean the same as one', () => {
  assert.ok(matches('src/**/**/*.ts', 'src/a.ts') && matches('src/**/**/*.ts', 'src/x/y/a.ts'));
  assert.ok(matches('src/a***b.ts', 'src/aXb.ts') && !matches('src/a***b.ts', 'src/a/b.ts'), 'stars inside a name stay in the folder');
  assert.ok(matches('src/**', 'src/a/b.ts'));
  assert.ok(compileGlob('logs/**')('logs/x') && !compileGlob('logs/**')('logs'), 'a trailing ** needs something below');
  assert.ok(compileGlob('a/**/b')('a/b') && compileGlob('a/**/b')('a/x/y/b'));
});

test('escapes, classes with ranges and brace alternatives', () => {
  assert.ok(compileGlob('\\*.md')('*.md') && !compileGlob('\\*.md')('a.md'));
  assert.ok(compileGlob('[]x].md')(']'.concat('.md')) && compileGlob('[a-c]z')('bz') && !compileGlob('[!a-c]z')('bz'));
  assert.ok(matches('{src,test}/**/*.{ts,tsx}', 'test/u/a.tsx') && !matches('{src,test}/**/*.{ts,tsx}', 'lib/a.ts'));
  assert.ok(matches('a{b,{c,d}}e.ts', 'ade.ts'), 'nested braces');
  assert.throws(() => compileFindGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'), /more than 256/);
});
