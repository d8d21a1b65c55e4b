import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectInvalidCalls, detectFailingRuns, INVALID_WARN_AT, INVALID_STOP_AT, FAILING_RUNS_WARN_AT } from '../../../src/core/governor/failingCalls';
import { checkTurn, stopReason } from '../../../src/core/governor';
import { call, turn, times } from './helpers';
import type { CallRecord, TurnRecord } from '../../../src/core/governor/types';

const UNKNOWN = 'Unknown tool "edit_file". Did you mean patch? Use one of: read_file, patch, run.';
const invalid = (name: string, args: Record<string, unknown>, error = UNKNOWN): CallRecord => ({ ...call(name, args, false), invalid: error });
const unknownTool = (i: number): TurnRecord => turn(invalid('edit_file', { file: 'src/a.ts', n: i }));
const failedRun = (i: number): TurnRecord => turn(call('run', { command: `npm test -- --seed ${i}` }, false));

test('calls that never validate, different each time: a warning naming the last error at 4, a stop at 7', () => {
  assert.equal(detectInvalidCalls(times(INVALID_WARN_AT - 1, unknownTool)), undefined);
  const warn = detectInvalidCalls(times(INVALID_WARN_AT, unknownTool));
  assert.equal(warn?.severity, 'warn');
  assert.match(warn!.message, /Your last 4 replies only made calls that could not run/);
  assert.ok(warn!.message.includes(UNKNOWN), 'the note repeats the error that names the valid tools');
  assert.equal(detectInvalidCalls(times(INVALID_STOP_AT - 1, unknownTool))?.severity, 'warn');
  const stop = detectInvalidCalls(times(INVALID_STOP_AT, unknownTool));
  assert.equal(stop?.severity, 'stop');
  assert.equal(stop?.message, 'Stopped: the model kept calling tools that do not exist, or with wrong parameters (7 replies in a row), so nothing was run.');
  // through the governor: the varying calls are no repetition, this detector alone stops them
  assert.equal(stopReason(checkTurn({ history: times(INVALID_STOP_AT, unknownTool), task: 'Fix add' }))?.detector, 'invalid-calls');
});

test('a call that validates in between starts the count again; unknown tools and wrong parameters count together', () => {
  const wrongParam = (i: number) => turn(invalid('read_file', { target: 'src/a.ts', attempt: i }, 'Invalid call to read_file: missing required parameter "path" (string). Parameters: path.'));
  const ok = turn(call('read_file', { path: 'src/a.ts' }));
  assert.equal(detectInvalidCalls([...times(3, unknownTool), ok, ...times(3, wrongParam)]), undefined);
  const mixed = [unknownTool(0), wrongParam(1), unknownTool(2), wrongParam(3)];
  assert.match(detectInvalidCalls(mixed)!.message, /missing required parameter "path"/, 'the latest error is the one shown');
  // a reply with one valid call among invalid ones made progress
  assert.equal(detectInvalidCalls([...times(3, unknownTool), turn(invalid('edit_file', {}), call('read_file', { path: 'a' }))]), undefined);
  // a failed call the tool judged (a SEARCH not found) is no invalid call
  assert.equal(detectInvalidCalls(times(INVALID_STOP_AT, (i) => turn(call('patch', { path: 'a', search: `x${i}`, replace: 'y' }, false)))), undefined);
});

test('run failing again and again with no edit between: a warning at 5, none once an edit came between', () => {
  assert.equal(detectFailingRuns(times(FAILING_RUNS_WARN_AT - 1, failedRun)), undefined);
  const warn = detectFailingRuns(times(FAILING_RUNS_WARN_AT, failedRun));
  assert.equal(warn?.severity, 'warn');
  assert.match(warn!.message, /Your last 5 commands failed, and nothing was edited between them/);
  const edit = turn(call('patch', { path: 'src/a.ts', search: 'a', replace: 'b' }));
  assert.equal(detectFailingRuns([...times(3, failedRun), edit, ...times(3, failedRun)]), undefined);
  // reads between the runs do not change the code: they still count as one streak
  const read = turn(call('read_file', { path: 'src/a.ts' }));
  assert.equal(detectFailingRuns([failedRun(0), read, failedRun(1), failedRun(2), read, failedRun(3), failedRun(4)])?.severity, 'warn');
  // a command that succeeded ends the streak; one the user refused is not the model's failure
  assert.equal(detectFailingRuns([...times(3, failedRun), turn(call('run', { command: 'ls' })), ...times(2, failedRun)]), undefined);
  assert.equal(detectFailingRuns([...times(4, failedRun), turn({ ...call('run', { command: 'rm -rf x' }, false), refused: 'user' })]), undefined);
  assert.equal(stopReason(checkTurn({ history: times(12, failedRun), task: 'Make the tests pass' })), undefined, 'a warning, never a stop');
  // said at 5 and again at 10, not at every failed command in between
  const warned = Array.from({ length: 12 }, (_, i) => detectFailingRuns(times(i + 1, failedRun)) !== undefined);
  assert.deepEqual(warned.flatMap((w, i) => (w ? [i + 1] : [])), [5, 10]);
  const twoPerReply = (i: number) => turn(call('run', { command: `a${i}` }, false), call('run', { command: `b${i}` }, false));
  assert.match(detectFailingRuns(times(3, twoPerReply))!.message, /Your last 6 commands failed/, 'crossing 5 inside one reply counts');
});

test('after a streak of invalid calls, a reply with no call is an answer: no warning, and the streak starts again', () => {
  const answer: TurnRecord = { text: 'I cannot fetch that with the tools I have.', calls: [] };
  // the answer is taken only when no detector speaks: the warning must not come back after it
  assert.equal(detectInvalidCalls([...times(INVALID_WARN_AT, unknownTool), answer]), undefined);
  assert.equal(detectInvalidCalls([...times(INVALID_STOP_AT - 1, unknownTool), answer]), undefined);
  assert.deepEqual(checkTurn({ history: [...times(INVALID_WARN_AT + 2, unknownTool), answer], task: 'Open the page' }).filter((i) => i.detector === 'invalid-calls'), []);
  // an answer ends the streak: invalid calls after it count from one
  assert.equal(detectInvalidCalls([...times(INVALID_WARN_AT, unknownTool), answer, ...times(INVALID_WARN_AT - 1, unknownTool)]), undefined);
  // an unreadable reply (its own detector speaks) neither counts nor resets
  const unreadable: TurnRecord = { text: '<tool_call>{"name": ', calls: [], unreadable: 'broken' };
  assert.equal(detectInvalidCalls([...times(2, unknownTool), unreadable, ...times(2, unknownTool)])?.severity, 'warn');
});
