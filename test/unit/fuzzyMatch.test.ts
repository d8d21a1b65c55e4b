import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzyMatch, fuzzyRank } from '../../src/core/fuzzyMatch';
import { assertScalesLinearly } from '../support/linear';

const PATHS = [
  'src/core/agent/loop.ts',
  'src/webview/main.ts',
  'src/extension/chatViewProvider.ts',
  'src/shared/chatProtocol.ts',
  'test/unit/fuzzyMatch.test.ts',
  'src/core/fuzzyMatch.ts',
  'docs/deep/nested/folder/main.ts',
  'README.md',
];
const rank = (query: string) => fuzzyRank(query, PATHS, (p) => p).map((r) => r.item);

test('characters must appear in order, case-insensitively', () => {
  assert.ok(fuzzyMatch('cvp', 'src/extension/chatViewProvider.ts'));
  assert.ok(fuzzyMatch('CHATVIEW', 'src/extension/chatViewProvider.ts'));
  assert.equal(fuzzyMatch('pvc', 'src/extension/chatViewProvider.ts'), undefined);
  assert.equal(fuzzyMatch('xyz', 'src/webview/main.ts'), undefined);
  assert.equal(fuzzyMatch('a-much-longer-query-than-the-path', 'a.ts'), undefined);
});

test('an empty query matches everything with score 0', () => {
  assert.deepEqual(fuzzyMatch('', 'anything'), { score: 0, matches: [] });
  assert.equal(rank('').length, PATHS.length);
});

test('the matched indices point at the query characters', () => {
  const match = fuzzyMatch('cvp', 'src/extension/chatViewProvider.ts')!;
  const path = 'src/extension/chatViewProvider.ts';
  assert.equal(match.matches.map((i) => path[i]!.toLowerCase()).join(''), 'cvp');
  // The camelCase humps, not the first c, v, p met.
  assert.deepEqual(match.matches, [path.indexOf('chat'), path.indexOf('View'), path.indexOf('Provider')]);
});

test('word and segment starts beat scattered characters', () => {
  assert.equal(rank('cvp')[0], 'src/extension/chatViewProvider.ts');
  assert.equal(rank('fm')[0], 'src/core/fuzzyMatch.ts');
  assert.equal(rank('chatpro')[0], 'src/shared/chatProtocol.ts');
});

test('a match in the file name beats one spread over folders, and shorter paths win ties', () => {
  assert.equal(rank('main')[0], 'src/webview/main.ts');
  assert.equal(rank('readme')[0], 'README.md');
});

test('consecutive characters score higher than the same characters apart', () => {
  const together = fuzzyMatch('loop', 'src/loop.ts')!;
  const apart = fuzzyMatch('loop', 'src/l-o-o-p.ts')!;
  assert.ok(together.score > apart.score);
});

test('fuzzyRank respects the limit and keeps only matches', () => {
  assert.equal(fuzzyRank('ts', PATHS, (p) => p, 3).length, 3);
  assert.deepEqual(rank('zzz'), []);
});

test('ranking paths costs time in proportion to their number', () => {
  const paths = (n: number) => Array.from({ length: n }, (_, i) => `src/module${i % 50}/sub${i % 7}/someFileName${i}.ts`).join('\n');
  assert.ok(fuzzyRank('smfn42', paths(5000).split('\n'), (p) => p, 20).length > 0);
  assertScalesLinearly('paths', paths, (text) => fuzzyRank('smfn42', text.split('\n'), (p) => p, 20), 500);
});
