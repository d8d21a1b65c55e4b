// How the user sees an MCP tool (approval dialog, chat card): its own name and its server's, never the
// model's `server__tool`. A file of its own, with no dependency, so any layer can import it cheaply.

export function mcpLabel(server: string, tool: string): string {
  return `"${tool}" from MCP server "${server}"`;
}

/** Characters of a call's arguments an approval dialog shows (a modal's detail text does not scroll far). */
export const MCP_ARGUMENTS_SHOWN = 1500;

/**
 * A call's arguments as the approval dialog shows them: JSON, and when too long to show, its head and how
 * much was left out, so nobody approves text they were never shown without knowing it.
 */
export function mcpArgumentsText(args: unknown, max = MCP_ARGUMENTS_SHOWN): string {
  const json = JSON.stringify(args, null, 1) ?? 'null';
  if (json.length <= max) return json;
  return `${json.slice(0, max)}…\n\n[Not shown: the last ${json.length - max} of ${json.length} characters of the arguments. Approve only if you trust this tool with arguments you have not read in full.]`;
}
