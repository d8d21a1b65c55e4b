// Undo a run: a scripted session edits two files and creates a third through the headless API;
// `agent.undo(result.checkpoint)` restores both and deletes the new one, byte for byte — and refuses,
// file by file, where the file changed after the run (unless forced), and as a whole, before any
// write, where a file of the run cannot be read any more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { join } from 'node:path';
import { cleanup, exists, filesOf, hermes, read, runSession, tempWorkspace } from './helpers';
import { startReplayServer } from '../../support/replayServer';
import { SmallCode } from '../../../src/node/smallCode';
import { CheckpointRecorder, changedSince, undoCheckpoint } from '../../../src/core/agent/checkpoint';

const FILES = { 'a.js': 'const a = 1;\n', 'b.js': 'const b = 1;\r\nmodule.exports = { b };\r\n', 'keep.txt': 'untouched\n' };
const SCRIPT = [
  { text: hermes('patch', { path: 'a.js', search: 'const a = 1;', replace: 'const a = 2;' }) },
  { text: hermes('patch', { path: 'b.js', search: 'const b = 1;', replace: 'const b = 2;' }) },
  { text: hermes('patch', { path: 'a.js', search: 'const a = 2;', replace: 'const a = 3;' }) },
  { text: hermes('write_file', { path: 'lib/new.js', content: 'export const n = 1;\n' }) },
  { text: 'Done: a is 3, b is 2, and lib/new.js exists.' },
];

/** Why an undo leaves a file that holds changes not the run's (until the user says to restore it). */
const REASON = 'it has changes made while the run went on that are not the run\'s edits';

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

test('a file of the run that cannot be read any more refuses the whole undo, forced or not; nothing is touched', async () => {
  const root = tempWorkspace(FILES);
  try {
    const { agent, result } = await runScripted(root);
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    writeFileSync(join(root, 'b.js'), binary); // exists, but no longer text: not "absent", not "changed"
    const left = filesOf(root);
    for (const force of [[], ['b.js']]) {
      await assert.rejects(agent.undo(result.checkpoint!, { force }), (error: Error) => {
        assert.match(error.message, /^b\.js could not be read \(b\.js is a binary file; it cannot be read as text\); nothing was changed\.$/);
        return true;
      });
      assert.deepEqual(filesOf(root), left, 'a.js and lib/new.js are left as the run left them');
    }
  } finally {
    cleanup(root);
  }
});

test('a file that cannot be read at the end of the run is marked unreadable; the checkpoint does not fail, and an undo always asks about it', async () => {
  const recorder = new CheckpointRecorder();
  recorder.proposed('a.js', 'old\n');
  recorder.accepted('a.js');
  recorder.proposed('new.js', null);
  recorder.accepted('new.js');
  const unreadable = new Error('a.js is a binary file; it cannot be read as text.');
  const checkpoint = await recorder.finish(async (path) => { if (path === 'a.js') throw unreadable; return 'n\n'; });
  assert.deepEqual(checkpoint.files, [{ path: 'a.js', before: 'old\n', after: null, unreadableAfter: true }, { path: 'new.js', before: null, after: 'n\n' }]);
  // Still unreadable at undo time: refused. Readable again: its text is not the recorded null, so it counts as changed.
  await assert.rejects(changedSince(checkpoint, { read: async (path) => { if (path === 'a.js') throw unreadable; return 'n\n'; } }), /^Error: a\.js could not be read/);
  assert.deepEqual(await changedSince(checkpoint, { read: async () => 'n\n' }), ['a.js']);
  // Deleted by the user since: not "still as the run left it" (the run did not leave it gone), so the undo asks.
  assert.deepEqual(await changedSince(checkpoint, { read: async (path) => (path === 'a.js' ? null : 'n\n') }), ['a.js']);
  const deletedSince = { read: async (path: string) => (path === 'a.js' ? null : 'n\n'), write: async () => assert.fail('nothing restored unasked'), delete: async () => undefined };
  const undone = await undoCheckpoint(checkpoint, deletedSince);
  assert.deepEqual(undone.skipped, [{ path: 'a.js', reason: 'changed since the run' }]);
  assert.deepEqual(undone.deleted, ['new.js']);
});

