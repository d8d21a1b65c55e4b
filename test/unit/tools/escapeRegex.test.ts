import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeRegex } from '../../../src/core/text/escapeRegex';

test('an escaped string matches itself literally and nothing looser', () => {
  for (const s of ['foo(', 'a.b*c+d?', '^[x]{2}$', 'a|b', 'C:\\path\\file', '${x}', '(a+)+$']) {
    const re = new RegExp(`^${escapeRegex(s)}$`);
    assert.ok(re.test(s), s);
  }
  assert.ok(!new RegExp(escapeRegex('a.c')).test('abc'));
  assert.ok(!new RegExp(escapeRegex('a*')).test('aaa'));
});
