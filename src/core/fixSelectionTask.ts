// Turns an editor selection into a focused task for the agent. Small models do best with the exact
// code, its location and the compiler's complaints in one compact block, so nothing else is added.

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
