import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFindGlob, globToRegexSource } from '../../../src/node/glob';

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
  assert.equal(new RegExp(`^${globToRegexSource('a[/]b')}$`).test('a/b'), false, 'a class never matches /');
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
