// "SmallCode: Fix selection": the selected code, where it is and what the compiler says about it,
// sent to the chat as one focused task.
import * as vscode from 'vscode';
import { loadCore } from '../lazyCore';
import { SEVERITY } from '../diagnosticSeverity';


export interface FixSelectionTarget {
  uri: vscode.Uri;
  range: vscode.Range;
  task: string;
}

/** Builds the task for the active editor's selection, or explains why there is none. */
export function fixSelectionTarget(editor: vscode.TextEditor | undefined): FixSelectionTarget | string {
  if (!editor) return 'Open a file and select the code you want SmallCode to fix.';
  const { document, selection } = editor;
  if (selection.isEmpty) return 'Select the code you want SmallCode to fix first.';
  // Whole lines: a small model edits lines far more reliably than a column range.
  const range = new vscode.Range(selection.start.line, 0, selection.end.line, document.lineAt(selection.end.line).text.length);
  const diagnostics = vscode.languages.getDiagnostics(document.uri)
    .filter((d) => d.range.intersection(range) !== undefined)
    .map((d) => ({ line: d.range.start.line + 1, severity: SEVERITY[d.severity], message: d.message, source: d.source }));
  const task = loadCore().buildFixSelectionTask({
    path: vscode.workspace.asRelativePath(document.uri, false),
    languageId: document.languageId,
    startLine: range.start.line + 1,
    endLine: range.end.line + 1,
    code: document.getText(range),
    diagnostics,
  });
  return { uri: document.uri, range, task };
}
