// Runs every detector after a turn. The loop appends the messages of non-stop interventions to
// the next request (most severe first) and ends the run on the first `stop`.
import { detectEmptyReply } from './emptyReply';
import { detectFailingRuns, detectInvalidCalls } from './failingCalls';
import { detectGreetingRegression } from './greeting';
import { detectPatchSpiral } from './patchSpiral';
import { detectReadLoop } from './readLoop';
import { detectRepetition } from './repetition';
import { detectUnreadableCalls } from './unreadableCalls';
import { detectUserRejected } from './userRejected';
import { SEVERITY_ORDER, type Intervention, type TurnRecord } from './types';

export interface GovernorInput {
  history: readonly TurnRecord[];
  /** The user's task, re-injected when the model loses it. */
  task: string;
}

/** All interventions for the latest turn, most severe first. */
export function checkTurn({ history, task }: GovernorInput): Intervention[] {
  const found = [
    detectUserRejected(history),
    detectUnreadableCalls(history),
    detectEmptyReply(history),
    detectGreetingRegression(history, task),
    detectPatchSpiral(history),
    detectRepetition(history),
    detectReadLoop(history),
    detectInvalidCalls(history),
    detectFailingRuns(history),
  ].filter((i): i is Intervention => i !== undefined);
  return found.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** The first stop, if any: the run should end with this message to the user. */
export function stopReason(interventions: readonly Intervention[]): Intervention | undefined {
  return interventions.find((i) => i.severity === 'stop');
}

/** A stop a stronger model could get past; the user's own rejections are not a model's failure. */
export function escalates(stop: Intervention): boolean {
  return stop.detector !== 'user-rejected';
}
