import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTodo, failStep, parseStepState, MAX_PLAN_STEPS } from '../../../src/core/plan/updatePlan';
import { renderPlanForPrompt, planSnapshot } from '../../../src/core/plan/renderPlan';
import { EMPTY_PLAN } from '../../../src/core/plan/types';

const PASS = { passed: true } as const;

test('a first todo call creates numbered steps', () => {
  const { plan, feedback } = applyTodo(EMPTY_PLAN, [
    { text: 'Read src/cli.ts', state: 'done' },
    { text: 'Add --verbose flag', state: 'doing' },
    { text: 'Run the tests', state: 'pending' },
  ], PASS);
  assert.deepEqual(plan.steps.map((s) => [s.id, s.state]), [[1, 'done'], [2, 'in_progress'], [3, 'pending']]);
  assert.equal(feedback, 'Plan updated: 1/3 done.');
});

test('a step marked done stays in progress with the reason when verification failed', () => {
  const start = applyTodo(EMPTY_PLAN, [{ text: 'Add flag', state: 'doing' }, { text: 'Tests', state: 'pending' }], PASS).plan;
  const failed = applyTodo(start, [{ text: 'Add flag', state: 'done' }, { text: 'Tests', state: 'doing' }], { passed: false, reason: '2 errors in src/cli.ts' });
  assert.deepEqual(failed.plan.steps[0], { id: 1, text: 'Add flag', state: 'in_progress', note: 'not verified: 2 errors in src/cli.ts' });
  assert.equal(failed.blocked.length, 1);
  assert.match(failed.feedback, /Step 1 is not done: 2 errors in src\/cli\.ts\. Fix that first\./);
  const fixed = applyTodo(failed.plan, [{ text: 'Add flag', state: 'done' }, { text: 'Tests', state: 'doing' }], PASS);
  assert.deepEqual(fixed.plan.steps[0], { id: 1, text: 'Add flag', state: 'done' });
  assert.deepEqual(fixed.blocked, []);
});

test('a step already done is not re-verified, and notes stay while the state does', () => {
  const done = applyTodo(EMPTY_PLAN, [{ text: 'A', state: 'done' }], PASS).plan;
  const again = applyTodo(done, [{ text: 'A', state: 'done' }, { text: 'B', state: 'done' }], { passed: false, reason: 'tsc failed' });
  assert.deepEqual(again.plan.steps.map((s) => s.state), ['done', 'in_progress']);
  const kept = applyTodo(again.plan, [{ text: 'A', state: 'done' }, { text: 'B', state: 'doing' }], PASS);
  assert.equal(kept.plan.steps[1]!.note, 'not verified: tsc failed');
});

test('steps are matched by text so ids survive reordering, numbering and new steps', () => {
  const first = applyTodo(EMPTY_PLAN, [{ text: 'Parse args' }, { text: 'Print help' }], PASS).plan;
  const second = applyTodo(first, [{ text: 'New step' }, { text: '2. print help', state: 'in-progress' }, { text: 'Parse  args', state: 'completed' }], PASS).plan;
  assert.deepEqual(second.steps.map((s) => [s.id, s.text, s.state]), [[3, 'New step', 'pending'], [2, 'Print help', 'in_progress'], [1, 'Parse args', 'done']]);
});

test('the plan is capped in steps and step length; duplicates and blanks are dropped', () => {
  const many = Array.from({ length: MAX_PLAN_STEPS + 3 }, (_, i) => ({ text: `step ${i}` }));
  const { plan, feedback } = applyTodo(EMPTY_PLAN, [...many, { text: 'step 0' }, { text: '  ' }], PASS);
  assert.equal(plan.steps.length, MAX_PLAN_STEPS);
  assert.match(feedback, /Only the first 12 steps were kept/);
  const long = applyTodo(EMPTY_PLAN, [{ text: 'x'.repeat(500) }], PASS).plan;
  assert.ok(long.steps[0]!.text.length <= 120);
});

test('state words models use are understood', () => {
  assert.equal(parseStepState('DOING'), 'in_progress');
  assert.equal(parseStepState('in progress'), 'in_progress');
  assert.equal(parseStepState('Completed'), 'done');
  assert.equal(parseStepState('blocked'), 'failed');
  assert.equal(parseStepState(undefined), 'pending');
  assert.equal(parseStepState('whatever'), 'pending');
});

test('the prompt rendering is a few tokens per step; the snapshot is plain data', () => {
  let plan = applyTodo(EMPTY_PLAN, [{ text: 'Add parser', state: 'done' }, { text: 'Wire CLI', state: 'done' }, { text: 'Tests' }], { passed: false, reason: '2 errors' }).plan;
  plan = failStep(plan, 3, 'gave up');
  assert.equal(renderPlanForPrompt(plan), 'Plan 0/3:\n[>] 1 Add parser (not verified: 2 errors)\n[>] 2 Wire CLI (not verified: 2 errors)\n[!] 3 Tests (gave up)');
  assert.equal(renderPlanForPrompt(EMPTY_PLAN), '');
  const snap = planSnapshot(plan);
  assert.deepEqual([snap.done, snap.total, snap.current], [0, 3, 1]);
  snap.steps[0]!.text = 'mutated';
  assert.equal(plan.steps[0]!.text, 'Add parser', 'the snapshot is a copy');
});
