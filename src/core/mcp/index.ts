export { launchedProgram, programName } from './launchedProgram';
export { readMcpServers, describeServer, isStdio, startTimeoutMs, START_TIMEOUT_MS, FETCHING_START_TIMEOUT_MS } from './config';
export type { McpServerConfig, McpStdioConfig, McpHttpConfig, McpServerEntry } from './config';
export { mcpDefinition, mcpDottedName, mcpPlugin, mcpPlugins, mcpResultText, mcpToolName, mcpToolNames } from './mcpTools';
export type { McpToolPlugin, McpToolInfo, McpContentItem, McpCallResult, McpCaller, McpApproval, McpCallRequest, ApproveMcpCall, McpPluginOptions } from './mcpTools';
export { mcpLabel, mcpArgumentsText, MCP_ARGUMENTS_SHOWN } from './label';
