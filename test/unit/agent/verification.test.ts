// Verification after edits (a check command here) and the plan that obeys it: errors go back to the
// model compactly, and a step is done only when the checks after the latest edit passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, read, runSession } from './helpers';
import { RunState } from '../../../src/core/agent/runState';
import { applyTodo } from '../../../src/core/plan';

// A stand-in for `tsc --noEmit`: reports a tsc-style error while app.js contains BUG.
const CHECK = `const s = require('fs').readFileSync('app.js', 'utf8');
if (s.includes('BUG')) { console.log("app.js(1,15): error TS2304: Cannot find name 'BUG'."); process.exit(2); }
console.log('ok');`;

test('check errors are fed back and block marking the step done until fixed', async () => {
  const todo = (s1: string, s2: string) => hermes('todo', { steps: [{ text: 'Set value to 2', state: s1 }, { text: 'Export it', state: s2 }] });
  const s = await runSession('Set value to 2 and export it.', [
    { text: todo('doing', 'pending') },
    { text: hermes('patch', { path: 'app.js', search: 'const value = 1;', replace: 'const value = BUG;' }) },
    { text: todo('done', 'pending') },
    { text: hermes('patch', { path: 'app.js', search: 'const value = BUG;', replace: 'const value = 2;\nmodule.exports = { value };' }) },
    { text: todo('done', 'done') },
    { text: 'value is 2 and exported.' },
  ], { files: { 'app.js': 'const value = 1;\n', 'check.js': CHECK }, checkCommand: 'node check.js' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'app.js'), 'const value = 2;\nmodule.exports = { value };\n');
    assert.match(s.sent(2), /Check found 1 error:\\napp\.js:1:15 error TS2304: Cannot find name 'BUG'/);
    assert.match(s.sent(3), /Step 1 is not done: 1 error after the last edit/);
    const verifications = s.events.filter((e) => e.type === 'verification').map((e) => (e as { passed: boolean }).passed);
    assert.deepEqual(verifications, [false, true]);
    const plans = s.events.filter((e) => e.type === 'plan-updated').map((e) => (e as any).plan);
    assert.equal(plans.length, 3);
    assert.equal(plans[1].steps[0].state, 'in_progress', 'done refused while the check fails');
    assert.equal(plans[2].done, 2);
    // the plan reaches the model as a note at the tail when it is not what the model wrote; the system prompt never changes
    const last = (i: number) => String(s.server.chatRequests[i]!.body.messages.at(-1).content);
    assert.doesNotMatch(last(1), /Plan \d/, 'the plan as the model wrote it is not repeated after its call');
    assert.match(last(3), /Plan 0\/2:\n\[>\] 1 Set value to 2 \(not verified: 1 error after the last edit\)/);
    assert.doesNotMatch(last(2), /Plan \d/, 'an unchanged plan is not repeated');
    assert.doesNotMatch(last(5), /Plan \d/, 'done once the check passed: as written');
    const systems = new Set(s.server.chatRequests.map((r) => JSON.stringify(r.body.messages[0])));
    assert.equal(systems.size, 1);
  } finally {
    cleanup(s.root);
  }
});

test('stopping with plan steps open gets one reminder', async () => {
  const s = await runSession('Two steps.', [
    { text: hermes('todo', { steps: [{ text: 'One', state: 'done' }, { text: 'Two', state: 'pending' }] }) },
    { text: 'All done.' },
    { text: 'Step two needs nothing after all.' },
  ]);
  try {
    assert.equal(s.result.success, true);
    assert.match(s.sent(2), /Your plan still has steps not done/);
    assert.equal(s.result.response, 'Step two needs nothing after all.');
    const reminders = s.events.filter((e) => e.type === 'reminder');
    assert.equal(reminders.length, 1, 'the nudge is shown to the user, not sent silently');
    assert.match((reminders[0] as { message: string }).message, /1 plan step not done/);
  } finally {
    cleanup(s.root);
  }
});

test('no reminder after the user rejected the run\'s edit: the rejection is their answer', async () => {
  const s = await runSession('Two steps.', [
    { text: hermes('todo', { steps: [{ text: 'Change app.js', state: 'doing' }, { text: 'Export it', state: 'pending' }] }) },
    { text: hermes('patch', { path: 'app.js', search: 'const value = 1;', replace: 'const value = 2;' }) },
    { text: 'You rejected the change, so I stop here.' },
  ], { files: { 'app.js': 'const value = 1;\n' }, reviewEdit: () => ({ kind: 'rejected', reason: 'not now' }) });
  try {
    assert.equal(s.result.success, true);
    assert.equal(s.result.response, 'You rejected the change, so I stop here.');
    assert.equal(s.server.chatRequests.length, 3, 'no fourth request to push the run on');
    assert.equal(s.events.some((e) => e.type === 'reminder'), false);
    assert.equal(read(s.root, 'app.js'), 'const value = 1;\n');
  } finally {
    cleanup(s.root);
  }
});

test('write_file refuses to rewrite a long file and placeholder content', async () => {
  const long = Array.from({ length: 120 }, (_, i) => `line ${i}`).join('\n') + '\n';
  const s = await runSession('Rewrite.', [
    { text: hermes('write_file', { path: 'long.txt', content: 'short' }) },
    { text: hermes('write_file', { path: 'small.js', content: 'function a() {\n  // ... existing code ...\n}\n' }) },
    { text: 'I will use patch instead.' },
    { text: 'Both files are as they were.' }, // after the reminder that nothing was written
  ], { files: { 'long.txt': long, 'small.js': 'function a() {\n  return 1;\n}\n' } });
  try {
    assert.equal(read(s.root, 'long.txt'), long);
    assert.equal(read(s.root, 'small.js'), 'function a() {\n  return 1;\n}\n');
    assert.match(s.sent(1), /already exists \(120 lines\)\. Use patch/);
    assert.match(s.sent(2), /placeholder line/);
  } finally {
    cleanup(s.root);
  }
});

