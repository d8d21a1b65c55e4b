// The context budget: one request as a stable prefix (system prompt and tool schemas, byte-identical for
// the whole conversation; then the conversation's context, a repo map) followed by the conversation, so
// that prompt + reserved reply never exceed the window. Local servers keep the previous prompt in a KV cache and process again only what follows the
// first changed token, so the conversation is append-only: a message once sent is sent again byte for
// byte (new tool results are cut to their cap once, before they are first sent, each the way its tool says:
// see BudgetOptions.resultCut).
// Compaction is rare and decisive (hysteresis): when the conversation passes the high-water mark (it no
// longer fits), or a new task starts with it past the low-water mark (the cheapest moment: nothing large
// follows the changed messages), it is compacted once down to the low-water mark, and the next requests
// append again. What gives way, in order: every tool result of earlier tasks (a stub remains; they predate
// this task's edits), this task's results oldest first (those the model has not seen yet stay, and the
// newest seen ones as far as half the low-water mark holds them) — only results larger than their stub,
// and a call that changed things keeps its first line (eviction.ts) —, the oldest whole turns of
// earlier tasks (the caller summarises them; the summary then leads the conversation: not made when it
// would free less than the summary takes); if one task alone still does not fit, the reply reserve shrinks
// as far as the model's own replies allow, then the task's oldest steps go at once down to the low-water
// mark (a note says what they did), and only then does the reply shrink to its minimum, the newest results
// get cut and the last steps dropped. The system prompt,
// the context and the task are never dropped: if they alone do not fit, buildRequest throws instead of
// sending something the server would truncate.
import type { ChatMessage, ToolSchema } from '../llm/types';
import type { TokenCounter } from './tokenCounter';
import { CalibratedCounter } from './calibratedCounter';
import { isEvictedResult, stubWorthIt, type ToolResult } from './eviction';
import { messageTokens, promptTokens, toolsTokens } from './messageTokens';
import { dropOldestStep, dropOldSteps, isRemovedStepsNote } from './removedSteps';
import { truncateToTokens, type ResultCut } from './truncate';
import { joinUserRuns, USER_RUN_SEPARATOR } from './userRuns';

export interface BudgetSections {
  /** The stable prefix: the same text on every request of a conversation (no plan, memory, times). */
  system: string;
  tools?: ToolSchema[]; // native tool schemas (omit for the text protocol: then they are part of `system`)
  /**
   * Context kept for the whole conversation but not for every conversation (pinned text, the repo map):
   * it opens the first user message, before the summary. Not in `system`: chat templates (Qwen's) write
   * the tool schemas after the system message's text, so a new map there made the server process the
   * unchanged schemas again.
   */
  context?: string;
  /** Summary of earlier turns that are no longer sent; it leads the conversation. */
  summary?: string;
  history: ChatMessage[]; // earlier tasks as last sent, oldest first, each turn starting with a user message
  task: string; // the current request: always sent
  turn: ChatMessage[]; // this task so far (replies, tool results, notes) as last sent, plus what is new
  /** Messages already sent: kept byte for byte (only a compaction replaces them). Default: none. */
  sent?: (m: ChatMessage) => boolean;
}

export interface BudgetOptions {
  window: number;
  replyTokens: number;
  counter: TokenCounter;
  /** The reply reserve may shrink to this when nothing else gives (default 512 or replyTokens if smaller). */
  minReplyTokens?: number;
  /** Tokens one tool result may take (default a quarter of the window, at most 8k). */
  toolResultCap?: number;
  summaryShare?: number; // of the window, the most a summary may take (default 0.1)
  /** At most this many newest tool results the model has seen stay in a compaction (default 2; see recentResults). */
  keepRecentResults?: number;
  /** After a compaction the conversation takes at most this share of the room the prefix and the reply leave (default 0.5). */
  lowWater?: number;
  /** Share of the window kept free for counting error (default: exact 3 %, calibrated 6 %, estimated 12 %). */
  safetyMargin?: number;
  /** How a tool's result is cut to its allowance, by the tool's name (default: its head, with a note). */
  resultCut?: (tool: string | undefined) => ResultCut;
  /**
   * What of a tool result outlives its eviction, by the tool's name (tools/evictionKeeps): the lines a call
   * that changed things keeps, with a stub saying it already ran; undefined (the default) for a plain stub.
   */
  keepOnEviction?: (tool: string | undefined, content: string) => string | undefined;
  /** The tool call with this id failed: the note of removed steps marks it (default: none known). */
  callFailed?: (toolCallId: string) => boolean;
}

