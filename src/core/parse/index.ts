export { parseToolCalls, finalizeCalls } from './parseToolCalls';
export { withoutReasoning } from './reasoning';
export { parseLooseAt, parseLooseWhole } from './looseJson';
export type { ParseOptions, ParseResult, Repair, RepairKind, ToolCall, ToolLike, ToolSpec, JsonSchema } from './types';
export { createToolCallDetector } from './streamDetector';
export type { DetectorOptions, StreamState, ToolCallStreamDetector } from './streamDetector';
export { parseStructuredToolCalls } from './structured';
export type { StructuredToolCall } from './structured';
export { dropsCall } from './context';
