export { parseToolCalls, finalizeCalls } from './parseToolCalls';
export { parseLooseAt, parseLooseWhole } from './looseJson';
export type { ParseOptions, ParseResult, Repair, RepairKind, ToolCall, ToolLike, ToolSpec, JsonSchema } from './types';
