// How the user sees an MCP tool (approval dialog, chat card): its own name and its server's, never the
// model's `server__tool`. A file of its own, with no dependency, so any layer can import it cheaply.

export function mcpLabel(server: string, tool: string): string {
  return `"${tool}" from MCP server "${server}"`;
}
