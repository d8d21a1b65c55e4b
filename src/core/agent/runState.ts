// Everything one run accumulates: the messages of this task, the turn records the governor reads,
// the calls and files for the result, token usage, the plan and what verification last said.
import type { ChatMessage } from '../llm';
import type { TurnRecord } from '../governor';
import { EMPTY_PLAN, type Plan, type VerificationStatus } from '../plan';
import type { PlanHolder } from '../tools/executor';
import type { AgentRunResult, RunUsage, StopReason, ToolCallRecord } from './events';
import { CheckpointRecorder } from './checkpoint';
import { DiagnosticsBaseline } from './verify';
import { pathKey } from '../security';
import type { LastWrite } from './unbackedAnswer';

export class RunState implements PlanHolder {
  /** This task's messages so far (replies, tool results, notes), after the task itself. */
  readonly messages: ChatMessage[] = [];
  readonly records: TurnRecord[] = [];
  readonly toolCalls: ToolCallRecord[] = [];
  readonly filesCreated = new Set<string>();
  readonly filesEdited = new Set<string>();
  readonly usage: RunUsage = { promptTokens: 0, completionTokens: 0, requests: 0 };
  /** Each written file's content before the run, for undo. */
  readonly checkpoint = new CheckpointRecorder();
  verification: VerificationStatus = { passed: true };
  /** What the checks reported before this run's first edit. */
  readonly baseline = new DiagnosticsBaseline();
  /** Model requests made so far. */
  turns = 0;
  /** The plan reminder is given once: a model that stops twice with steps open means it. */
  remindedPlan = false;
  /** The reminder about an answer the run does not back (see unbackedAnswer) is given once too. */
  remindedUnbacked = false;
  /** The run's last call to a tool that writes files, and whether it did (see unbackedAnswer). */
  lastWrite?: LastWrite;
  /** The model's latest answer (a reply without calls that was not a broken call): kept whatever stops the run. */
  lastAnswer = '';
  /** Project memory could not be read for the prompt's note: this run goes on without it (and does not wait again each turn). */
  memoryUnread = false;
  /** Replies of this run stopped because they looped (the second ends the run). */
  loops = 0;
  /** The user rejected an edit of this run: that is their answer, so the run is not pushed on. */
  userRejected = false;
  /** Files (as `pathKey` spells them) written since the model last saw their line numbers: its `start_line` for them may be stale. */
  readonly writtenSinceRead = new Set<string>();
  onChange?: (plan: Plan) => void;

  constructor(
    readonly task: string,
    public plan: Plan = EMPTY_PLAN,
    readonly startedAt = 0,
  ) {}

  /** A file was written: what the checks said before no longer holds until they run again. */
  wrote(path: string, created: boolean): void {
    this.verification = { passed: false, reason: 'the checks after the last edit have not run yet' };
    this.writtenSinceRead.add(pathKey(path));
    if (created) this.filesCreated.add(path);
    else if (!this.filesCreated.has(path)) this.filesEdited.add(path);
  }

  /** The model was shown the file's current line numbers (its lines read, or a patch refusal listing where SEARCH matches now). */
  sawLines(path: string): void {
    this.writtenSinceRead.delete(pathKey(path));
  }

  result(stopReason: StopReason, response: string, now: number, error?: string): AgentRunResult {
    return {
      // A run stopped by the limit, the governor or an error keeps what the model last answered.
      response: stopReason === 'done' || this.lastAnswer === '' ? response : this.lastAnswer,
      toolCalls: [...this.toolCalls],
      filesCreated: [...this.filesCreated].sort(),
      filesEdited: [...this.filesEdited].sort(),
      usage: { ...this.usage },
      durationMs: Math.max(0, now - this.startedAt),
      turns: this.turns,
      success: stopReason === 'done',
      stopReason,
      ...(error !== undefined ? { error } : {}),
    };
  }
}