test('a step marked done in the same reply as a failing edit is not done: the checks run before the todo', async () => {
  const step = (state: string) => hermes('todo', { steps: [{ text: 'Set value to 2', state }] });
  const edit = (search: string, replace: string) => hermes('patch', { path: 'app.js', search, replace });
  const s = await runSession('Set value to 2.', [
    { text: step('doing') },
    { text: `${edit('const value = 1;', 'const value = BUG;')}\n${step('done')}` },
    { text: `${edit('const value = BUG;', 'const value = 2;')}\n${step('done')}` },
    { text: 'value is 2.' },
  ], { files: { 'app.js': 'const value = 1;\n', 'check.js': CHECK }, checkCommand: 'node check.js' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const plans = s.events.filter((e) => e.type === 'plan-updated').map((e) => (e as any).plan);
    assert.deepEqual(plans.map((p) => p.steps[0].state), ['in_progress', 'in_progress', 'done'], 'done refused while the check fails');
    assert.match(s.sent(2), /Step 1 is not done: 1 error after the last edit/);
    const order = s.events.filter((e) => e.type === 'verification' || (e.type === 'tool-end' && (e as any).name === 'todo')).map((e) => e.type);
    assert.deepEqual(order, ['tool-end', 'verification', 'tool-end', 'verification', 'tool-end'], 'each check ran before the todo of its reply');
  } finally {
    cleanup(s.root);
  }
});

test('a write leaves the checks pending: a step cannot be marked done until they ran', () => {
  const state = new RunState('Set value to 2.');
  state.wrote('app.js', false);
  assert.equal(state.verification.passed, false);
  const update = applyTodo(state.plan, [{ text: 'Set value to 2', state: 'done' }], state.verification);
  assert.equal(update.plan.steps[0]!.state, 'in_progress');
  assert.match(update.feedback, /checks after the last edit have not run yet/);
});

// The project already has an error the task has nothing to do with; the edit may add its own.
const CHECK_WITH_OLD_ERROR = `const s = require('fs').readFileSync('app.js', 'utf8');
console.log("legacy.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'.");
if (s.includes('BUG')) console.log("app.js(1,15): error TS2304: Cannot find name 'BUG'.");
process.exit(2);`;

test('errors already there before the first edit do not fail the checks: only new ones do, and the old ones are named once', async () => {
  const step = (state: string) => hermes('todo', { steps: [{ text: 'Set value to 2', state }] });
  const edit = (search: string, replace: string) => hermes('patch', { path: 'app.js', search, replace });
  const s = await runSession('Set value to 2 in app.js.', [
    { text: step('doing') },
    { text: edit('const value = 1;', 'const value = BUG;') },
    { text: step('done') },
    { text: edit('const value = BUG;', 'const value = 2;') },
    { text: step('done') },
    { text: 'value is 2.' },
  ], { files: { 'app.js': 'const value = 1;\n', 'legacy.ts': 'export const n: number = 1;\n', 'check.js': CHECK_WITH_OLD_ERROR }, checkCommand: 'node check.js' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'app.js'), 'const value = 2;\n');
    assert.equal(read(s.root, 'legacy.ts'), 'export const n: number = 1;\n');
    // the edit's own error fails the checks, as a new one; the old one is not listed as the model's
    assert.match(s.sent(2), /Check found 1 new error:\\napp\.js:1:15 error TS2304: Cannot find name 'BUG'\.\\n1 error was already there before your first edit \(legacy\.ts\): not yours to fix, leave it\.\\nFix these errors next\./);
    assert.doesNotMatch(s.sent(2), /legacy\.ts:3:5/);
    assert.match(s.sent(3), /Step 1 is not done: 1 new error after the last edit/);
    // fixed: the checks pass although legacy.ts still has its error, which is not said again
    const afterFix = String(s.server.chatRequests[4]!.body.messages.at(-1).content);
    assert.doesNotMatch(afterFix, /Check found|already there|Fix these errors/);
    const verifications = s.events.filter((e) => e.type === 'verification').map((e) => (e as { passed: boolean }).passed);
    assert.deepEqual(verifications, [false, true]);
    const plans = s.events.filter((e) => e.type === 'plan-updated').map((e) => (e as any).plan);
    assert.equal(plans.at(-1).done, 1, 'the step is done with the old error still there');
  } finally {
    cleanup(s.root);
  }
});

test('an edit that brings nothing new passes at once, and says the old errors are not the model\'s', async () => {
  const s = await runSession('Set value to 2 in app.js.', [
    { text: hermes('todo', { steps: [{ text: 'Set value to 2', state: 'doing' }] }) },
    { text: hermes('patch', { path: 'app.js', search: 'const value = 1;', replace: 'const value = 2;' }) },
    { text: hermes('todo', { steps: [{ text: 'Set value to 2', state: 'done' }] }) },
    { text: 'value is 2.' },
  ], { files: { 'app.js': 'const value = 1;\n', 'check.js': CHECK_WITH_OLD_ERROR }, checkCommand: 'node check.js' });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(s.server.chatRequests.length, 4, 'no reminder to go and fix legacy.ts');
    assert.match(s.sent(2), /Check found no new errors\. 1 error was already there before your first edit \(legacy\.ts\): not yours to fix, leave it\./);
    assert.doesNotMatch(s.sent(3), /not done|Fix these errors/);
  } finally {
    cleanup(s.root);
  }
});
