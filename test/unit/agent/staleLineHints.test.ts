// Which patch calls of one reply keep their start_line: the first edit of a file does; a later one of
// the same file (however its path is spelled), or any after a command, goes without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutStaleLineHints } from '../../../src/core/agent/staleLineHints';
import { cleanup, hermes, read, runSession, type Session } from './helpers';

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

// Across turns: `reset(state);\n  save(state);` in first() (lines 3–4) and second() (lines 15–16). The model
// reads the file, adds 12 import lines at the top, then patches with start_line 15, the number it read for
// second(). first()'s copy now sits at 16, the line nearest the hint.
const TWICE = ['function first() {', '  init();', '  reset(state);', '  save(state);', '}', '', '// a', '// b', '// c', '// d', '// e', '', 'function second() {', '  init();', '  reset(state);', '  save(state);', '}', ''].join('\n');
const IMPORTS = { path: 'src/s.js', search: 'function first() {', replace: `${Array.from({ length: 12 }, (_, i) => `import m${i} from "m${i}";`).join('\n')}\n\nfunction first() {` };
const flushAt = (startLine: number) => ({ path: 'src/s.js', search: '  reset(state);\n  save(state);', replace: '  reset(state);\n  save(state, { flush: true });', start_line: startLine });
const fn = (text: string, name: string) => text.slice(text.indexOf(`function ${name}`), text.indexOf('\n}', text.indexOf(`function ${name}`)) + 2);
const toolEnds = (s: Session) => s.events.flatMap((e) => (e.type === 'tool-end' ? [e] : []));

test('a start_line read before an earlier turn\'s edit is not trusted: refused with the current places, and the current line then applies', async () => {
  const s = await runSession('Add the imports, then make second() flush when it saves.', [
    { text: hermes('read_file', { path: 'src/s.js' }) },
    { text: hermes('patch', IMPORTS) },
    { text: hermes('patch', flushAt(15)) },
    // the model answers the refusal with the line it lists for second(): a number it has just seen
    { text: hermes('patch', flushAt(28)) },
    { text: 'Done: second() now flushes.' },
  ], { files: { 'src/s.js': TWICE } });
  try {
    const results = toolEnds(s);
    // Before the fix line 15 was first()'s copy by then, and the hint picked it: the wrong function changed.
    assert.equal(results[2]?.ok, false, 'the stale hint is not decisive: refused, not applied to a guess');
    assert.match(results[2]?.content ?? '', /SEARCH matches 2 places \(lines 16–17, lines 28–29\)/);
    assert.equal(results[3]?.ok, true, results[3]?.content);
    const out = read(s.root, 'src/s.js');
    assert.ok(!fn(out, 'first').includes('flush'), fn(out, 'first'));
    assert.ok(fn(out, 'second').includes('save(state, { flush: true });'), fn(out, 'second'));
  } finally {
    cleanup(s.root);
  }
});

test('a read after the edit makes the file\'s line numbers current again: its start_line is trusted', async () => {
  const s = await runSession('Add the imports, then make second() flush when it saves.', [
    { text: hermes('read_file', { path: 'src/s.js' }) },
    { text: hermes('patch', IMPORTS) },
    { text: hermes('read_file', { path: './src/s.js' }) },
    { text: hermes('patch', flushAt(28)) },
    { text: 'Done.' },
  ], { files: { 'src/s.js': TWICE } });
  try {
    assert.equal(toolEnds(s)[3]?.ok, true, toolEnds(s)[3]?.content);
    const out = read(s.root, 'src/s.js');
    assert.ok(!fn(out, 'first').includes('flush') && fn(out, 'second').includes('flush: true'), out);
  } finally {
    cleanup(s.root);
  }
});

test('files written in earlier turns lose their line hints in a reply; others keep theirs', () => {
  assert.deepEqual(hints(withoutStaleLineHints([patch('./src/a.ts', 10), patch('src/b.ts', 20)], new Set(['src/a.ts']))), [null, 20]);
});
