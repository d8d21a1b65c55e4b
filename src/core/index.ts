// The programmatic API of SmallCode's pure core, built as dist/core.js (CommonJS, plain Node, no `vscode`).
export { buildFixSelectionTask, selectionTooLarge } from './fixSelectionTask';
export { fuzzyRank } from './fuzzyMatch';
export { errorMessage } from './errorMessage';
export { WorkspaceError, readFileOrNull, readTextOrNull, staleWrite, type WorkspaceErrorCode } from './ports'; // the ports' error, and "read the file, or null"
export type { FixSelectionInput, SelectionDiagnostic } from './fixSelectionTask';
export { parseToolCalls, parseStructuredToolCalls, createToolCallDetector } from './parse';
export type { ParseOptions, ParseResult, Repair, ToolCall, ToolLike } from './parse';
export { TOOLS, openAITools, parserTools, renderToolsAsText, validateToolCall, categoryPrompt, toolsForCategory, parseCategoryChoice, measureRoutingSavings, checkProposal } from './tools';
export * from './llm'; // endpoint client, detection, context window, model profiles (issue 5)
export * from './budget'; // token counting and the context budget (issue 5)
export { parseEditBlocks, parseEditReply, applySearchReplace, applyEdits, computeHunks, applyHunks, HunkReview } from './edit';
export { placeSnippet, type SnippetPlacement } from './edit/snippetPlacement'; // "Apply to file" of a reply's code block (issue 12)
export { chooseCodeBlockTarget, codeBlockPath, type CodeBlockSource, type TargetChoice, type TargetFacts } from './edit/codeBlockTarget';
export type { HunkState, PlacedHunk, Projection, Placement, Replacement, HunkLines, EditBlock, ApplyOptions, ApplyResult, ApplySuccess, ApplyFailure, AppliedBlock, EditHunk, BlockProblem, MatchTier } from './edit';
export { Agent, AgentEmitter, ToolExecutor, systemPrompt, undoCheckpoint, changedSince, checkConversation, redactedConversation, rewoundConversation, withTaskAsked, ConversationError, CONVERSATION_VERSION, outgoingText } from './agent'; // the agent loop and its typed events (issue 6)
export type { AgentConversation } from './agent';
export type { Checkpoint, CheckpointFile, CheckpointFiles, UndoOptions, UndoResult } from './agent';
export type { AgentOptions, AgentRunOptions, AgentEvent, AgentEvents, AgentEventType, AgentListener, AgentRunResult, RunUsage, StopReason, ToolCallRecord, ChatLike, ToolOutcome, ExecutorLimits } from './agent';
export * from './security'; // path normalisation, secret redaction, command warnings
export { WorkingMemory, StoreNotes, SqlNotes, InMemoryStore, MEMORY_STORE_KEY, MAX_DATABASE_NOTES } from './memory'; // project memory (a Store document, or the code index's database)
export * from './codeIndex'; // the code index: tag queries, lookup, repo map, explain (issue 11)
export { planSnapshot, renderPlanForPrompt } from './plan'; // TODO plan state
export * from './trace'; // run traces: recorder, detail sections, redaction for traces (issue 7)
export * from './rules'; // project rules: AGENTS.md, .smallcode/rules, the user setting (issue 15)
export * from './mcp'; // MCP servers' tools as opt-in tools (issue 15)
