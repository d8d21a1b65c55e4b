// The core's ports on the plain file system (see README.md).
export { NodeWorkspace, DEFAULT_MAX_FIND_RESULTS, type NodeWorkspaceOptions } from './nodeWorkspace';
export { NodeStore, STORE_DIR } from './nodeStore';
export { CallbackApproval, COMMANDS_DISABLED_REASON, type ApproveCommand } from './approval';
export { CallbackEditReview, type ReviewEdit } from './editReview';
export { systemClock } from './clock';
export { runShellCommand, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES } from './runCommand';
export { DEFAULT_MAX_READ_BYTES } from './fileKind';
export { DEFAULT_MAX_SEARCH_RESULTS } from './searchFiles';
export { CodeIndex, type CodeIndexOpenOptions } from './codeIndex/codeIndex'; // the code index on the file system (issue 11)
