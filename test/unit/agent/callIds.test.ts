import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callIdsInUse, newCallId } from '../../../src/core/agent/messages';

test('call ids stay distinct past 100,000 calls in one process, each 9 alphanumeric characters (Mistral\'s rule)', () => {
  const ids = Array.from({ length: 250_000 }, newCallId);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of [ids[0]!, ids[99_998]!, ids[99_999]!, ids[100_000]!, ids.at(-1)!]) assert.match(id, /^[a-zA-Z0-9]{9}$/, id);
});

test('a conversation restored from another session: new ids go past the ones it holds', () => {
  const held = 'call0zzzz';
  callIdsInUse([
    { role: 'user', content: 'x' },
    { role: 'assistant', content: null, tool_calls: [{ id: held, type: 'function', function: { name: 'read_file', arguments: '{}' } }, { id: 'other-id', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: held, content: 'r' },
  ]);
  const next = newCallId();
  assert.ok(parseInt(next.slice(4), 36) > parseInt(held.slice(4), 36), next);
});
