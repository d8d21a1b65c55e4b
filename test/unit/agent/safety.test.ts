// What the loop must never do: write an edit the user rejected, touch a path outside the
// workspace, or leave a partial edit behind when the run is cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, exists, filesOf, hermes, read, runSession } from './helpers';

const APP = 'export const greeting = "hello";\nexport const answer = 41;\n';

test('a rejected edit is never written and the reason goes back to the model', async () => {
  const proposals: string[] = [];
  const s = await runSession('Make answer 42.', [
    { text: hermes('patch', { path: 'app.ts', search: 'answer = 41', replace: 'answer = 42' }) },
    { text: 'The user rejected the change, so I left app.ts as it is.' },
  ], {
    files: { 'app.ts': APP },
    reviewEdit: (edit) => {
      proposals.push(edit.proposed);
      return { kind: 'rejected', reason: 'keep 41, it is a test fixture' };
    },
  });
  try {
    assert.equal(proposals.length, 1);
    assert.match(proposals[0]!, /answer = 42/);
    assert.equal(read(s.root, 'app.ts'), APP);
    assert.match(s.sent(1), /rejected this edit to app\.ts: keep 41, it is a test fixture/);
    assert.deepEqual(s.result.filesEdited, []);
    assert.ok(s.events.some((e) => e.type === 'edit-rejected'));
    assert.ok(!s.events.some((e) => e.type === 'edit-accepted'));
  } finally {
    cleanup(s.root);
  }
});

test('a partially accepted edit writes exactly the accepted content', async () => {
  const s = await runSession('Change both constants.', [
    { text: hermes('write_file', { path: 'app.ts', content: 'export const greeting = "hi";\nexport const answer = 42;\n' }) },
    { text: 'Done.' },
  ], {
    files: { 'app.ts': APP },
    reviewEdit: () => ({ kind: 'partial', content: 'export const greeting = "hello";\nexport const answer = 42;\n', reason: 'rejected by the user: hunk 2 of 2 (line 2)' }),
  });
  try {
    assert.equal(read(s.root, 'app.ts'), 'export const greeting = "hello";\nexport const answer = 42;\n');
    assert.match(s.sent(1), /accepted only part of your edit \(rejected by the user: hunk 2 of 2 \(line 2\)\)/);
  } finally {
    cleanup(s.root);
  }
});

test('an edit accepted in full that the save then changed (format on save) is reported accepted, with the file as saved', async () => {
  const saved = 'export const greeting = "hello";\nexport const answer = 42;\n';
  const s = await runSession('Make answer 42.', [
    { text: hermes('patch', { path: 'app.ts', search: 'answer = 41', replace: 'answer  =  42' }) },
    { text: 'Done.' },
  ], {
    files: { 'app.ts': APP },
    reviewEdit: () => ({ kind: 'partial', content: saved, reason: 'every hunk was accepted; saving the file then changed it further', allAccepted: true }),
  });
  try {
    assert.equal(read(s.root, 'app.ts'), saved);
    assert.match(s.sent(1), /Edited app\.ts\. The user accepted all of it, and the file still differs from your edit \(every hunk was accepted; saving the file then changed it further\)/);
    assert.doesNotMatch(s.sent(1), /only part/);
  } finally {
    cleanup(s.root);
  }
});

test('an edit to a protected path (.vscode, .git) is refused before the user is asked to review it', async () => {
  let asked = 0;
  const s = await runSession('Add a task.', [
    { text: hermes('write_file', { path: '.vscode/tasks.json', content: '{"version": "2.0.0"}' }) },
    { text: 'I could not change the editor configuration.' },
  ], { reviewEdit: () => { asked++; return { kind: 'accepted' }; } });
  try {
    assert.equal(asked, 0, 'the review was not asked');
    assert.equal(exists(s.root, '.vscode/tasks.json'), false);
    assert.match(s.sent(1), /does not change it/);
  } finally {
    cleanup(s.root);
  }
});

test('paths outside the workspace are refused: .., absolute, and a symlink out', async () => {
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-outside-')));
  const s = await runSession('Write some files.', (_req, i) => [
    { text: hermes('write_file', { path: '../escape.txt', content: 'x' }) },
    { text: hermes('write_file', { path: join(outside, 'abs.txt'), content: 'x' }) },
    { text: hermes('write_file', { path: 'link/evil.txt', content: 'x' }) },
    { text: hermes('read_file', { path: '../../etc/passwd' }) },
    { text: 'I could not write outside the project.' },
  ][i]!, {
    files: { 'keep.txt': 'k' },
    onAgent: (agent) => symlinkSync(outside, join(agent.workspace.root, 'link')),
  });
  try {
    assert.deepEqual(filesOf(outside), {});
    assert.ok(!existsSync(join(s.root, '..', 'escape.txt')));
    assert.equal(s.result.toolCalls.filter((c) => c.ok).length, 0);
    assert.deepEqual(s.result.filesCreated, []);
    assert.equal(read(s.root, 'keep.txt'), 'k');
  } finally {
    cleanup(s.root);
    rmSync(outside, { recursive: true, force: true });
  }
});

test('cancelling while an edit waits for review leaves the file unchanged', async () => {
  const controller = new AbortController();
  const s = await runSession('Make answer 42.', [
    { text: hermes('patch', { path: 'app.ts', search: 'answer = 41', replace: 'answer = 42' }) },
    { text: 'Done.' },
  ], {
    files: { 'app.ts': APP },
    signal: controller.signal,
    reviewEdit: async () => {
      controller.abort();
      return { kind: 'accepted' }; // the user clicks accept just as the run is cancelled
    },
  });
  try {
    assert.equal(s.result.stopReason, 'cancelled');
    assert.equal(s.result.success, false);
    assert.equal(read(s.root, 'app.ts'), APP);
    assert.equal(s.server.chatRequests.length, 1);
  } finally {
    cleanup(s.root);
  }
});

test('cancelling mid-stream (in the middle of a call) writes nothing', async () => {
  const controller = new AbortController();
  const s = await runSession('Create x.txt.', [
    { text: hermes('write_file', { path: 'x.txt', content: 'partial?' }), chunkSize: 4, chunkDelayMs: 15 },
  ], {
    signal: controller.signal,
    onAgent: (agent) => agent.on('turn-start', () => setTimeout(() => controller.abort(), 60)),
  });
  try {
    assert.equal(s.result.stopReason, 'cancelled');
    assert.deepEqual(filesOf(s.root), {});
  } finally {
    cleanup(s.root);
  }
});

test('commands do not run without approval; approved ones do', async () => {
  const script = [
    { text: hermes('run', { command: 'node -e "require(\'fs\').writeFileSync(\'ran.txt\', \'1\')"' }) },
    { text: 'Done.' },
  ];
  const denied = await runSession('Run it.', script);
  try {
    assert.equal(existsSync(join(denied.root, 'ran.txt')), false);
    assert.match(denied.sent(1), /Command not run/);
  } finally {
    cleanup(denied.root);
  }
  const approved = await runSession('Run it.', script, { approve: () => true });
  try {
    assert.equal(read(approved.root, 'ran.txt'), '1');
    assert.match(approved.sent(1), /exit code 0/);
  } finally {
    cleanup(approved.root);
  }
});
