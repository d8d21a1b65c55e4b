// Builds the trace of one run from the agent's events (attach it with `agent.onAny`). What it keeps
// is redacted and capped as it arrives, so a request's messages, passed by reference, are copied
// once and never held on to.
import { callPaths, redactedText } from '../agent/conversation';
import type { AgentEvent } from '../agent/events';
import { forTextProtocol } from '../agent/messages';
import type { ChatMessage } from '../llm';
import { scrubKnownValues } from '../security';
import { FileSecretLearner } from '../agent/fileSecretLearner';
import { writtenAs, writtenText } from '../budget';
import { traceDetail } from './traceDetail';
import { traceJsonText, traceText, traceValue } from './traceText';
import type { RunTrace, TraceMessage, TraceSection, TraceTurn, TraceTurnSummary } from './types';

export interface TraceRecorderOptions {
  id: string;
  task: string;
  model: string;
  /** The saved conversation the run belongs to (RunTrace.conversation). */
  conversation?: string;
  /** Epoch ms (default Date.now). */
  now?: () => number;
  maxChars?: number;
  /**
   * Values already found secret (the conversation's earlier runs): hidden in this trace too. The
   * recorder adds what it finds, so one set shared by a conversation's recorders carries them on.
   */
  known?: Set<string>;
}

/** Fields that name or classify rather than say: the known values are never scrubbed from them. */
const STRUCTURAL_KEYS: ReadonlySet<string> = new Set(['id', 'role', 'name', 'label', 'mode', 'finishReason', 'stopReason', 'model', 'endpoint', 'startedAt']);

const LABEL_CHARS = 60;

/** As the server reported them; the budget's count when it reported none (some servers send 0). */
function promptTokensOf(turn: TraceTurn): number {
  return turn.reply?.usage?.promptTokens || turn.request?.promptTokens || 0;
}

export class TraceRecorder {
  private readonly trace: RunTrace;
  private readonly now: () => number;
  private readonly max: number;
  private readonly started: number;
  /** Tool calls still running: when they started. */
  private readonly running = new Map<string, number>();
  /** When the edit now under review was proposed (the user's time, not the turn's). */
  private reviewStarted: number | undefined;
  /** Redacted message texts by role, path and original: most messages are sent again each turn. */
  private readonly redacted = new Map<string, string>();
  /**
   * Values found secret (a .env file's values, read or written; a value under a secret's name): hidden
   * from every text after, and from the whole trace when it is taken (toJSON).
   */
  private readonly known: Set<string>;
  /** Learns the .env values the calls read into `known`, and tells the file each call named: its result is redacted as that file's content. */
  private readonly learner: FileSecretLearner;
  private readonly label: string;

  constructor(options: TraceRecorderOptions) {
    this.now = options.now ?? Date.now;
    this.max = options.maxChars ?? 20_000;
    this.started = this.now();
    this.known = options.known ?? new Set();
    this.learner = new FileSecretLearner(this.known);
    const task = this.text(options.task, 'user');
    const firstLine = task.trim().split('\n')[0] ?? '';
    this.label = firstLine.length > LABEL_CHARS ? `${firstLine.slice(0, LABEL_CHARS - 1)}…` : firstLine;
    this.trace = {
      version: 1, id: options.id, task, model: options.model, ...(options.conversation ? { conversation: options.conversation } : {}), startedAt: new Date(this.started).toISOString(), turns: [],
      totals: { promptTokens: 0, completionTokens: 0, requests: 0, toolCalls: 0, repairs: 0, durationMs: 0 },
    };
  }

  get id(): string { return this.trace.id; }
  get finished(): boolean { return this.trace.end !== undefined; }

  /** The saved conversation the run belongs to, when it is not the one it started in (a conflict moved it to a new id). */
  belongsTo(conversation: string): void {
    this.trace.conversation = conversation;
  }

  /** Subscribes to an agent (or anything with onAny); returns the unsubscribe. */
  attach(source: { onAny(listener: (event: AgentEvent) => void): () => void }): () => void {
    return source.onAny((event) => this.handle(event));
  }

