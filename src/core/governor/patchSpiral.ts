// Edit spirals: the edits of one file failing again and again. Usually a patch whose SEARCH text is
// from memory, not from the file. Escalation: re-read the region and copy it exactly; then replace the
// whole function in one patch; then stop. A write_file the tool keeps refusing (a long file, a
// placeholder line), or an edit a policy keeps refusing, gets one warning and then a stop.
// Only the model's failures count: a user's rejection, or a call held because the reply was cut, says
// nothing about the edit the model wrote (the user-rejected and unreadable-calls detectors own those).
import { PATCH_TOOL, pathArg, WRITE_TOOL } from './history';
import type { CallRecord, Intervention, TurnRecord } from './types';

/**
 * The edit engine's refusal already shows the closest region, which fixes most first and second
 * failures; a third failure on the same file means the model is not using it.
 */
export const PATCH_REREAD_AT = 3;
/** Two more failures after re-reading: small SEARCH blocks are not working, go coarser. */
export const PATCH_REWRITE_AT = 5;
/** Two failures after the rewrite request: the model cannot edit this file; stop before it guesses worse. */
export const PATCH_STOP_AT = 7;
/** Any other edit refused this often on one file: the model is not following the refusal's words. */
export const EDIT_REFUSED_WARN_AT = 3;
/** Two more after the warning: each try may be a whole file's worth of tokens. */
export const EDIT_REFUSED_STOP_AT = 5;

const EDIT_TOOLS = new Set([PATCH_TOOL, WRITE_TOOL]);

/**
 * A failure the model's call caused (not the user's answer, not a call held back unjudged). A call whose
 * arguments did not fit never reached the tool: the invalid-calls detector owns those.
 */
const modelFailure = (call: CallRecord) => !call.ok && call.refused !== 'user' && call.refused !== 'held' && call.invalid === undefined;
/** A patch whose SEARCH the engine could not place (or that was otherwise wrong in itself). */
const patchMiss = (call: CallRecord) => call.name === PATCH_TOOL && !call.ok && call.refused === undefined && call.invalid === undefined;

/**
 * Failures of `tool` on `path` that `counts`, since the file's last successful patch or write: `n` after
 * the latest turn, `before` without its failures (0 when the latest turn's success restarted the count).
 * One reply may hold several failing edits, so a threshold is crossed, not necessarily equalled.
 */
function failuresSinceSuccess(history: readonly TurnRecord[], tool: string, path: string, counts: (c: CallRecord) => boolean): { before: number; n: number } {
  let failures = 0;
  let before = 0;
  history.forEach((turn, i) => {
    if (i === history.length - 1) before = failures;
    for (const call of turn.calls) {
      if (pathArg(call) !== path) continue;
      if (call.ok && EDIT_TOOLS.has(call.name)) failures = before = 0;
      else if (call.name === tool && counts(call)) failures++;
    }
  });
  return { before, n: failures };
}

/** This turn's failures took the count from below `at` to `at` or more. */
const crossed = ({ before, n }: { before: number; n: number }, at: number) => before < at && n >= at;

function patchSpiral(path: string, count: { before: number; n: number }): Intervention | undefined {
  const { n } = count;
  if (n >= PATCH_STOP_AT) {
    return { detector: 'patch-spiral', severity: 'stop', path, message: `Stopped: patching ${path} failed ${n} times in a row.` };
  }
  if (crossed(count, PATCH_REWRITE_AT)) {
    return {
      detector: 'patch-spiral',
      severity: 'warn',
      path,
      message: `Patching ${path} failed ${n} times. Change strategy: read the whole function you are changing with read_file, then replace that one function in a single patch. SEARCH = the complete function exactly as read. REPLACE = the complete new function.`,
    };
  }
  if (crossed(count, PATCH_REREAD_AT)) {
    return {
      detector: 'patch-spiral',
      severity: 'warn',
      path,
      message: `Patching ${path} failed ${n} times: your SEARCH text is not in the file. Read the lines you want to change with read_file now, then copy SEARCH exactly from what you read. Keep SEARCH short: 2-6 lines.`,
    };
  }
  return undefined;
}

function refusedEdits(tool: string, path: string, count: { before: number; n: number }): Intervention | undefined {
  const { n } = count;
  if (n >= EDIT_REFUSED_STOP_AT) {
    return { detector: 'patch-spiral', severity: 'stop', path, message: `Stopped: ${tool} on ${path} was refused ${n} times in a row.` };
  }
  if (!crossed(count, EDIT_REFUSED_WARN_AT)) return undefined;
  return {
    detector: 'patch-spiral',
    severity: 'warn',
    path,
    message: `${tool} on ${path} was refused ${n} times. The last result says why: do what it says (for a long file, change it with short patches), or tell the user what you cannot do. Do not call ${tool} on ${path} the same way again.`,
  };
}

export function detectPatchSpiral(history: readonly TurnRecord[]): Intervention | undefined {
  const last = history[history.length - 1];
  const seen = new Set<string>();
  for (const call of last?.calls ?? []) {
    const path = pathArg(call);
    if (!path || !EDIT_TOOLS.has(call.name) || !modelFailure(call)) continue;
    const key = `${call.name} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = patchMiss(call)
      ? patchSpiral(path, failuresSinceSuccess(history, PATCH_TOOL, path, patchMiss))
      : refusedEdits(call.name, path, failuresSinceSuccess(history, call.name, path, modelFailure));
    if (found) return found;
  }
  return undefined;
}