export type SectionName = 'reply' | 'system' | 'tools' | 'summary' | 'history' | 'task' | 'turn' | 'margin';

export interface SectionReport { name: SectionName; used: number; limit: number }

export interface BudgetReport {
  window: number;
  used: number; // prompt tokens + reserved reply + margin
  free: number;
  sections: SectionReport[];
  counter: string;
  /** This request compacted the conversation (the server's prompt cache restarts after the system prompt). */
  compacted: boolean;
  evictedResults: number;
  truncatedResults: number;
  droppedMessages: number;
}

export interface BuiltRequest {
  messages: ChatMessage[];
  tools?: ToolSchema[];
  /** Reply tokens to ask for (max_tokens). */
  maxTokens: number;
  /** Prompt tokens as counted (scaled by calibration). */
  promptTokens: number;
  report: BudgetReport;
  /** The conversation as this request sends it: keep these, so that the next request repeats them. */
  history: ChatMessage[];
  turn: ChatMessage[];
  compacted: boolean;
  /** Earlier turns this request no longer sends, oldest first: summarise them into the next `summary`. */
  dropped: ChatMessage[];
}

export class BudgetError extends Error {
  constructor(message: string, readonly needed: number, readonly window: number) {
    super(message);
    this.name = 'BudgetError';
  }
}

export const SUMMARY_HEADING = 'Earlier in this conversation (summary):\n';
const SUMMARY_SHARE = 0.1;
/** While older steps of the task can go, the reply keeps this much more than the task's largest reply (a write_file call is as long as its file). */
const REPLY_HEADROOM = 1.2;
/** The note of removed steps takes at most this share of the window, and at most NOTE_MAX_TOKENS. */
const NOTE_SHARE = 0.05;
const NOTE_MAX_TOKENS = 300;

/** The conversation's context as it leads the conversation, right after the system prompt (none when empty). */
export function contextMessages(context: string): ChatMessage[] {
  return context.trim() ? [{ role: 'user', content: context.trim() }] : [];
}

/** The summary as the conversation sends it, after the context (none when empty). */
export function summaryMessages(summary: string): ChatMessage[] {
  return summary ? [{ role: 'user', content: `${SUMMARY_HEADING}${summary}` }] : [];
}

/** A new summary within its share of the window, cut once here so that every request sends the same bytes. */
export function fitSummary(summary: string, window: number, counter: TokenCounter, share = SUMMARY_SHARE): string {
  return truncateToTokens(summary.trim(), Math.floor(window * share), counter, () => ' …').text;
}

/** Share of the window kept free for counting error: one owner for every request the budget shapes. */
export function defaultMargin(counter: TokenCounter): number {
  if (counter.exact) return 0.03;
  return counter instanceof CalibratedCounter && counter.settled ? 0.06 : 0.12;
}

/** Indices where history turns start (each user message opens one). */
function turnStarts(history: ChatMessage[]): number[] {
  const starts = history.flatMap((m, i) => (m.role === 'user' || i === 0 ? [i] : []));
  return starts.length ? starts : [0];
}

/**
 * The results a compaction leaves to the model: every one it has not seen yet (what it just asked for;
 * cut later if the room needs it), and the newest seen ones up to `keep`, as long as together they take
 * at most `share` tokens. Without that bound a few large reads stayed above the low-water mark after a
 * compaction, so every other request compacted again (measured at 16k: five compactions of ~8k tokens
 * each re-processed in twelve requests reading 4k-token files).
 */
