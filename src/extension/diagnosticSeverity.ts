// VS Code's diagnostic severities in the core's words (Fix selection's task, the Workspace port).
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/ports';

export const SEVERITY: Record<vscode.DiagnosticSeverity, Diagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};
