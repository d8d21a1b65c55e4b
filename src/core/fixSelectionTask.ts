// Turns an editor selection into a focused task for the agent. Small models do best with the exact
// code, its location and the compiler's complaints in one compact block, so nothing else is added.
import { estimateTokens } from './budget/tokenCounter';

export interface SelectionDiagnostic {
  line: number; // 1-based
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
}

export interface FixSelectionInput {
  path: string; // workspace-relative
  languageId: string;
  startLine: number; // 1-based, inclusive
  endLine: number; // 1-based, inclusive
  code: string;
  diagnostics: SelectionDiagnostic[];
  instruction?: string;
}

const MAX_DIAGNOSTICS = 20;

/**
 * The code block of a task buildFixSelectionTask wrote: `head` names the file (`path`), `content` is the
 * code (redactTaskText hides a .env file's values in it, as in a .env file attached).
 */
export const FIX_SELECTION_CODE = /(?<head>Change only (?<path>[^\n]+?) (?:line \d+|lines \d+-\d+)\.\n\n(?<fence>```|~~~~)[^\n]*\n)(?<content>[\s\S]*?)(?=\n\k<fence>(?:\n|$))/g;

export function buildFixSelectionTask(input: FixSelectionInput): string {
  const lines = input.startLine === input.endLine ? `line ${input.startLine}` : `lines ${input.startLine}-${input.endLine}`;
  const fence = input.code.includes('```') ? '~~~~' : '```';
  const parts = [
    `${input.instruction?.trim() || 'Fix the problems in this code.'} Change only ${input.path} ${lines}.`,
    `${fence}${input.languageId}\n${input.code.replace(/\n$/, '')}\n${fence}`,
  ];
  const shown = input.diagnostics.slice(0, MAX_DIAGNOSTICS);
  if (shown.length > 0) {
    const listed = shown.map((d) => `- line ${d.line} ${d.severity}${d.source ? ` (${d.source})` : ''}: ${d.message.split('\n')[0]}`);
    if (input.diagnostics.length > shown.length) listed.push(`- … ${input.diagnostics.length - shown.length} more`);
    parts.push(`Problems reported:\n${listed.join('\n')}`);
  }
  return parts.join('\n\n');
}

/**
 * The share of the context window a selection may take: the model reads it in the task and writes its
 * fix back (a patch repeats the lines it changes), beside the system prompt and the tool definitions.
 */
export const SELECTION_WINDOW_SHARE = 0.25;

/** Why `code` is too large to fix in a `window`-token context window (undefined: it fits). */
export function selectionTooLarge(code: string, window: number): string | undefined {
  const tokens = estimateTokens(code);
  const room = Math.floor(window * SELECTION_WINDOW_SHARE);
  if (tokens <= room) return undefined;
  const n = (v: number) => v.toLocaleString('en-US');
  return `the selection is about ${n(tokens)} tokens, and the model's ${n(window)}-token context window leaves room for about ${n(room)} (it must read the code and write its fix back). Select less — the part with the problem — and run Fix selection again.`;
}