test('undoing a run asks about (never silently drops) a line the user typed while the run\'s edit waited for review', async () => {
  const original = 'function sum(values) {\n  let total = 0;\n  for (let i = 0; i <= values.length; i++) total += values[i];\n  return total;\n}\n';
  const userLine = '// the user typed this while the edit waited\n';
  const root = tempWorkspace({ 'sum.js': original });
  let agent: SmallCode | undefined;
  try {
    const s = await runSession('Fix the loop bound', [
      { text: hermes('patch', { path: 'sum.js', search: 'i <= values.length', replace: 'i < values.length' }) },
      { text: 'Fixed.' },
    ], {
      root,
      onAgent: (a) => { agent = a; },
      // What VS Code's review does: the user types a line, then accepts the hunk, which the review
      // applies to the document as it is now and saves; the proposer gets the file as it was left.
      reviewEdit: (edit) => {
        const final = `${userLine}${edit.proposed}`;
        writeFileSync(join(root, 'sum.js'), final);
        return { kind: 'partial', content: final, reason: 'the hunk was applied to the file as it is now' };
      },
    });
    const left = `${userLine}${original.replace('i <= values', 'i < values')}`;
    assert.equal(read(root, 'sum.js'), left);
    assert.deepEqual(await changedSince(s.result.checkpoint!, { read: async (p) => read(root, p) }), ['sum.js'], 'an undo asks before restoring it');
    const undone = await agent!.undo(s.result.checkpoint!);
    assert.ok(read(root, 'sum.js').includes(userLine) || undone.skipped.length === 1, `undo: ${JSON.stringify(undone)}; file: ${JSON.stringify(read(root, 'sum.js'))}`);
    assert.deepEqual(undone.skipped, [{ path: 'sum.js', reason: REASON }]);
    assert.equal(read(root, 'sum.js'), left);
  } finally {
    cleanup(root);
  }
});

test('a review that applied only some hunks, and nothing else, leaves the undo free to restore the file', async () => {
  const original = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join('');
  const root = tempWorkspace({ 'f.txt': original });
  let agent: SmallCode | undefined;
  try {
    const onlyFirst = original.replace('line 3\n', 'line 3 changed\n');
    const s = await runSession('Change lines 3 and 16', [
      { text: hermes('write_file', { path: 'f.txt', content: onlyFirst.replace('line 16\n', 'line 16 changed\n') }) },
      { text: 'Done.' },
    ], {
      root,
      onAgent: (a) => { agent = a; },
      reviewEdit: () => ({ kind: 'partial', content: onlyFirst, reason: 'rejected by the user: hunk 2 of 2' }),
    });
    assert.equal(read(root, 'f.txt'), onlyFirst);
    const undone = await agent!.undo(s.result.checkpoint!);
    assert.deepEqual(undone.restored, ['f.txt']);
    assert.equal(read(root, 'f.txt'), original);
  } finally {
    cleanup(root);
  }
});

// The user keeps working while the run goes on (small models take minutes): here they change a.js
// while the run's next edit, to b.js, waits for review — after the run's edit of a.js was accepted.
const userTypesInA = (root: string, line: string) => (edit: { path: string }) => {
  if (edit.path === 'b.js') writeFileSync(join(root, 'a.js'), `${read(root, 'a.js')}${line}`);
  return { kind: 'accepted' as const };
};

test('undoing a run asks about (never silently drops) what the user typed in a file after the run\'s edit of it was accepted', async () => {
  const root = tempWorkspace(FILES);
  const userLine = '// typed while the run went on\n';
  let agent: SmallCode | undefined;
  try {
    const s = await runSession('Change a and b', SCRIPT.slice(0, 2).concat({ text: 'Done.' }), {
      root, onAgent: (a) => { agent = a; }, reviewEdit: userTypesInA(root, userLine),
    });
    const left = `const a = 2;\n${userLine}`;
    assert.equal(read(root, 'a.js'), left);
    assert.deepEqual(await changedSince(s.result.checkpoint!, { read: async (p) => read(root, p) }), ['a.js'], 'an undo asks before restoring it');
    const undone = await agent!.undo(s.result.checkpoint!);
    assert.deepEqual(undone, { restored: ['b.js'], deleted: [], skipped: [{ path: 'a.js', reason: REASON }] });
    assert.equal(read(root, 'a.js'), left, 'the user\'s line is kept');
  } finally {
    cleanup(root);
  }
});

