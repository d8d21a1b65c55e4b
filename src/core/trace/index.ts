export { TraceRecorder, type TraceRecorderOptions } from './traceRecorder';
export { traceDetail } from './traceDetail';
export { describeTokenUsage } from './tokenUsage';
export { traceText, traceValue, TRACE_TEXT_CHARS } from './traceText';
export type { RunTrace, TraceMessage, TraceSection, TraceToolCall, TraceTurn, TraceTurnSummary } from './types';