  handle(event: AgentEvent): void {
    const turn = this.trace.turns.at(-1);
    const totals = this.trace.totals;
    switch (event.type) {
      case 'turn-start':
        this.closeTurn();
        this.trace.turns.push({ turn: event.turn, startedAt: this.now(), tools: [], notes: [] });
        break;
      case 'request': {
        if (!turn) break;
        // redacted in the conversation's form, where each result is known by the call (and file) it answers;
        // then shown as the text protocol sent them (results as user text, calls inline)
        const paths = callPaths(event.messages);
        const safe = event.messages.map((m) => this.message(m, m.role === 'tool' ? paths.get(m.tool_call_id) : undefined));
        turn.request = {
          mode: event.mode, messages: event.mode === 'text' ? forTextProtocol(safe).map((m) => ({ role: m.role, content: m.content ?? '' })) : safe.map(traceMessage),
          ...(event.tools !== undefined ? { tools: event.tools } : {}), maxTokens: event.maxTokens, promptTokens: event.promptTokens,
          ...(event.escalated ? { escalated: { ...event.escalated } } : {}),
        };
        break;
      }
      case 'reply': {
        if (!turn) break;
        // The calls first: secrets their structure reveals are then hidden in the raw text as well.
        const calls = event.calls.map((c) => ({ name: c.name, args: traceValue(c.args, this.max, this.known) }));
        turn.reply = {
          text: this.text(event.text), ...(event.reasoning ? { reasoning: this.text(event.reasoning) } : {}),
          finishReason: event.finishReason, durationMs: event.durationMs,
          calls,
          repairs: event.repairs.map((r) => this.text(r)),
          ...(event.usage ? { usage: { ...event.usage } } : {}),
        };
        totals.requests++;
        totals.promptTokens += promptTokensOf(turn);
        totals.completionTokens += event.usage?.completionTokens ?? 0;
        if (event.usage?.cachedTokens !== undefined) totals.cachedTokens = (totals.cachedTokens ?? 0) + event.usage.cachedTokens;
        totals.repairs += event.repairs.length;
        break;
      }
      case 'edit-proposed':
        this.reviewStarted = this.now();
        break;
      case 'edit-accepted':
      case 'edit-rejected':
        if (turn && this.reviewStarted !== undefined) turn.userWaitMs = (turn.userWaitMs ?? 0) + this.now() - this.reviewStarted;
        this.reviewStarted = undefined;
        break;
      case 'tool-start':
        this.running.set(event.id, this.now());
        this.learner.handle(event);
        turn?.tools.push({ id: event.id, name: event.name, ...(event.label ? { label: event.label } : {}), args: traceValue(event.args, this.max, this.known), repairs: event.repairs.map((r) => this.text(r)) });
        totals.toolCalls++;
        break;
      case 'tool-end': {
        // the values of a .env file are learned from the whole result: the summary is only its head
        const path = this.learner.handle(event);
        const call = turn?.tools.find((t) => t.id === event.id);
        const started = this.running.get(event.id);
        this.running.delete(event.id);
        if (!call) break;
        call.ok = event.ok;
        call.result = this.text(event.summary, 'tool', path);
        if (started !== undefined) call.durationMs = this.now() - started;
        break;
      }
      case 'retry':
        turn?.notes.push(this.text(`Retried (attempt ${event.attempt}): ${event.message}`));
        break;
      case 'warning':
        turn?.notes.push(this.text(`Warning (${event.source}): ${event.message}`));
        break;
      case 'budget-updated':
        // A compaction is why the server's prompt cache restarts after the system prompt on this request.
        if (event.report.compacted) turn?.notes.push(`Compacted the conversation: ${event.report.evictedResults} old tool results removed, ${event.report.truncatedResults} cut, ${event.report.droppedMessages} old messages dropped.`);
        break;
      case 'verification':
        turn?.notes.push(this.text(`Checks ${event.passed ? 'passed' : `found ${event.errors} errors, ${event.warnings} warnings`}${event.text ? `:\n${event.text}` : ''}`));
        break;
      case 'done': {
        this.closeTurn();
        const r = event.result;
        this.trace.end = { stopReason: r.stopReason, durationMs: r.durationMs, ...(r.error !== undefined ? { error: this.text(r.error) } : {}) };
        totals.durationMs = r.durationMs;
        break;
      }
      default:
        break; // streamed deltas, plan and edit review are in the chat, not the trace
    }
  }