function recentResults(turn: ChatMessage[], results: number[], keep: number, share: number, tokens: (m: ChatMessage) => number, sent: (m: ChatMessage) => boolean): Set<number> {
  const staying = new Set<number>();
  let taken = 0;
  let kept = 0;
  for (const i of [...results].reverse()) {
    const m = turn[i]!;
    const t = tokens(m);
    if (!sent(m)) {
      staying.add(i);
      taken += t;
    } else if (kept < keep && (staying.size === 0 || taken + t <= share)) {
      staying.add(i);
      taken += t;
      kept++;
    }
  }
  return staying;
}

export function buildRequest(sections: BudgetSections, opts: BudgetOptions): BuiltRequest {
  const { counter, window } = opts;
  const count = (t: string) => counter.count(t);
  const tokens = (m: ChatMessage) => messageTokens(m, count);
  const sum = (ms: ChatMessage[]) => ms.reduce((n, m) => n + tokens(m), 0);
  const margin = Math.ceil(window * (opts.safetyMargin ?? defaultMargin(counter)));
  const minReply = Math.min(opts.replyTokens, opts.minReplyTokens ?? 512);
  const resultCap = opts.toolResultCap ?? Math.min(8192, Math.floor(window / 4));
  const summaryCap = Math.floor(window * (opts.summaryShare ?? SUMMARY_SHARE));
  const sent = sections.sent ?? (() => false);
  const cutFor = opts.resultCut ?? (() => truncateToTokens);
  let truncatedResults = 0;
  let evictedResults = 0;
  // a result is evicted only when its stub frees real room (a small one stays as it is)
  const stubFor = (m: ChatMessage): ToolResult | undefined => (m.role === 'tool' ? stubWorthIt(m, opts.keepOnEviction?.(m.name, m.content), tokens) : undefined);

  const capResult = (m: ChatMessage, cap: number): ChatMessage => {
    if (m.role !== 'tool') return m;
    const t = cutFor(m.name)(m.content, cap, counter);
    if (t.truncated) truncatedResults++;
    return t.truncated ? { ...m, content: t.text } : m;
  };

  // 1. New tool results within their cap; what was sent keeps its bytes.
  let history = sections.history.map((m) => (sent(m) ? m : capResult(m, resultCap)));
  let turn = sections.turn.map((m) => (sent(m) ? m : capResult(m, resultCap)));

  // 2. The fixed part: frame, system prompt, tool schemas, summary and task.
  const taskMessage: ChatMessage = { role: 'user', content: sections.task };
  let summary = sections.summary ?? ''; // cut once when it was made (fitSummary), never again
  const summaryMessage = (): ChatMessage[] => summaryMessages(summary);
  const contextMessage = contextMessages(sections.context ?? '');
  const toolTokens = toolsTokens(sections.tools, count);
  // the context joins the user message after it (the task at least): its text and the separator, no frame of
  // its own; the report shows it with the system prompt, of which it was part
  const sysTokens = count(sections.system) + (contextMessage.length ? count(`${contextMessage[0]!.content}${USER_RUN_SEPARATOR}`) : 0);
  const taskTokens = tokens(taskMessage);
  const frame = messageTokens({ role: 'system', content: '' }, count) + 3; // system frame + reply primer
  let summaryTokens = sum(summaryMessage());

  let reply = opts.replyTokens;
  const fixed = () => frame + sysTokens + toolTokens + taskTokens + summaryTokens;
  const room = () => window - margin - reply - fixed();
  // Too tight for even the essentials: give up reply reserve, then the summary, before failing.
  if (room() < 0) reply = Math.max(minReply, reply + room());
  if (room() < 0) { summary = ''; summaryTokens = 0; }
  if (room() < 0) {
    const needed = fixed() + minReply + margin;
    throw new BudgetError(`The system prompt, tool definitions and task need ${needed.toLocaleString('en-US')} tokens with the reply reserve, more than the ${window.toLocaleString('en-US')}-token context window. Use a larger context window.`, needed, window);
  }

  // 3. Compaction, only past a mark: the high-water mark is the room itself; a new task compacts past the
  // low-water mark already.
  let historyTokens = sum(history);
  let turnTokens = sum(turn);
  const high = room();
  const low = Math.floor(high * (opts.lowWater ?? 0.5));
  const taskStart = !turn.some((m) => m.role === 'assistant');
  const pastMark = historyTokens + turnTokens > high || (taskStart && historyTokens + turnTokens > low && history.some((m) => stubFor(m) !== undefined));
  let dropped: ChatMessage[] = [];
  let cutResults = false; // step 4 cut a result
  if (pastMark) {
    // a. Every result of earlier tasks. Once one message changes the server re-processes all that follows
    //    it anyway, so evicting them all costs no more than evicting the first.
    history = history.map((m) => {
      const stub = stubFor(m);
      if (!stub) return m;
      historyTokens += tokens(stub) - tokens(m);
      evictedResults++;
      return stub;
    });
    // b. This task's results, oldest first, down to the low-water mark; the newest few stay.
    //    Which stay is chosen among all live results, small ones too (the newest few are what the model works on).
    const results = turn.flatMap((m, i) => (m.role === 'tool' && !isEvictedResult(m.content) ? [i] : []));
    const staying = recentResults(turn, results, opts.keepRecentResults ?? 2, Math.floor(low / 2), tokens, sent);
    for (const i of results) {
      if (staying.has(i)) continue;
      if (historyTokens + turnTokens <= low) break;
      const m = turn[i]!;
      const stub = stubFor(m);
      if (!stub) continue;
      turnTokens += tokens(stub) - tokens(m);
      turn[i] = stub;
      evictedResults++;
    }
    // c. Whole earlier turns, oldest first, leaving room for the summary that will replace them. When this
    //    task alone passes the mark, only what the hard limit needs goes (step 4 handles the task); and a
    //    drop that frees no more than its summary may take is not made: it would pay a model call to grow.
    //    When this task alone is past what the summary leaves under the low-water mark, and anything must
    //    go, every earlier turn goes at once: dropping only what the hard limit needed left room for about
    //    one more step, so the next request dropped another turn (another summary, the prompt changed right
    //    after the context) every other request.
    const summaryCost = Math.max(0, summaryCap - summaryTokens);
    const withSummary = low - summaryCost;
    const taskAlone = turnTokens > withSummary;
    const target = taskAlone ? high - summaryCost : withSummary;
    if (historyTokens + turnTokens > target && history.length) {
      const starts = [...turnStarts(history), history.length];
      let k = 0;
      let freed = 0;
      while (k < starts.length - 1 && (taskAlone || historyTokens + turnTokens - freed > target)) {
        freed += sum(history.slice(starts[k]!, starts[k + 1]!));
        k++;
      }
      if (freed > summaryCost) {
        historyTokens -= freed;
        dropped = history.slice(0, starts[k]!);
        history = history.slice(starts[k]!);
      }
    }
  }

  // 4. One task alone over the room. The reply reserve gives way first, but while older steps of the task
  // can go only down to what the model's own replies took (a write_file call is as long as its file: a
  // reply cut below it wastes the request, and the next one is cut again). Past that, the task's oldest
  // steps go at once, down to the low-water mark, with a note of what they did in their place
  // (removedSteps): the next requests append again. Dropping only what each request needed changed the
  // prompt right after the task on every request. Only when no older step is left does the reply shrink
  // to its minimum, the newest results get cut, and the last steps go.
  const repliesNeed = Math.min(reply, Math.max(minReply, Math.ceil(REPLY_HEADROOM * Math.max(0, ...turn.map((m) => (m.role === 'assistant' ? tokens(m) : 0))))));
  let droppedTurn = 0;
  const noteOptions = { cap: Math.min(NOTE_MAX_TOKENS, Math.floor(window * NOTE_SHARE)), ...(opts.callFailed ? { failed: opts.callFailed } : {}) };
  if (turnTokens > high - historyTokens + reply - repliesNeed) {
    const fresh = sections.turn.findIndex((m) => !sent(m) && !isRemovedStepsNote(m));
    const drop = dropOldSteps(turn, Math.max(0, low - historyTokens), fresh, tokens, noteOptions);
    if (drop) {
      turn = drop.turn;
      turnTokens = drop.tokens;
      droppedTurn += drop.dropped;
    }
  }
  let available = high - historyTokens;
  const give = Math.min(Math.max(0, turnTokens - available), reply - minReply);
  reply -= give;
  available += give;
  for (const i of turn.flatMap((m, j) => (m.role === 'tool' ? [j] : [])).reverse()) {
    if (turnTokens <= available) break;
    const m = turn[i]!;
    const cut = capResult(m, Math.max(64, available - (turnTokens - tokens(m)) - 16));
    turnTokens += tokens(cut) - tokens(m);
    turn[i] = cut;
    cutResults = true;
  }
  while (turnTokens > available && turn.length) {
    const step = dropOldestStep(turn, tokens, noteOptions);
    turn = step.turn;
    turnTokens = sum(turn);
    droppedTurn += step.dropped;
  }
  // compacted: the prompt changed (a reply reserve that only shrank leaves it as it was)
  const compacted = evictedResults > 0 || dropped.length > 0 || droppedTurn > 0 || cutResults;

  // 5. Assemble, and check the whole against the window once more: this is the guarantee.
  const messages: ChatMessage[] = [
    { role: 'system', content: sections.system },
    ...joinUserRuns([...contextMessage, ...summaryMessage(), ...history, taskMessage, ...turn]),
  ];
  const total = promptTokens(messages, sections.tools, count);
  if (total + reply + margin > window) {
    // Rounding in section sums; take what is missing from the reply reserve, or refuse.
    reply = window - margin - total;
    if (reply < Math.min(minReply, 64)) throw new BudgetError(`The request needs ${total} tokens; the window is ${window}.`, total + minReply + margin, window);
  }

  const limitFor = (used: number, free: number) => used + Math.max(0, free);
  const left = Math.max(0, window - margin - reply - total);
  const report: BudgetReport = {
    window, used: total + reply + margin, free: left, counter: counter.name, compacted,
    evictedResults, truncatedResults, droppedMessages: dropped.length + droppedTurn,
    sections: [
      { name: 'reply', used: reply, limit: opts.replyTokens },
      { name: 'system', used: sysTokens + frame, limit: sysTokens + frame },
      { name: 'tools', used: toolTokens, limit: toolTokens },
      { name: 'summary', used: summaryTokens, limit: summaryCap },
      { name: 'history', used: historyTokens, limit: limitFor(historyTokens, left) },
      { name: 'task', used: taskTokens, limit: taskTokens },
      { name: 'turn', used: turnTokens, limit: limitFor(turnTokens, left) },
      { name: 'margin', used: margin, limit: margin },
    ],
  };
  return { messages, tools: sections.tools, maxTokens: reply, promptTokens: total, report, history, turn, compacted, dropped };
}

