// Which patch calls of one reply keep their start_line: the first edit of a file does; a later one of
// the same file (however its path is spelled), or any after a command, goes without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutStaleLineHints } from '../../../src/core/agent/staleLineHints';

const patch = (path: string, startLine: number) => ({ name: 'patch', arguments: { path, search: 'x', replace: 'y', start_line: startLine } });
const hints = (calls: { arguments: Record<string, unknown> }[]) => calls.map((c) => c.arguments.start_line ?? null);

test('a file\'s first patch keeps its line; a later one of the same file, however spelled, does not; other files keep theirs', () => {
  assert.deepEqual(hints(withoutStaleLineHints([patch('src/a.ts', 10), patch('src/b.ts', 20), patch('./src/a.ts', 30)])), [10, 20, null]);
  assert.deepEqual(hints(withoutStaleLineHints([{ name: 'write_file', arguments: { path: 'a.ts', content: '' } }, patch('a.ts', 5)])), [null, null]);
  assert.deepEqual(hints(withoutStaleLineHints([{ name: 'read_file', arguments: { path: 'a.ts' } }, patch('a.ts', 5)])), [null, 5], 'a read changes nothing');
});

test('after a command in the same reply no patch keeps its line: the command may have changed any file (sed -i, a formatter)', () => {
  const calls = withoutStaleLineHints([patch('a.ts', 3), { name: 'run', arguments: { command: "sed -i 's/x/y/' b.ts" } }, patch('b.ts', 7), patch('c.ts', 9)]);
  assert.deepEqual(hints(calls), [3, null, null, null]);
  assert.equal(calls[1]!.arguments.command, "sed -i 's/x/y/' b.ts", 'other calls are untouched');
});
