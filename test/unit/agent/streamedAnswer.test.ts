// An answer that opens like a call to a function that is not a tool ("mul() now…") streams as it comes,
// instead of staying hidden until the reply ends; a call to a real tool still never shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, runSession } from './helpers';

const deltas = (events: { type: string }[]) => events.filter((e): e is { type: 'text'; delta: string } => e.type === 'text').map((e) => e.delta);

test('an answer opening with code streams in pieces', async () => {
  const answer = 'mul() now doubles its input, and its test passes.';
  const s = await runSession('What changed?', [{ text: answer, chunkSize: 8 }]);
  try {
    assert.equal(s.result.success, true, s.result.error);
    const d = deltas(s.events);
    assert.equal(d.join(''), answer);
    assert.ok(d.length > 2, `streamed in ${d.length} pieces`);
  } finally {
    cleanup(s.root);
  }
});

test('a bare pythonic call to a real tool is never shown', async () => {
  const s = await runSession('List files.', [
    { text: 'find_files(glob="**/*.md")', chunkSize: 4 },
    { text: 'There are none.' },
  ]);
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.deepEqual(s.result.toolCalls.map((c) => c.name), ['find_files']);
    assert.ok(!deltas(s.events).join('').includes('find_files'));
  } finally {
    cleanup(s.root);
  }
});