/** Teaches a calibrated counter from a reply's usage: what we would count for these messages vs the server. */
export function learnFromUsage(counter: TokenCounter, sent: { messages: ChatMessage[]; tools?: ToolSchema[] }, actualPromptTokens: number | undefined): void {
  if (!(counter instanceof CalibratedCounter) || !actualPromptTokens) return;
  const base = (t: string) => counter.baseCount(t);
  const results = sent.messages.reduce((n, m) => n + (m.role === 'tool' ? messageTokens(m, base) : 0), 0);
  const counted = promptTokens(sent.messages, sent.tools, base);
  counter.observe(counted, actualPromptTokens, results / counted);
}

/** One line per section for `/budget`: "history 1,234 / 5,000". */
export function formatBudgetReport(r: BudgetReport): string[] {
  const f = (n: number) => n.toLocaleString('en-US');
  return [
    `Context window ${f(r.window)} tokens: ${f(r.used)} used, ${f(r.free)} free (counting: ${r.counter})`,
    ...r.sections.map((s) => `${s.name.padEnd(8)} ${f(s.used).padStart(7)} / ${f(s.limit)}`),
    ...(r.compacted
      ? [`Compacted on this request: ${r.evictedResults} old tool results removed, ${r.truncatedResults} cut, ${r.droppedMessages} old messages dropped`]
      : r.truncatedResults ? [`${r.truncatedResults} new tool results cut to their cap`] : []),
  ];
}
