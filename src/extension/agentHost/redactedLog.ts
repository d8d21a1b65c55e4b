// Log lines about a run carry tool results and model text, which can hold secrets from the user's
// files: they are redacted before they reach the output channel (never what the editor matches on).
import type * as vscode from 'vscode';
import { loadCore } from '../lazyCore';

export interface RunLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function redactedLog(log: vscode.LogOutputChannel): RunLog {
  const redact = (message: string) => loadCore().redactSecrets(message);
  return {
    info: (message) => log.info(redact(message)),
    warn: (message) => log.warn(redact(message)),
    error: (message) => log.error(redact(message)),
  };
}
