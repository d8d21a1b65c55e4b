export { readMcpServers, describeServer, isStdio } from './config';
export type { McpServerConfig, McpStdioConfig, McpHttpConfig, McpServerEntry } from './config';
export { mcpDefinition, mcpPlugin, mcpResultText, mcpToolName } from './mcpTools';
export type { McpToolInfo, McpContentItem, McpCallResult, McpCaller, McpApproval, McpCallRequest, ApproveMcpCall, McpPluginOptions } from './mcpTools';
