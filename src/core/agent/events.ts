// What the loop tells its host while it runs. Plain data only (they cross to the webview), one
// `type` per event so a host can switch on it; `AgentEvents` maps each type to its payload.
import type { BudgetReport } from '../budget';
import type { ChatMessage, ChatResult } from '../llm';
import type { ReviewHunk } from '../ports';
import type { PlanSnapshot } from '../plan';
import type { Checkpoint } from './checkpoint';
import type { EscalationOffer } from './escalation';
import { errorMessage } from '../errorMessage';

export interface ToolCallRecord {
  id: string;
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
  /** The result as the model saw it (capped for the UI). */
  summary: string;
}

export interface RunUsage {
  promptTokens: number;
  completionTokens: number;
  requests: number;
  /** Prompt tokens the server reused from its prompt cache; absent when it never said. */
  cachedTokens?: number;
}

export type StopReason = 'done' | 'cancelled' | 'governor' | 'max-turns' | 'error';

export interface AgentRunResult {
  /** The model's final answer (or the reason it stopped). */
  response: string;
  toolCalls: ToolCallRecord[];
  filesCreated: string[];
  filesEdited: string[];
  usage: RunUsage;
  durationMs: number;
  turns: number;
  success: boolean;
  stopReason: StopReason;
  error?: string;
  /** What the run changed, with each file's content before and after it (absent when it wrote nothing). */
  checkpoint?: Checkpoint;
  /** The answer was cut at the reply's length limit after this many tokens (absent when it ended on its own). */
  cut?: { tokens: number };
  /** Answered while the checks after the last edit still fail: what they report ("1 error after the last edit"). */
  checksFailing?: string;
  /** Answered without having changed a file, after the last write call failed. */
  noChanges?: true;
  /** The run's task in the agent's conversation (for `rewind`); absent when the conversation was reset or replaced during the run. */
  task?: number;
}

export interface AgentEvents {
  /** A model request is about to go out (1-based turn). */
  'turn-start': { turn: number };
  /**
   * The request about to go out, for traces. `messages` are the messages sent, by reference (not a
   * copy): a listener that keeps them must copy what it needs now. They are in the conversation's form
   * (calls as `tool_calls`, results as `tool` messages, so a result is known by its call); in text mode
   * the request carries them as forTextProtocol writes them. `tools`: how many tool schemas were sent
   * (native mode); `promptTokens`: the prompt as the budget counted it.
   */
  /** `escalated`: this request went to the stronger endpoint the user confirmed, not the local model. */
  request: { turn: number; messages: readonly ChatMessage[]; tools?: number; maxTokens: number; promptTokens: number; mode: 'native' | 'text'; escalated?: { model: string; endpoint: string } };
  /** The governor gave up and the user was offered the stronger endpoint. */
  escalation: EscalationOffer & { accepted: boolean };
  /**
   * The reply as received and what the parser read in it: `text` raw (markup and all), `calls` every
   * call parsed (more than the loop runs when the model made too many), `repairs` the parser's fixes in words.
   */
  reply: {
    turn: number; text: string; reasoning?: string; finishReason: string; usage?: ChatResult['usage']; durationMs: number;
    calls: { name: string; args: Record<string, unknown> }[]; repairs: string[];
  };
  /** Visible reply text (tool-call markup held back). */
  text: { delta: string };
  reasoning: { delta: string };
  /** The reply was cut and is requested again: drop the partial text shown for it. */
  retry: { attempt: number; message: string };
  /** `repairs`: what the parser fixed in the reply this call came from (see ModelReply.callRepairs). */
  /** `label`: how the user sees the tool when it is not its name (an MCP tool: mcpLabel). */
  'tool-start': { id: string; name: string; label?: string; args: Record<string, unknown>; repairs: string[] };
  /** `summary`: the result's first 2,000 characters (for cards and logs); `content`: the whole result the model is given. */
  'tool-end': { id: string; name: string; ok: boolean; summary: string; content?: string };
  'edit-proposed': { path: string; original: string | null; proposed: string; hunks: ReviewHunk[] };
  'edit-accepted': { path: string; created: boolean; partial: boolean; changedOutsideRun?: true };
  'edit-rejected': { path: string; reason?: string };
  'plan-updated': { plan: PlanSnapshot };
  'budget-updated': { report: BudgetReport };
  /** The server refused a prompt as too long: the budget works with `tokens` from now on, not `shrunkFrom`
   * (what the status bar and the panel header show follows it: see `Agent.windowInForce`). */
  'window-shrunk': { tokens: number; shrunkFrom: number };
  /** Checks after edits (diagnostics and the check command). */
  verification: { passed: boolean; errors: number; warnings: number; text: string };
  /** SmallCode asked the model to go on by itself (its plan has open steps): shown, never sent silently. */
  reminder: { message: string };
  /** A governor intervention, a fallback taken, anything the user should see but that does not end the run. */
  warning: { message: string; source: string };
  error: { message: string; kind: string };
  done: { result: AgentRunResult };
}

export type AgentEventType = keyof AgentEvents;
export type AgentEvent = { [K in AgentEventType]: { type: K } & AgentEvents[K] }[AgentEventType];
export type AgentListener<K extends AgentEventType> = (event: { type: K } & AgentEvents[K]) => void;

/** A tiny typed emitter: a listener that throws never breaks the run, and is reported. */
export class AgentEmitter {
  private readonly listeners = new Map<AgentEventType | '*', Set<(e: AgentEvent) => void>>();
  /** Where a throwing listener is reported; a host with a log sets its own. */
  reportListenerError: (error: unknown, type: AgentEventType) => void = (error, type) => {
    console.error(`SmallCode: a listener of the "${type}" event threw: ${errorMessage(error)}`);
  };

  on<K extends AgentEventType>(type: K, listener: AgentListener<K>): () => void {
    return this.add(type, listener as unknown as (e: AgentEvent) => void);
  }

  /** Every event, e.g. to forward them all to a webview. */
  onAny(listener: (event: AgentEvent) => void): () => void {
    return this.add('*', listener);
  }

  emit<K extends AgentEventType>(type: K, payload: AgentEvents[K]): void {
    const event = { type, ...payload } as AgentEvent;
    for (const key of [type, '*'] as const) {
      for (const fn of this.listeners.get(key) ?? []) {
        try {
          fn(event);
        } catch (error) {
          // A broken UI listener must not corrupt the run, but it must not go unnoticed either.
          this.reportListenerError(error, type);
        }
      }
    }
  }

  private add(key: AgentEventType | '*', fn: (e: AgentEvent) => void): () => void {
    const set = this.listeners.get(key) ?? new Set();
    set.add(fn);
    this.listeners.set(key, set);
    return () => set.delete(fn);
  }
}
