// Patch spirals: the same file failing to patch again and again, usually because the model's
// SEARCH text is from memory, not from the file. Escalation: re-read the region and copy it
// exactly; then replace the whole function in one patch; then stop.
import { allCalls, PATCH_TOOL, pathArg, WRITE_TOOL } from './history';
import type { Intervention, TurnRecord } from './types';

/**
 * The edit engine's refusal already shows the closest region, which fixes most first and second
 * failures; a third failure on the same file means the model is not using it.
 */
export const PATCH_REREAD_AT = 3;
/** Two more failures after re-reading: small SEARCH blocks are not working, go coarser. */
export const PATCH_REWRITE_AT = 5;
/** Two failures after the rewrite request: the model cannot edit this file; stop before it guesses worse. */
export const PATCH_STOP_AT = 7;

/** Failed patches of `path` since its last successful patch or write. */
function failuresSinceSuccess(history: readonly TurnRecord[], path: string): number {
  let failures = 0;
  for (const call of allCalls(history)) {
    if (pathArg(call) !== path) continue;
    if (call.name === PATCH_TOOL && !call.ok) failures++;
    else if ((call.name === PATCH_TOOL || call.name === WRITE_TOOL) && call.ok) failures = 0;
  }
  return failures;
}

export function detectPatchSpiral(history: readonly TurnRecord[]): Intervention | undefined {
  const last = history[history.length - 1];
  const failed = last?.calls.filter((c) => c.name === PATCH_TOOL && !c.ok).map(pathArg).filter((p): p is string => !!p) ?? [];
  for (const path of new Set(failed)) {
    const n = failuresSinceSuccess(history, path);
    if (n >= PATCH_STOP_AT) {
      return { detector: 'patch-spiral', severity: 'stop', path, message: `Stopped: patching ${path} failed ${n} times in a row.` };
    }
    if (n === PATCH_REWRITE_AT) {
      return {
        detector: 'patch-spiral',
        severity: 'warn',
        path,
        message: `Patching ${path} failed ${n} times. Change strategy: read the whole function you are changing with read_file, then replace that one function in a single patch. SEARCH = the complete function exactly as read. REPLACE = the complete new function.`,
      };
    }
    if (n === PATCH_REREAD_AT) {
      return {
        detector: 'patch-spiral',
        severity: 'warn',
        path,
        message: `Patching ${path} failed ${n} times: your SEARCH text is not in the file. Read the lines you want to change with read_file now, then copy SEARCH exactly from what you read. Keep SEARCH short: 2-6 lines.`,
      };
    }
  }
  return undefined;
}
