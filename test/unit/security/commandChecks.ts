// The shell-check tests' assertions: what assessCommand says of a command (each warning a pattern), or that
// it says nothing. Under `approval.commands: auto` a command with no warning runs unasked.
import assert from 'node:assert/strict';
import { assessCommand } from '../../../src/core/security/shellCommand';

/** Each command carries a warning that matches its pattern. */
export function assertWarns(cases: Array<[string, RegExp]>): void {
  for (const [cmd, expected] of cases) {
    const warnings = assessCommand(cmd);
    assert.ok(warnings.some((w) => expected.test(w)), `${cmd}: ${JSON.stringify(warnings)}`);
  }
}

/** Each command carries no warning at all. */
export function assertQuiet(commands: string[]): void {
  for (const cmd of commands) assert.deepEqual(assessCommand(cmd), [], cmd);
}

/** The warning for a write to a file SmallCode's own edits may not change (Git's data, editor settings…). */
export const PROTECTED = /which SmallCode's own edits may not change/;
/** The warning for a write to a file that decides what the project's commands run. */
export const RUNS = /a file that decides what the project's commands run/;
