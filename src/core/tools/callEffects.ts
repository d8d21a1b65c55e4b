// What a call can do besides answering, by its tool. One owner for two questions the agent asks: a call
// cut at the length limit is held back when it may change things (a half-written edit or command must not
// run), and a second identical call in one reply is answered from the first only when repeating it can
// change nothing (a read, a search, the same edit again) — a command or an MCP tool may be meant twice.
import type { ToolDefinition } from './definitions';

/** An edit, a command, or an MCP tool (whose effects are its server's). */
export function mayChangeWorkspace(tool: ToolDefinition): boolean {
  return tool.category === 'write' || tool.category === 'run' || tool.mcp !== undefined;
}

/** The same call again, right after it, finds or does nothing new: reads, searches, the plan, memory, the same edit. */
export function repeatChangesNothing(tool: ToolDefinition): boolean {
  return tool.mcp === undefined && (tool.category === 'read' || tool.category === 'search' || tool.category === 'plan' || tool.category === 'write');
}
