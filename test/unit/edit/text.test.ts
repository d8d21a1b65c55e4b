// Line helpers the engine shares (one implementation each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankEdges, countNewlines, inLineEndings, trimBlankEdges } from '../../../src/core/edit/text';
import { applySearchReplace } from '../../../src/core/edit';

test('countNewlines counts all newlines, or those before an offset', () => {
  assert.equal(countNewlines(''), 0);
  assert.equal(countNewlines('a\r\nb\nc'), 2);
  assert.equal(countNewlines('a\nb\nc\n', 2), 1);
});

test('inLineEndings gives the model text the file\'s line endings either way; a lone CR is content and stays', () => {
  assert.equal(inLineEndings('a\r\nb\nc\rd\r\n', '\n'), 'a\nb\nc\rd\n');
  assert.equal(inLineEndings('a\r\nb\nc\rd\n', '\r\n'), 'a\r\nb\r\nc\rd\r\n');
});

test('blankEdges counts blank lines at each end within limits; an all-blank list is all head', () => {
  assert.deepEqual(blankEdges(['', ' ', 'x', '', 'y', '\t', '']), { head: 2, tail: 2 });
  assert.deepEqual(blankEdges(['', '', 'x', ''], { head: 1, tail: 0 }), { head: 1, tail: 0 });
  assert.deepEqual(blankEdges(['', '  ']), { head: 2, tail: 0 });
  assert.deepEqual(trimBlankEdges(['', 'x', '', 'y', ' ']), ['x', '', 'y']);
});

test('SEARCH with blank edge lines the file lacks applies, dropping the same edges from REPLACE', () => {
  const r = applySearchReplace('a\nb\nc\n', '\nb\n\n', '\nB\n\n');
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.content, 'a\nB\nc\n');
});
