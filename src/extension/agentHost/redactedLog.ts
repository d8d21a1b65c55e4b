// SmallCode's output channel as every component gets it: each line redacted before it reaches the
// channel, which VS Code also writes to its logs folder on disk. Lines carry tool results and model
// text, server URLs (with `user:pass@`), error messages and the chat panel's messages, any of which can
// hold a secret. Only the extension's entry point keeps the raw channel, for lines whose text is fixed.
import type * as vscode from 'vscode';
import { loadCore } from '../lazyCore';

/** What a component that only writes lines needs of the channel. */
export interface RunLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The core's redaction the log uses (loaded with the first line; a test gives its own). */
export interface LogRedaction {
  redactSecrets(text: string): string;
  scrubKnown(text: string, known: ReadonlySet<string>): string;
}

const lazyCore: LogRedaction = {
  redactSecrets: (text) => loadCore().redactSecrets(text),
  scrubKnown: (text, known) => loadCore().scrubKnown(text, known),
};

/**
 * The channel with every line redacted: secrets by their shape, and the values the conversation found
 * secret (`known`: a .env file's values, which the trace of the same run hides too), read at each line.
 */
export function redactedLog(channel: vscode.LogOutputChannel, known: () => ReadonlySet<string> = () => new Set(), core: LogRedaction = lazyCore): vscode.LogOutputChannel {
  const redact = (text: string) => {
    const values = known();
    const shaped = core.redactSecrets(text);
    return values.size ? core.scrubKnown(shaped, values) : shaped;
  };
  // as the channel itself joins a message and its arguments, then redacted as one line
  const line = (message: string | Error, args: unknown[]) => redact([message, ...args].map(shown).join(' '));
  return {
    get name() { return channel.name; },
    get logLevel() { return channel.logLevel; },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: (message, ...args) => channel.trace(line(message, args)),
    debug: (message, ...args) => channel.debug(line(message, args)),
    info: (message, ...args) => channel.info(line(message, args)),
    warn: (message, ...args) => channel.warn(line(message, args)),
    error: (error, ...args) => channel.error(line(error, args)),
    append: (value) => channel.append(redact(value)),
    appendLine: (value) => channel.appendLine(redact(value)),
    replace: (value) => channel.replace(redact(value)),
    clear: () => channel.clear(),
    show: (...args: unknown[]) => (channel.show as (...a: unknown[]) => void)(...args),
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
  };
}

function shown(value: unknown): string {
  if (value instanceof Error) return value.stack ?? value.message;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
