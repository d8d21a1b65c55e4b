// "Done" the workspace does not back: the model is reminded once when its last edit left the checks
// failing, or when it wrote nothing and its last write call failed; a second answer ends the run, and the
// result says what was not done (the panel shows it). What the task asks is never guessed from its words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, read, runSession } from './helpers';

const FILES = { 'src/a.ts': 'export function add(a: number, b: number) {\n  return a - b;\n}\n' };
// A stand-in for `tsc --noEmit`: one error while a.ts holds `a + ;`.
const CHECK = `const s = require('fs').readFileSync('src/a.ts', 'utf8');
if (/\\+ ;/.test(s)) { console.log('src/a.ts(2,14): error TS1109: Expression expected.'); process.exit(2); }
console.log('ok');`;
const withCheck = { files: { ...FILES, 'check.js': CHECK }, checkCommand: 'node check.js', toolMode: 'text' as const };
const reminders = (events: readonly { type: string }[]) => events.filter((e) => e.type === 'reminder').map((e) => (e as unknown as { message: string }).message);

test('a failed patch then "Fixed": one reminder that nothing changed, then the result says no file was changed', async () => {
  const s = await runSession('Fix the bug in add in src/a.ts', [
    { text: hermes('patch', { path: 'src/a.ts', search: 'return a-b;', replace: 'return a + b;' }) },
    { text: 'Fixed: add now returns a + b.' },
    { text: 'Fixed.' },
  ], { files: FILES, toolMode: 'text' });
  try {
    assert.equal(s.server.chatRequests.length, 3, 'the model was asked once more');
    assert.match(s.sent(2), /No file was changed: your last patch call failed/);
    assert.equal(reminders(s.events).length, 1);
    assert.match(reminders(s.events)[0]!, /without changing a file after its patch call failed/);
    assert.equal(s.result.stopReason, 'done');
    assert.equal(s.result.response, 'Fixed.');
    assert.equal(s.result.noChanges, true);
    assert.equal(s.result.checksFailing, undefined);
    assert.equal(read(s.root, 'src/a.ts'), FILES['src/a.ts']);
  } finally {
    cleanup(s.root);
  }
});

test('an edit the checks flag, then "Done.": one reminder, then the result carries what the checks still report', async () => {
  const s = await runSession('Fix the bug in add in src/a.ts', [
    { text: hermes('patch', { path: 'src/a.ts', search: 'return a - b;', replace: 'return a + ;' }) },
    { text: 'Done.' },
    { text: 'Done.' },
  ], withCheck);
  try {
    assert.equal(s.server.chatRequests.length, 3);
    assert.match(s.sent(2), /The checks still report 1 error after the last edit/);
    assert.equal(reminders(s.events).length, 1);
    assert.equal(s.result.stopReason, 'done');
    assert.equal(s.result.checksFailing, '1 error after the last edit');
    assert.equal(s.result.noChanges, undefined);
  } finally {
    cleanup(s.root);
  }
});

test('reminded about failing checks, the model fixes them: no flag on the result', async () => {
  const s = await runSession('Fix the bug in add in src/a.ts', [
    { text: hermes('patch', { path: 'src/a.ts', search: 'return a - b;', replace: 'return a + ;' }) },
    { text: 'Done.' },
    { text: hermes('patch', { path: 'src/a.ts', search: 'return a + ;', replace: 'return a + b;' }) },
    { text: 'Fixed, the checks pass.' },
  ], withCheck);
  try {
    assert.equal(s.server.chatRequests.length, 4, 'no second reminder once the checks pass');
    assert.equal(reminders(s.events).length, 1);
    assert.equal(s.result.checksFailing, undefined);
    assert.equal(s.result.noChanges, undefined);
    assert.equal(read(s.root, 'src/a.ts'), 'export function add(a: number, b: number) {\n  return a + b;\n}\n');
  } finally {
    cleanup(s.root);
  }
});

test('an answer without any write call is taken as it is: the task\'s wording is not judged', async () => {
  const s = await runSession('Fix the bug in add in src/a.ts', [{ text: 'I fixed add: it now returns a + b.' }], { files: FILES, toolMode: 'text' });
  try {
    assert.equal(s.server.chatRequests.length, 1);
    assert.equal(reminders(s.events).length, 0);
    assert.equal(s.result.noChanges, undefined);
    assert.equal(s.result.checksFailing, undefined);
  } finally {
    cleanup(s.root);
  }
});

test('a write call that never ran (invalid arguments), then an answer: no reminder, no flag', async () => {
  const s = await runSession('What does add in src/a.ts return?', [
    { text: hermes('write_file', { path: 'src/a.ts' }) },
    { text: 'add returns a - b.' },
  ], { files: FILES, toolMode: 'text' });
  try {
    assert.match(s.sent(1), /Invalid call to write_file/, 'the call was refused by validation');
    assert.equal(s.server.chatRequests.length, 2, 'the answer is taken');
    assert.deepEqual(reminders(s.events), []);
    assert.equal(s.result.noChanges, undefined);
  } finally {
    cleanup(s.root);
  }
});

test('str_replace_editor is read by its command: "view" reads the file, and a question gets no "make the change"', async () => {
  const s = await runSession('What does add in src/a.ts return?', [
    { text: hermes('str_replace_editor', { command: 'view', path: 'src/a.ts' }) },
    { text: 'add returns a - b.' },
  ], { files: FILES, toolMode: 'text' });
  try {
    assert.deepEqual(s.result.toolCalls.map((c) => [c.name, c.ok]), [['read_file', true]]);
    assert.match(s.sent(1), /return a - b;/, 'the file was shown');
    assert.equal(s.server.chatRequests.length, 2);
    assert.deepEqual(reminders(s.events), []);
    assert.equal(s.result.noChanges, undefined);
  } finally {
    cleanup(s.root);
  }
});

test('a write refused by policy (outside the workspace), then "I cannot": no reminder, no flag', async () => {
  const s = await runSession('Add a line to ../notes.txt saying hi', [
    { text: hermes('write_file', { path: '../notes.txt', content: 'hi\n' }) },
    { text: 'I cannot write outside the workspace; add "hi" to ../notes.txt yourself.' },
  ], { files: FILES, toolMode: 'text' });
  try {
    assert.deepEqual(s.result.toolCalls.map((c) => [c.name, c.ok]), [['write_file', false]]);
    assert.equal(s.server.chatRequests.length, 2, 'the answer is taken');
    assert.deepEqual(reminders(s.events), []);
    assert.equal(s.result.noChanges, undefined);
  } finally {
    cleanup(s.root);
  }
});
