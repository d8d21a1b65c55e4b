import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCallId } from '../../../src/core/agent/messages';

test('call ids stay distinct past 100,000 calls in one process, each 9 alphanumeric characters (Mistral\'s rule)', () => {
  const ids = Array.from({ length: 250_000 }, newCallId);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of [ids[0]!, ids[99_998]!, ids[99_999]!, ids[100_000]!, ids.at(-1)!]) assert.match(id, /^[a-zA-Z0-9]{9}$/, id);
});
