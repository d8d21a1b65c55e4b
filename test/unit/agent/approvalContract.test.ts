// The API's one approval contract: `approve` is the single gate for edits and commands, `reviewEdit`
// the richer per-hunk variant for edits, and only a clear yes is a yes — a malformed answer, a throw
// or a callback that never answers is a no, and nothing is written or run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ApprovalRequest } from '../../../src/node/approval';
import { cleanup, exists, hermes, read, runSession } from './helpers';

const APP = 'export const answer = 41;\n';
const RUN = 'node -e "require(\'fs\').writeFileSync(\'ran.txt\', \'1\')"';

/** Every way a model changes a file: a new file, a rewrite, a patch, SEARCH/REPLACE blocks in prose. */
const EDITS = [
  { text: hermes('write_file', { path: 'new.ts', content: 'export const x = 1;\n' }) },
  { text: hermes('write_file', { path: 'app.ts', content: 'export const answer = 43;\n' }) },
  { text: hermes('patch', { path: 'app.ts', search: 'answer = 41', replace: 'answer = 42' }) },
  { text: 'app.ts\n```ts\n<<<<<<< SEARCH\nexport const answer = 41;\n=======\nexport const answer = 44;\n>>>>>>> REPLACE\n```' },
  { text: hermes('run', { command: RUN }) },
  { text: 'I was not allowed to change anything.' },
];

async function nothingChanges(label: string, options: Parameters<typeof runSession>[2]): Promise<void> {
  const s = await runSession('Change the answer.', EDITS, { files: { 'app.ts': APP }, ...options });
  try {
    assert.equal(read(s.root, 'app.ts'), APP, `${label}: app.ts unchanged`);
    assert.equal(exists(s.root, 'new.ts'), false, `${label}: no new file`);
    assert.equal(existsSync(join(s.root, 'ran.txt')), false, `${label}: the command did not run`);
    assert.deepEqual([...s.result.filesCreated, ...s.result.filesEdited], [], label);
    assert.equal(s.result.toolCalls.filter((c) => c.ok).length, 0, `${label}: no call succeeded`);
  } finally {
    cleanup(s.root);
  }
}

test('approve: () => false changes nothing: no write_file, patch, SEARCH/REPLACE block or command', async () => {
  await nothingChanges('approve false', { approve: () => false });
});

test('an answer that is not a clear yes is a no', async () => {
  const answers: [string, () => unknown][] = [
    ['{approved: "no"}', () => ({ approved: 'no' })],
    ['{approved: 1}', () => ({ approved: 1 })],
    ['{kind: "reject"}', () => ({ kind: 'reject' })],
    ['"yes"', () => 'yes'],
    ['undefined', () => undefined],
    ['a throw', () => { throw new Error('callback crashed'); }],
    ['a rejected promise', () => Promise.reject(new Error('nope'))],
  ];
  for (const [label, answer] of answers) {
    await nothingChanges(`approve → ${label}`, { approve: answer as never });
    await nothingChanges(`approve + reviewEdit → ${label}`, { approve: answer as never, reviewEdit: answer as never });
  }
});

test('a callback that never answers is a no once the approval time-out passes', async () => {
  await nothingChanges('never answers', { approve: () => new Promise(() => {}), approvalTimeoutMs: 50 });
});

test('approve receives typed requests: an edit with its diff, a command with its warnings', async () => {
  const seen: ApprovalRequest[] = [];
  const s = await runSession('Change the answer and test.', [
    { text: hermes('patch', { path: 'app.ts', search: 'answer = 41', replace: 'answer = 42' }) },
    { text: hermes('run', { command: RUN }) },
    { text: 'Done.' },
  ], { files: { 'app.ts': APP }, approve: (r) => { seen.push(r); return true; } });
  try {
    assert.equal(read(s.root, 'app.ts'), 'export const answer = 42;\n');
    assert.equal(read(s.root, 'ran.txt'), '1');
    assert.deepEqual(seen.map((r) => r.kind), ['edit', 'command']);
    const edit = seen[0]!;
    assert.ok(edit.kind === 'edit');
    assert.equal(edit.path, 'app.ts');
    assert.equal(edit.original, APP);
    assert.equal(edit.proposed, 'export const answer = 42;\n');
    assert.match(edit.diff, /^@@ -1 \+1 @@\n-export const answer = 41;\n\+export const answer = 42;$/m);
    const command = seen[1]!;
    assert.ok(command.kind === 'command');
    assert.equal(command.command, RUN);
    // the program writes a file, and where an inline program writes is not read out of its JavaScript
    assert.equal(command.warnings.length, 1, JSON.stringify(command.warnings));
    assert.match(command.warnings[0]!, /runs inline code that writes files/);
  } finally {
    cleanup(s.root);
  }
});

