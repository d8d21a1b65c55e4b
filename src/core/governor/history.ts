// Small views over the turn history shared by the detectors.
import { withoutReasoning } from '../parse';
import { pathKey } from '../security/workspacePath';
import type { CallRecord, TurnRecord } from './types';

/** Tools that change the workspace or run something: after one, re-reading a file is legitimate. */
export const ACTING_TOOLS = new Set(['patch', 'write_file', 'run']);
export const READ_TOOL = 'read_file';
export const PATCH_TOOL = 'patch';
export const WRITE_TOOL = 'write_file';
export const RUN_TOOL = 'run';

export function allCalls(history: readonly TurnRecord[]): CallRecord[] {
  return history.flatMap((turn) => turn.calls);
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
  }
  return typeof value === 'string' ? value.trim() : value;
}

/**
 * Identity of a call: the name and the arguments, key order and surrounding whitespace ignored, and a
 * path however it is spelled (`./src/a.ts`). A patch's `start_line` is part of it: the same SEARCH at
 * two lines is two edits (each occurrence of a repeated line changed in turn is no loop).
 */
export function callKey(call: Pick<CallRecord, 'name' | 'args'>): string {
  const args = typeof call.args.path === 'string' ? { ...call.args, path: pathKey(call.args.path) } : call.args;
  return `${call.name} ${JSON.stringify(stable(args))}`;
}

export function pathArg(call: CallRecord): string | undefined {
  const p = call.args['path'];
  return typeof p === 'string' && p.trim() !== '' ? p.trim().replace(/^\.\//, '') : undefined;
}

/** Without reasoning (the parser's reading of every family's markers), trimmed. */
export function visibleText(text: string): string {
  return withoutReasoning(text);
}
