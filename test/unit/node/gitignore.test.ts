import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIgnored, parseGitignore, type IgnoreRule } from '../../../src/node/gitignore';
import { assertScalesLinearly } from '../../support/linear';

const ig = (rules: IgnoreRule[], path: string, dir = false) => isIgnored(path, dir, rules);

test('an unanchored name matches at any depth, files and folders', () => {
  const r = parseGitignore('# build output\n\n*.log\ndist\n');
  assert.ok(ig(r, 'a.log') && ig(r, 'deep/x/b.log'));
  assert.ok(ig(r, 'dist', true) && ig(r, 'pkg/dist', true) && ig(r, 'dist'));
  assert.ok(!ig(r, 'a.log.txt') && !ig(r, 'distro', true) && !ig(r, '# build output'));
});

test('a leading or middle slash anchors to the .gitignore folder', () => {
  const r = parseGitignore('/build\ndocs/*.html\n');
  assert.ok(ig(r, 'build', true));
  assert.ok(!ig(r, 'src/build', true));
  assert.ok(ig(r, 'docs/a.html'));
  assert.ok(!ig(r, 'docs/sub/a.html'), 'one * does not cross a folder');
  assert.ok(!ig(r, 'x/docs/a.html'));
});

test('a trailing slash matches folders only', () => {
  const r = parseGitignore('cache/\n');
  assert.ok(ig(r, 'cache', true) && ig(r, 'a/cache', true));
  assert.ok(!ig(r, 'cache', false));
});

test('** matches zero or more folders', () => {
  const r = parseGitignore('**/tmp\na/**/b\nlogs/**\n');
  assert.ok(ig(r, 'tmp', true) && ig(r, 'x/y/tmp', true));
  assert.ok(ig(r, 'a/b') && ig(r, 'a/x/b') && ig(r, 'a/x/y/b'));
  assert.ok(!ig(r, 'a/bc'));
  assert.ok(ig(r, 'logs/a.txt') && ig(r, 'logs/x/y.txt'));
  assert.ok(!ig(r, 'logs', true), 'logs/** matches inside logs, not logs itself');
});

test('! re-includes, the last matching rule wins', () => {
  const r = parseGitignore('*.env\n!example.env\n');
  assert.ok(ig(r, 'prod.env'));
  assert.ok(!ig(r, 'example.env'));
  const again = parseGitignore('*.env\n!example.env\nexample.env\n');
  assert.ok(ig(again, 'example.env'));
});

test('escapes, character classes, ? and trailing spaces', () => {
  const r = parseGitignore('\\#keep\n\\!bang\nfile[0-9].txt\nv?.md\ntrail   \n');
  assert.ok(ig(r, '#keep') && ig(r, '!bang'));
  assert.ok(ig(r, 'file3.txt') && !ig(r, 'filex.txt'));
  assert.ok(ig(r, 'v1.md') && !ig(r, 'v10.md'));
  assert.ok(ig(r, 'trail') && !ig(r, 'trail   '));
});

test('nested .gitignore rules apply below their folder and override outer ones', () => {
  const rules = [...parseGitignore('*.gen.ts\n'), ...parseGitignore('!keep.gen.ts\n/local.txt\n', 'pkg')];
  assert.ok(ig(rules, 'a.gen.ts') && ig(rules, 'pkg/x.gen.ts'));
  assert.ok(!ig(rules, 'pkg/keep.gen.ts'));
  assert.ok(ig(rules, 'keep.gen.ts'), 'the nested negation does not reach outside pkg');
  assert.ok(ig(rules, 'pkg/local.txt') && !ig(rules, 'local.txt') && !ig(rules, 'pkg/sub/local.txt'));
});

test('CRLF .gitignore files parse the same', () => {
  const r = parseGitignore('a.txt\r\nb/\r\n');
  assert.ok(ig(r, 'a.txt') && ig(r, 'b', true));
});

test('a hostile .gitignore pattern costs time in proportion to the path', () => {
  const r = parseGitignore('*a*a*a*a*a*a*a*a*a*.zz\n**/**/**/**/**/**/**/**/**/*.zz\n');
  assert.ok(!ig(r, `${'a'.repeat(80)}.ts`) && !ig(r, `${Array(30).fill('a').join('/')}/x.ts`));
  assertScalesLinearly('stars', (n) => `${'a'.repeat(n)}.ts`, (p) => assert.ok(!ig(r, p)), 80);
  assertScalesLinearly('globstars', (n) => `${Array(n).fill('a').join('/')}/x.ts`, (p) => assert.ok(!ig(r, p)), 30);
});