test('reviewEdit decides edits when given (per hunk); approve still decides commands', async () => {
  let reviewed = 0;
  const kinds: string[] = [];
  const s = await runSession('Change the answer and test.', [
    { text: hermes('patch', { path: 'app.ts', search: 'answer = 41', replace: 'answer = 42' }) },
    { text: hermes('run', { command: RUN }) },
    { text: 'Done.' },
  ], {
    files: { 'app.ts': APP },
    reviewEdit: () => { reviewed++; return { kind: 'accepted' }; },
    approve: (r) => { kinds.push(r.kind); return r.kind === 'command'; },
  });
  try {
    assert.equal(reviewed, 1);
    assert.deepEqual(kinds, ['command']);
    assert.equal(read(s.root, 'app.ts'), 'export const answer = 42;\n');
    assert.equal(read(s.root, 'ran.txt'), '1');
  } finally {
    cleanup(s.root);
  }
});

test('without any callback edits are applied (unattended) and commands never run', async () => {
  const s = await runSession('Change the answer and test.', [
    { text: hermes('patch', { path: 'app.ts', search: 'answer = 41', replace: 'answer = 42' }) },
    { text: hermes('run', { command: RUN }) },
    { text: 'Done.' },
  ], { files: { 'app.ts': APP } });
  try {
    assert.equal(read(s.root, 'app.ts'), 'export const answer = 42;\n');
    assert.equal(existsSync(join(s.root, 'ran.txt')), false);
  } finally {
    cleanup(s.root);
  }
});

// The check command runs what package.json says: a model that rewrites the script would run its own
// code right after the edit, never asking. Such files wait for approval even when edits are unattended.
const PACKAGE = '{\n  "name": "demo",\n  "scripts": { "check": "node check.js" }\n}\n';
const PWNED = '{\n  "name": "demo",\n  "scripts": { "check": "node -e \\"require(\'fs\').writeFileSync(\'pwned.txt\', \'1\')\\"" }\n}\n';

test('an unattended run cannot change what the check command runs (package.json, node_modules)', async () => {
  const s = await runSession('Fix the check.', [
    { text: hermes('write_file', { path: 'package.json', content: PWNED }) },
    { text: hermes('write_file', { path: 'node_modules/demo/index.js', content: 'require("fs").writeFileSync("pwned.txt", "1");\n' }) },
    { text: hermes('patch', { path: 'app.js', search: 'let x = 1;', replace: 'let x = 2;' }) },
    { text: 'Done.' },
  ], { files: { 'package.json': PACKAGE, 'check.js': 'console.log("ok");\n', 'app.js': 'let x = 1;\n' }, checkCommand: 'npm run -s check' });
  try {
    assert.equal(read(s.root, 'package.json'), PACKAGE);
    assert.equal(exists(s.root, 'node_modules/demo/index.js'), false);
    assert.equal(read(s.root, 'app.js'), 'let x = 2;\n', 'ordinary edits are still applied unattended');
    assert.equal(existsSync(join(s.root, 'pwned.txt')), false, 'the check never ran model-written code');
    assert.match(s.sent(1), /rejected this edit to package\.json: package\.json decides what the project's commands run .*nobody can approve it/);
  } finally {
    cleanup(s.root);
  }
});

test('with a callback, an edit to package.json is asked about and says why', async () => {
  const seen: ApprovalRequest[] = [];
  const s = await runSession('Fix the check.', [
    { text: hermes('write_file', { path: 'package.json', content: PWNED }) },
    { text: 'Done.' },
  ], { files: { 'package.json': PACKAGE }, approve: (r) => { seen.push(r); return { approved: false, reason: 'not without review.' }; } });
  try {
    assert.equal(read(s.root, 'package.json'), PACKAGE);
    assert.equal(seen.length, 1);
    assert.ok(seen[0]!.kind === 'edit' && /decides what the project's commands run/.test(seen[0]!.runsCommands ?? ''));
    assert.match(s.sent(1), /rejected this edit to package\.json: not without review\. Nothing was changed/);
  } finally {
    cleanup(s.root);
  }
});
