// Opt-in tools that live outside the core's built-in set (web fetch, MCP servers' tools): a definition
// the model sees, and a host-side implementation. Their results pass through one gate before the model
// reads them: secrets redacted, size capped (the budget then caps tokens like any tool result).
import { redactedHead } from '../security/redactedHead';
import type { ToolDefinition } from './definitions';
import type { ToolOutcome } from './executorTypes';

export interface ToolPlugin {
  definition: ToolDefinition;
  /** `args` were validated against the definition's schema. Failures come back as text for the model. */
  execute(args: Record<string, unknown>, signal?: AbortSignal): Promise<ToolOutcome>;
}

/** Supplies plugins for one task (an MCP server connects here); a failure leaves its tools out, with a warning. */
export interface ToolProvider {
  readonly name: string;
  tools(signal?: AbortSignal): Promise<readonly ToolPlugin[]>;
}

/** Characters of one opt-in tool's result kept before the budget sees it. */
export const PLUGIN_RESULT_CHARS = 24_000;

/** The one gate for opt-in tools' output: redacted, capped with a note saying what was cut. Only the head is redacted. */
export function pluginResult(ok: boolean, text: string, maxChars = PLUGIN_RESULT_CHARS): ToolOutcome {
  const head = redactedHead(text, maxChars);
  if (head.whole && head.text.length <= maxChars) return { ok, content: head.text };
  const shown = head.text.slice(0, maxChars);
  // in the original's characters (a redacted part stands for a length of its own): close enough for a note
  const notShown = Math.max(text.length - shown.length, 1);
  return { ok, content: `${shown}\n[… cut: ${notShown} more characters not shown.]` };
}