  /** One line per turn, oldest first; the last turn of a run still going is `current`. */
  summaries(): TraceTurnSummary[] {
    const last = this.trace.turns.at(-1);
    return this.trace.turns.map((t) => ({
      id: `${this.trace.id}:${t.turn}`,
      turn: t.turn,
      label: this.label,
      promptTokens: promptTokensOf(t),
      completionTokens: t.reply?.usage?.completionTokens ?? 0,
      ...(t.reply?.usage?.cachedTokens !== undefined ? { cachedTokens: t.reply.usage.cachedTokens } : {}),
      durationMs: t.durationMs ?? this.workTime(t),
      calls: t.reply?.calls.length ?? t.tools.length,
      repairs: t.reply?.repairs.length ?? 0,
      ...(t === last && !this.finished ? { current: true } : {}),
    }));
  }

  /** The titled sections of one turn, or undefined for a turn not recorded. */
  detail(turn: number): TraceSection[] | undefined {
    const t = this.trace.turns.find((x) => x.turn === turn);
    return t && traceDetail(scrubKnownValues(t, this.known, STRUCTURAL_KEYS));
  }

  /** The trace so far (a snapshot: later events do not change it). */
  toJSON(): RunTrace {
    const totals = this.finished ? this.trace.totals : { ...this.trace.totals, durationMs: this.now() - this.started };
    // a value found late (a .env read in the last turn) is hidden in the turns before it too
    return structuredClone(scrubKnownValues({ ...this.trace, totals }, this.known, STRUCTURAL_KEYS));
  }

  private closeTurn(): void {
    const previous = this.trace.turns.at(-1);
    if (previous && previous.durationMs === undefined) previous.durationMs = this.workTime(previous);
  }

  /** A turn's time so far, less the time it waited for the user's review. */
  private workTime(turn: TraceTurn): number {
    const waiting = (turn.userWaitMs ?? 0) + (this.reviewStarted !== undefined && turn === this.trace.turns.at(-1) ? this.now() - this.reviewStarted : 0);
    return Math.max(0, this.now() - turn.startedAt - waiting);
  }

  /** A text redacted as the conversation's message of `role` is when saved (a tool's result by the file its call named). */
  private text(text: string, role: ChatMessage['role'] = 'assistant', path?: string): string {
    return traceText(text, this.max, this.known, (head) => redactedText(role, head, path, this.known));
  }

  /** A request's message with its secrets hidden, in the same form (`path`: the file a tool result's call named). */
  private message(m: ChatMessage, path: string | undefined): ChatMessage {
    const safe = this.redactedOnce(m.content ?? '', m.role, path);
    if (m.role !== 'assistant') return { ...m, content: safe };
    const calls = m.tool_calls?.map((c) => ({ ...c, function: { name: c.function.name, arguments: traceJsonText(c.function.arguments, this.max, this.known) } }));
    const message: ChatMessage = { role: 'assistant', content: safe, ...(calls?.length ? { tool_calls: calls } : {}) };
    // a reply sent back as the model wrote it is shown so, hidden as a reply's text is
    const written = writtenText(m);
    return written === undefined ? message : writtenAs(message, this.redactedOnce(written, 'assistant', undefined));
  }

  /** A message's text redacted as `text` does, once per text, role and path (requests repeat the conversation). */
  private redactedOnce(text: string, role: ChatMessage['role'], path: string | undefined): string {
    const key = `${role}\0${path ?? ''}\0${text}`;
    let safe = this.redacted.get(key);
    if (safe === undefined) {
      safe = this.text(text, role, path);
      this.redacted.set(key, safe);
    }
    return safe;
  }
}

/** A (redacted) message as a trace keeps it. */
function traceMessage(m: ChatMessage): TraceMessage {
  const calls = m.role === 'assistant' && m.tool_calls?.length ? m.tool_calls.map((c) => ({ name: c.function.name, arguments: c.function.arguments })) : undefined;
  return { role: m.role, content: m.content ?? '', ...(calls ? { calls } : {}) };
}
