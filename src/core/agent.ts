// The agent loop and its typed events (see src/core/agent/ for the parts: prompt, reply, executor
// wiring, verification, governor interventions).
export { Agent, type AgentOptions, type AgentRunOptions, type LiveAgentOptions } from './agent/agent';
export { AgentEmitter } from './agent/events';
export { FileSecretLearner } from './agent/fileSecretLearner';
export type { AgentEvent, AgentEvents, AgentEventType, AgentListener, AgentRunResult, RunUsage, StopReason, ToolCallRecord } from './agent/events';
export type { ChatLike } from './agent/modelReply';
export { systemPrompt } from './agent/systemPrompt';
export { undoCheckpoint, changedSince } from './agent/checkpoint';
export type { Checkpoint, CheckpointFile, CheckpointFiles, UndoOptions, UndoResult } from './agent/checkpoint';
export { ToolExecutor, DEFAULT_LIMITS } from './tools/executor';
export type { ToolOutcome, ExecutorLimits } from './tools/executor';
export { outgoingContents, outgoingText, type EscalationOffer, type EscalationOptions, type OutgoingContents } from './agent/escalation';
export { checkConversation, promptContext, writtenKept, keepsWritten, redactedConversation, scrubbedConversation, callPaths, redactedMessage, redactedText, scrubbedMessage, rewoundConversation, withTaskAsked, ConversationError, CONVERSATION_VERSION, type AgentConversation } from './agent/conversation';
