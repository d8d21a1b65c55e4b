export type { CallRecord, TurnRecord, Intervention, Severity, DetectorName, Refusal } from './types';
export { checkTurn, escalates, stopReason, type GovernorInput } from './governor';
export { detectRepetition, REPEAT_WARN, REPEAT_STOP, CYCLE_WARN, CYCLE_STOP } from './repetition';
export { detectPatchSpiral, PATCH_REREAD_AT, PATCH_REWRITE_AT, PATCH_STOP_AT, EDIT_REFUSED_WARN_AT, EDIT_REFUSED_STOP_AT } from './patchSpiral';
export { detectUnreadableCalls, UNREADABLE_STOP_AT } from './unreadableCalls';
export { detectInvalidCalls, detectFailingRuns, INVALID_WARN_AT, INVALID_STOP_AT, FAILING_RUNS_WARN_AT } from './failingCalls';
export { detectUserRejected, USER_REJECTED_STOP_AT } from './userRejected';
export { detectReadLoop, READ_REPEAT_WARN, READ_REPEAT_STOP } from './readLoop';
export { detectGreetingRegression, looksLikeGreeting, GREETING_REINJECT_AT, GREETING_STOP_AT } from './greeting';
export { detectEmptyReply, isEmptyReply, EMPTY_NUDGE_AT, EMPTY_WARN_AT, EMPTY_STOP_AT } from './emptyReply';
export {
  parseCheckOutput,
  diagnosticsFromCheckOutput,
  summarizeDiagnostics,
  MAX_REPORTED_PROBLEMS,
  type VerificationSummary,
} from './verification';
export { callKey, visibleText, ACTING_TOOLS } from './history';
export { loopAtEnd, withoutLoop, loopSample, insideFence, LoopWatch, LOOP_MIN_SPAN, LOOP_MIN_SPAN_IN_CODE, LOOP_MIN_REPEATS, LOOP_MAX_PERIOD, type TextLoop } from './loopingText';
