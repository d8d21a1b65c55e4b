// What of a tool result outlives its eviction from the context. A call that changed things (an edit, a
// command, an MCP tool: see callEffects) keeps its first line ("Edited src/a.ts.", "$ npm run migrate"),
// a command's status line ("exit code 1", "timed out after 120 s and was stopped") and the checks'
// verdict on it: without them the model cannot tell whether it worked, and a stub that only says
// "removed" invited it to run a migration or a commit again to see. A call that only looked keeps
// nothing: it can be made again.
import { CHECK_VERDICT } from '../governor/verification';
import { mayChangeWorkspace } from './callEffects';
import { COMMAND_STATUS } from './executorRun';
import type { ToolDefinition } from './definitions';
import { getTool, TOOLS } from './registry';

const MAX_LINE_CHARS = 200; // a line, not a log

const capped = (line: string) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} …` : line);

/** The lines to keep when the result of `tool` is evicted; undefined when the call changed nothing. */
export function keptOnEviction(tool: string | undefined, content: string, tools: readonly ToolDefinition[] = TOOLS): string | undefined {
  const definition = tool === undefined ? undefined : getTool(tool, tools);
  if (!definition || !mayChangeWorkspace(definition)) return undefined;
  const [first = '', ...rest] = content.split('\n');
  // run's status (second after `$ <command>`): without it the stub read the same for a command that failed
  // as for one that passed, and told the model not to look again
  const status = COMMAND_STATUS.test(rest[0] ?? '') ? rest[0] : undefined;
  const verdict = rest.find((line) => line.startsWith(CHECK_VERDICT));
  return [first, status, verdict].filter((line): line is string => line !== undefined).map(capped).join('\n');
}
