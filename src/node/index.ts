// The core's ports on the plain file system (see README.md).
export { NodeWorkspace, DEFAULT_MAX_FIND_RESULTS, type NodeWorkspaceOptions } from './nodeWorkspace';
export { NodeStore, STORE_DIR, type NodeStoreOptions } from './nodeStore';
export { stateDir, StateDirError, STATE_DIR } from './stateDir';
export { writeTraceFile, deleteConversationTraces, MAX_TRACE_FILES, TRACES_FOLDER } from './traceFiles';
export { CallbackApproval, COMMANDS_DISABLED_REASON, DEFAULT_APPROVAL_TIMEOUT_MS, askBounded, mcpApprovalVia, fetchApprovalVia, type Approve, type ToolApprovalRequest, type FetchApprovalRequest, type ApproveCommand, type ApprovalRequest, type ApprovalAnswer, type EditApprovalRequest, type CommandApprovalRequest } from './approval';
export { CallbackEditReview, NOBODY_TO_APPROVE, type ReviewEdit, type CallbackEditReviewOptions } from './editReview';
export { systemClock } from './clock';
export { runShellCommand, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES } from './runCommand';
export { DEFAULT_MAX_READ_BYTES } from './fileKind';
export { notUtf8Message } from './textEncoding'; // why a file that is not UTF-8 is not edited (both hosts say it)
export { DEFAULT_MAX_SEARCH_RESULTS } from './searchFiles';
export { WorkspaceRules, RULES_DIR, type WorkspaceRulesOptions } from './rules/workspaceRules';
export { guardedFetch, FetchBlockedError, type GuardedFetchOptions, type FetchedPage, type Resolver } from './web/guardedFetch';
export { webFetchPlugin, webFetchProvider, type WebFetchOptions, type ApproveFetch, type FetchApproval, type FetchRequest } from './web/webFetchTool';
export { McpHub, type McpHubOptions } from './mcp/mcpHub';
export { McpConnection, type McpState } from './mcp/mcpConnection';
export { CodeIndex, type CodeIndexOpenOptions } from './codeIndex/codeIndex'; // the code index on the file system (issue 11)
export { CodeIndexWorkerClient } from './codeIndex/workerClient'; // the index in a worker thread (the VS Code host)
export { redactedEntry } from './historyRedaction'; // the panel's transcript as workspace state keeps it
export { HistoryStore, HistoryError, newConversationId, HISTORY_VERSION, MAX_CONVERSATIONS, MAX_CONVERSATION_BYTES, MAX_TOTAL_BYTES, type SavedConversation, type ConversationSummary, type HistoryListing, type HistoryStoreOptions } from './historyStore'; // saved conversations (issue 12)
