// Undo a run: a scripted session edits two files and creates a third through the headless API;
// `agent.undo(result.checkpoint)` restores both and deletes the new one, byte for byte — and refuses,
// file by file, where the file changed after the run (unless forced).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, exists, filesOf, hermes, read, tempWorkspace } from './helpers';
import { startReplayServer } from '../../support/replayServer';
import { SmallCode } from '../../../src/node/smallCode';

const FILES = { 'a.js': 'const a = 1;\n', 'b.js': 'const b = 1;\r\nmodule.exports = { b };\r\n', 'keep.txt': 'untouched\n' };
const SCRIPT = [
  { text: hermes('patch', { path: 'a.js', search: 'const a = 1;', replace: 'const a = 2;' }) },
  { text: hermes('patch', { path: 'b.js', search: 'const b = 1;', replace: 'const b = 2;' }) },
  { text: hermes('patch', { path: 'a.js', search: 'const a = 2;', replace: 'const a = 3;' }) },
  { text: hermes('write_file', { path: 'lib/new.js', content: 'export const n = 1;\n' }) },
  { text: 'Done: a is 3, b is 2, and lib/new.js exists.' },
];

async function runScripted(root: string, script = SCRIPT) {
  const server = await startReplayServer({ script });
  const agent = new SmallCode({ baseUrl: server.baseUrl, workspace: root, contextWindow: 16_384, model: 'smollm3-3b', retries: 0 });
  try {
    return { agent, result: await agent.run('Change a and b, add lib/new.js') };
  } finally {
    await server.close();
  }
}

test('undo restores every changed file exactly and deletes the created one', async () => {
  const root = tempWorkspace(FILES);
  try {
    const before = filesOf(root);
    const { agent, result } = await runScripted(root);
    assert.equal(result.success, true, result.error);
    assert.equal(read(root, 'a.js'), 'const a = 3;\n');
    assert.deepEqual(result.checkpoint?.files.map((f) => [f.path, f.before]), [
      ['a.js', 'const a = 1;\n'], // the content before the run, not before the second edit
      ['b.js', FILES['b.js']],
      ['lib/new.js', null],
    ]);
    const undone = await agent.undo(result.checkpoint!);
    assert.deepEqual(undone, { restored: ['a.js', 'b.js'], deleted: ['lib/new.js'], skipped: [] });
    const after = filesOf(root);
    delete after['.gitignore']; // SmallCode's own state folder is ignored by Git; not part of the run
    for (const key of Object.keys(after)) if (key.startsWith('.smallcode/')) delete after[key];
    assert.deepEqual(after, before);
    assert.equal(exists(root, 'lib/new.js'), false);
  } finally {
    cleanup(root);
  }
});

test('a file changed since the run is skipped (and listed) unless forced; the others are undone', async () => {
  const root = tempWorkspace(FILES);
  try {
    const { agent, result } = await runScripted(root);
    writeFileSync(join(root, 'a.js'), 'const a = 3; // my own change\n');
    const undone = await agent.undo(result.checkpoint!);
    assert.deepEqual(undone.skipped, [{ path: 'a.js', reason: 'changed since the run' }]);
    assert.deepEqual(undone.restored, ['b.js']);
    assert.equal(read(root, 'a.js'), 'const a = 3; // my own change\n', 'the user\'s change is kept');
    assert.equal(read(root, 'b.js'), FILES['b.js']);
    const forced = await agent.undo(result.checkpoint!, { force: ['a.js'] });
    assert.deepEqual(forced.restored, ['a.js']);
    assert.equal(read(root, 'a.js'), FILES['a.js']);
  } finally {
    cleanup(root);
  }
});

test('a run that wrote nothing has no checkpoint', async () => {
  const root = tempWorkspace(FILES);
  try {
    const { result } = await runScripted(root, [{ text: 'Nothing to change.' }]);
    assert.equal(result.checkpoint, undefined);
  } finally {
    cleanup(root);
  }
});
