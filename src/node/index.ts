// The core's ports on the plain file system (see README.md).
export { NodeWorkspace, DEFAULT_MAX_FIND_RESULTS, type NodeWorkspaceOptions } from './nodeWorkspace';
export { NodeStore, STORE_DIR } from './nodeStore';
export { CallbackApproval, COMMANDS_DISABLED_REASON, type ApproveCommand } from './approval';
export { CallbackEditReview, type ReviewEdit } from './editReview';
export { systemClock } from './clock';
export { runShellCommand, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES } from './runCommand';
export { DEFAULT_MAX_READ_BYTES } from './fileKind';
export { DEFAULT_MAX_SEARCH_RESULTS } from './searchFiles';
export { WorkspaceRules, RULES_DIR, type WorkspaceRulesOptions } from './rules/workspaceRules';
export { guardedFetch, FetchBlockedError, type GuardedFetchOptions, type FetchedPage, type Resolver } from './web/guardedFetch';
export { webFetchPlugin, webFetchProvider, type WebFetchOptions } from './web/webFetchTool';
export { McpHub, type McpHubOptions } from './mcp/mcpHub';
export { McpConnection, type McpState } from './mcp/mcpConnection';
export { CodeIndex, type CodeIndexOpenOptions } from './codeIndex/codeIndex'; // the code index on the file system (issue 11)
export { CodeIndexWorkerClient } from './codeIndex/workerClient'; // the index in a worker thread (the VS Code host)
