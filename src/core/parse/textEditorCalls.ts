// Anthropic's text-editor tool (`str_replace_editor`), which many coder fine-tunes call: one name for
// several actions, told apart by `command`. Read by its command, never by its name alone: a `view` taken
// for a patch failed as a write and pushed the model to edit a file on a question.
import { matchToolName, nameKey } from './toolNames';
import type { ToolSpec } from './types';

/** Anthropic's text-editor tool's name. */
export const TEXT_EDITOR_TOOL = 'str_replace_editor';
const TEXT_EDITOR = nameKey(TEXT_EDITOR_TOOL);

/** Our tool for each of its commands, with its own parameters renamed (old_str/new_str are argumentRepair's). */
const BY_COMMAND: Record<string, (a: Record<string, unknown>) => Record<string, unknown>> = {
  view: ({ view_range, ...rest }) => {
    const [start, end] = Array.isArray(view_range) ? view_range : [];
    return { ...rest, ...(typeof start === 'number' && start > 0 ? { start_line: start } : {}), ...(typeof end === 'number' && end > 0 ? { end_line: end } : {}) };
  },
  create: ({ file_text, ...rest }) => ({ ...rest, ...(file_text !== undefined ? { content: file_text } : {}) }),
  str_replace: (a) => a,
};
const TOOL_OF: Record<string, string> = { view: 'read_file', create: 'write_file', str_replace: 'patch' };

/** The call as one of ours, when `name` is the text-editor tool and its command is one we have; else undefined. */
export function textEditorCall(name: string, args: Record<string, unknown>): { name: string; arguments: Record<string, unknown> } | undefined {
  if (nameKey(name) !== TEXT_EDITOR || typeof args.command !== 'string') return undefined;
  const { command: written, ...rest } = args;
  const command = written.toLowerCase();
  const adapt = BY_COMMAND[command];
  return adapt ? { name: TOOL_OF[command]!, arguments: adapt(rest) } : undefined;
}

/**
 * The tool `name` calls, for the places that decide whether text is a call at all (JSON among prose, a
 * stream's held-back markup, unreadable markup): a name of ours, or the text-editor tool when a tool its
 * commands become is offered (which one is decided by its command, later, in finalizeCalls).
 */
export function calledTool(name: string, specs: readonly ToolSpec[]): ToolSpec | undefined {
  const m = matchToolName(name, specs);
  if (m.kind !== 'unknown') return m.spec;
  return nameKey(name) === TEXT_EDITOR ? specs.find((s) => Object.values(TOOL_OF).includes(s.name)) : undefined;
}

/**
 * What to tell a model whose text-editor call has a command we have no tool for (`insert`, `undo_edit`) or
 * none: "unknown tool" would contradict the `view` that just worked. `offered`: the tools it may call (only
 * their commands are named). Undefined for any other call.
 */
export function textEditorCommandHint(name: string, args: Record<string, unknown>, offered: readonly string[]): string | undefined {
  if (nameKey(name) !== TEXT_EDITOR) return undefined;
  const commands = Object.keys(TOOL_OF).filter((c) => offered.includes(TOOL_OF[c]!)).map((c) => `${c} (${TOOL_OF[c]})`);
  if (!commands.length) return undefined;
  const command = typeof args.command === 'string' && args.command.trim() ? args.command : undefined;
  const insert = command === 'insert' && offered.includes('patch') ? ' To insert lines, use patch: search for the line they go after, replace it with that line and the new ones.' : '';
  return `${TEXT_EDITOR_TOOL} ${command ? `has no "${command}" command here` : 'needs a command'}; its commands are ${commands.join(', ')}.${insert}`;
}