test('undoing a run asks about what the user typed between two of the run\'s edits of one file (the second edit was made on top of it)', async () => {
  const root = tempWorkspace(FILES);
  const userLine = '// typed between the run\'s edits\n';
  let agent: SmallCode | undefined;
  try {
    // a.js is edited, then b.js (the user types in a.js meanwhile), then a.js again, from the text with the typing.
    const s = await runSession('Change a and b', SCRIPT.slice(0, 3).concat({ text: 'Done.' }), {
      root, onAgent: (a) => { agent = a; }, reviewEdit: userTypesInA(root, userLine),
    });
    const left = `const a = 3;\n${userLine}`;
    assert.equal(read(root, 'a.js'), left, 'the run left the file as the second edit wrote it');
    assert.deepEqual(s.result.checkpoint!.files.find((f) => f.path === 'a.js'), { path: 'a.js', before: FILES['a.js'], after: left, changedOutsideRun: true });
    const undone = await agent!.undo(s.result.checkpoint!);
    assert.deepEqual(undone.skipped, [{ path: 'a.js', reason: REASON }]);
    assert.equal(read(root, 'a.js'), left, 'the user\'s line is kept');
    assert.deepEqual((await agent!.undo(s.result.checkpoint!, { force: ['a.js'] })).restored, ['a.js'], 'restored when the user says so');
    assert.equal(read(root, 'a.js'), FILES['a.js']);
  } finally {
    cleanup(root);
  }
});

test('a file the run left as its own writes left it is restored without a question, even when edited twice', async () => {
  const root = tempWorkspace(FILES);
  let agent: SmallCode | undefined;
  try {
    const s = await runSession('Change a and b', SCRIPT.slice(0, 3).concat({ text: 'Done.' }), {
      root, onAgent: (a) => { agent = a; }, reviewEdit: () => ({ kind: 'accepted' }),
    });
    assert.deepEqual(s.result.checkpoint!.files.map((f) => f.changedOutsideRun), [undefined, undefined]);
    assert.deepEqual(await agent!.undo(s.result.checkpoint!), { restored: ['a.js', 'b.js'], deleted: [], skipped: [] });
    assert.equal(read(root, 'a.js'), FILES['a.js']);
  } finally {
    cleanup(root);
  }
});

test('what the run\'s own command does to its files (a formatter after the edit) is the run\'s: Undo restores without a question', async () => {
  const root = tempWorkspace(FILES);
  let agent: SmallCode | undefined;
  try {
    const format = `node -e "const fs=require('fs');fs.writeFileSync('a.js',fs.readFileSync('a.js','utf8').replace('const a = 2;','const a = 2; // formatted'))"`;
    const s = await runSession('Change a, then format it', [SCRIPT[0]!, { text: hermes('run', { command: format }) }, { text: 'Done.' }], {
      root, onAgent: (a) => { agent = a; }, approve: () => true,
    });
    assert.equal(read(root, 'a.js'), 'const a = 2; // formatted\n');
    assert.deepEqual(s.result.checkpoint!.files, [{ path: 'a.js', before: FILES['a.js'], after: 'const a = 2; // formatted\n' }]);
    assert.deepEqual(await agent!.undo(s.result.checkpoint!), { restored: ['a.js'], deleted: [], skipped: [] });
    assert.equal(read(root, 'a.js'), FILES['a.js']);
  } finally {
    cleanup(root);
  }
});

test('typing in a file of the run before its command runs is still the user\'s: Undo asks', async () => {
  const root = tempWorkspace(FILES);
  const userLine = '// typed before the command\n';
  try {
    const s = await runSession('Change a, then check', [SCRIPT[0]!, { text: hermes('run', { command: 'echo checked' }) }, { text: 'Done.' }], {
      root, reviewEdit: () => ({ kind: 'accepted' as const }),
      approve: () => { writeFileSync(join(root, 'a.js'), `${read(root, 'a.js')}${userLine}`); return true; }, // asked for the command only
    });
    assert.equal(s.result.checkpoint!.files[0]!.changedOutsideRun, true);
  } finally {
    cleanup(root);
  }
});

test('what an MCP tool of the run does to its files is the run\'s too, as a command\'s is', async () => {
  const root = tempWorkspace(FILES);
  try {
    const format = {
      definition: { name: 'format_file', description: 'Format a file', category: 'mcp:fmt' as const, schema: z.object({ path: z.string() }), mcp: { server: 'fmt', tool: 'format_file' } },
      async execute() { writeFileSync(join(root, 'a.js'), 'const a = 2; // formatted\n'); return { ok: true, content: 'formatted' }; },
    };
    const s = await runSession('Change a, then format it', [SCRIPT[0]!, { text: hermes('mcp_call', { tool: 'format_file', arguments: { path: 'a.js' } }) }, { text: 'Done.' }], {
      root, onAgent: (agent) => { (agent as unknown as { mcp: unknown }).mcp = { name: 'fmt', async tools() { return [format]; } }; },
    });
    assert.deepEqual(s.result.checkpoint!.files, [{ path: 'a.js', before: FILES['a.js'], after: 'const a = 2; // formatted\n' }]);
  } finally {
    cleanup(root);
  }
});
