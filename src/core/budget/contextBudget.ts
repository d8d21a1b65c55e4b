// The context budget: builds one request's messages from its sections so that prompt + reserved reply
// never exceed the window. What gives way, in order: tool results over their cap are cut (with a pointer
// to read on); old tool results in history, then in this turn, are evicted (a stub remains); the oldest
// history turns are dropped (the caller summarises them); the summary and this turn's newest results are
// cut further; the reply reserve shrinks to its minimum. The system prompt and the task are never dropped:
// if they alone do not fit, buildRequest throws instead of sending something the server would truncate.
import type { ChatMessage, ToolSchema } from '../llm/types';
import type { TokenCounter } from './tokenCounter';
import { CalibratedCounter } from './calibratedCounter';
import { messageTokens, promptTokens, toolsTokens } from './messageTokens';
import { truncateToTokens } from './truncate';

export interface BudgetSections {
  system: string;
  /** The task's repo map (code index): built once per task, so it stays in the stable prefix right after the system prompt. */
  repoMap?: string;
  memory?: string;
  plan?: string;
  tools?: ToolSchema[]; // native tool schemas (omit for the text protocol: then they are part of `system`)
  summary?: string; // summary of earlier turns that are no longer sent
  history: ChatMessage[]; // earlier turns, oldest first, each starting with a user message
  task: string; // the current request: always sent
  turn: ChatMessage[]; // this turn so far (assistant replies and tool results after the task)
}

export interface BudgetOptions {
  window: number;
  replyTokens: number;
  counter: TokenCounter;
  /** The reply reserve may shrink to this when nothing else gives (default 512 or replyTokens if smaller). */
  minReplyTokens?: number;
  /** Tokens one tool result may take (default a quarter of the window, at most 8k). */
  toolResultCap?: number;
  memoryShare?: number; // of the window (default 0.1)
  planShare?: number; // of the window (default 0.08)
  summaryShare?: number; // of the window (default 0.1)
  /** This many newest tool results of the turn are never evicted (default 2). */
  keepRecentResults?: number;
  /** Share of the window kept free for counting error (default: exact 3 %, calibrated 6 %, estimated 12 %). */
  safetyMargin?: number;
  truncationNote?: (shownLines: number, totalLines: number) => string;
}

export type SectionName = 'reply' | 'system' | 'repomap' | 'memory' | 'plan' | 'tools' | 'summary' | 'history' | 'task' | 'turn' | 'margin';

export interface SectionReport { name: SectionName; used: number; limit: number }

export interface BudgetReport {
  window: number;
  used: number; // prompt tokens + reserved reply + margin
  free: number;
  sections: SectionReport[];
  counter: string;
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
  /** How many leading history messages were not sent: summarise them and drop them from history. */
  droppedHistory: number;
}

export class BudgetError extends Error {
  constructor(message: string, readonly needed: number, readonly window: number) {
    super(message);
    this.name = 'BudgetError';
  }
}

const EVICTED = (name: string | undefined) => `[${name ? `${name} result` : 'Tool result'} removed to save context. Run the tool again if you still need it.]`;

function defaultMargin(counter: TokenCounter): number {
  if (counter.exact) return 0.03;
  return counter instanceof CalibratedCounter && counter.observations >= 2 ? 0.06 : 0.12;
}

/** Indices where history turns start (each user message opens one). */
function turnStarts(history: ChatMessage[]): number[] {
  const starts = history.flatMap((m, i) => (m.role === 'user' || i === 0 ? [i] : []));
  return starts.length ? starts : [0];
}

export function buildRequest(sections: BudgetSections, opts: BudgetOptions): BuiltRequest {
  const { counter, window } = opts;
  const count = (t: string) => counter.count(t);
  const margin = Math.ceil(window * (opts.safetyMargin ?? defaultMargin(counter)));
  const minReply = Math.min(opts.replyTokens, opts.minReplyTokens ?? 512);
  const resultCap = opts.toolResultCap ?? Math.min(8192, Math.floor(window / 4));
  const note = opts.truncationNote;
  let truncatedResults = 0;
  let evictedResults = 0;

  const capText = (text: string | undefined, cap: number) => {
    if (!text) return '';
    return truncateToTokens(text, cap, counter, note).text;
  };
  const capResult = (m: ChatMessage, cap: number): ChatMessage => {
    if (m.role !== 'tool') return m;
    const t = truncateToTokens(m.content, cap, counter, note);
    if (t.truncated) truncatedResults++;
    return t.truncated ? { ...m, content: t.text } : m;
  };

  // 1. Fixed sections, each within its share.
  const memory = capText(sections.memory, Math.floor(window * (opts.memoryShare ?? 0.1)));
  const plan = capText(sections.plan, Math.floor(window * (opts.planShare ?? 0.08)));
  const repoMap = sections.repoMap ? `## Repository map\n${sections.repoMap}` : '';
  const systemWith = (mem: string, pl: string, summary: string) => [sections.system, keepMap && repoMap,
    mem && `## Memory\n${mem}`, pl && `## Plan\n${pl}`, summary && `## Earlier in this conversation (summary)\n${summary}`,
  ].filter(Boolean).join('\n\n');
  const taskMessage: ChatMessage = { role: 'user', content: sections.task };
  const toolTokens = toolsTokens(sections.tools, count);
  const sysTokens = count(sections.system);
  const mapTokens = repoMap ? count(repoMap) + 1 : 0;
  const memTokens = memory ? count(`## Memory\n${memory}`) + 1 : 0;
  const planTokens = plan ? count(`## Plan\n${plan}`) + 1 : 0;
  const taskTokens = messageTokens(taskMessage, count);
  const frame = messageTokens({ role: 'system', content: '' }, count) + 3; // system frame + reply primer

  let reply = opts.replyTokens;
  let keepMap = true;
  let keepMemory = true;
  let keepPlan = true;
  const fixed = () => frame + sysTokens + (keepMap ? mapTokens : 0) + (keepMemory ? memTokens : 0) + (keepPlan ? planTokens : 0) + toolTokens + taskTokens;
  const room = () => window - margin - reply - fixed();
  // Too tight for even the essentials: give up reply reserve, then the repo map, memory, plan, before failing.
  if (room() < 0) reply = Math.max(minReply, reply + room());
  if (room() < 0) keepMap = false;
  if (room() < 0) keepMemory = false;
  if (room() < 0) keepPlan = false;
  if (room() < 0) {
    const needed = fixed() + minReply + margin;
    throw new BudgetError(`The system prompt, tool definitions and task need ${needed.toLocaleString('en-US')} tokens with the reply reserve, more than the ${window.toLocaleString('en-US')}-token context window. Use a larger context window.`, needed, window);
  }

  // 2. Every tool result within its cap.
  let turn = sections.turn.map((m) => capResult(m, resultCap));
  let history = sections.history.map((m) => capResult(m, resultCap));
  const sum = (ms: ChatMessage[]) => ms.reduce((n, m) => n + messageTokens(m, count), 0);
  let turnTokens = sum(turn);
  let available = room();

  // 3. This turn: evict old results (oldest first, the newest few stay), then cut the newest ones.
  const keep = opts.keepRecentResults ?? 2;
  const resultIdx = () => turn.flatMap((m, i) => (m.role === 'tool' ? [i] : []));
  const evictable = resultIdx().slice(0, Math.max(0, resultIdx().length - keep));
  for (const i of evictable) {
    if (turnTokens <= available * 0.85) break; // leave some room for history and the summary too
    const m = turn[i] as Extract<ChatMessage, { role: 'tool' }>;
    const stub = { ...m, content: EVICTED(m.name) };
    turnTokens += messageTokens(stub, count) - messageTokens(m, count);
    turn = turn.map((x, j) => (j === i ? stub : x));
    evictedResults++;
  }
  for (const i of resultIdx().reverse()) {
    if (turnTokens <= available) break;
    const m = turn[i]!;
    const others = turnTokens - messageTokens(m, count);
    const cut = capResult(m, Math.max(64, available - others - 16));
    turnTokens += messageTokens(cut, count) - messageTokens(m, count);
    turn = turn.map((x, j) => (j === i ? cut : x));
  }
  // Still too long (many long replies): drop the oldest steps of this turn; a step is an assistant message
  // with its tool results, kept whole so that no result is left without its call.
  let droppedTurn = 0;
  while (turnTokens > available && turn.length) {
    const next = turn.findIndex((m, i) => i > 0 && m.role === 'assistant');
    const step = next > 0 ? next : turn.length;
    turnTokens -= sum(turn.slice(0, step));
    turn = turn.slice(step);
    droppedTurn += step;
  }
  available -= turnTokens;

  // 4. The summary of dropped turns, within its share of what is left.
  const summary = sections.summary ? capText(sections.summary, Math.min(Math.floor(window * (opts.summaryShare ?? 0.1)), Math.max(0, available - 8))) : '';
  const summaryTokens = summary ? count(`## Earlier in this conversation (summary)\n${summary}`) + 1 : 0;
  available -= summaryTokens;

  // 5. History: evict old results first, then drop whole turns from the oldest.
  let historyTokens = sum(history);
  for (let i = 0; i < history.length && historyTokens > available; i++) {
    const m = history[i]!;
    if (m.role !== 'tool' || m.content.startsWith('[') && m.content.endsWith('removed to save context. Run the tool again if you still need it.]')) continue;
    const stub = { ...m, content: EVICTED(m.name) };
    historyTokens += messageTokens(stub, count) - messageTokens(m, count);
    history = history.map((x, j) => (j === i ? stub : x));
    evictedResults++;
  }
  let dropped = 0;
  if (historyTokens > available) {
    const starts = [...turnStarts(history), history.length];
    let k = 0;
    while (k < starts.length - 1 && historyTokens > available) {
      historyTokens -= sum(history.slice(starts[k]!, starts[k + 1]!));
      k++;
    }
    dropped = starts[k]!;
    history = history.slice(dropped);
  }

  // 6. Assemble, and check the whole against the window once more: this is the guarantee.
  const messages: ChatMessage[] = [
    { role: 'system', content: systemWith(keepMemory ? memory : '', keepPlan ? plan : '', summary) },
    ...history,
    taskMessage,
    ...turn,
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
    window, used: total + reply + margin, free: left, counter: counter.name,
    evictedResults, truncatedResults, droppedMessages: dropped + droppedTurn,
    sections: [
      { name: 'reply', used: reply, limit: opts.replyTokens },
      { name: 'system', used: sysTokens + frame, limit: sysTokens + frame },
      ...(mapTokens ? [{ name: 'repomap' as const, used: keepMap ? mapTokens : 0, limit: mapTokens }] : []),
      { name: 'memory', used: keepMemory ? memTokens : 0, limit: Math.floor(window * (opts.memoryShare ?? 0.1)) },
      { name: 'plan', used: keepPlan ? planTokens : 0, limit: Math.floor(window * (opts.planShare ?? 0.08)) },
      { name: 'tools', used: toolTokens, limit: toolTokens },
      { name: 'summary', used: summaryTokens, limit: Math.floor(window * (opts.summaryShare ?? 0.1)) },
      { name: 'history', used: historyTokens, limit: limitFor(historyTokens, left) },
      { name: 'task', used: taskTokens, limit: taskTokens },
      { name: 'turn', used: turnTokens, limit: limitFor(turnTokens, left) },
      { name: 'margin', used: margin, limit: margin },
    ],
  };
  return { messages, tools: sections.tools, maxTokens: reply, promptTokens: total, report, droppedHistory: dropped };
}

/** Teaches a calibrated counter from a reply's usage: what we would count for these messages vs the server. */
export function learnFromUsage(counter: TokenCounter, sent: { messages: ChatMessage[]; tools?: ToolSchema[] }, actualPromptTokens: number | undefined): void {
  if (!(counter instanceof CalibratedCounter) || !actualPromptTokens) return;
  counter.observe(promptTokens(sent.messages, sent.tools, (t) => counter.baseCount(t)), actualPromptTokens);
}

/** One line per section for `/budget`: "history 1,234 / 5,000". */
export function formatBudgetReport(r: BudgetReport): string[] {
  const f = (n: number) => n.toLocaleString('en-US');
  return [
    `Context window ${f(r.window)} tokens: ${f(r.used)} used, ${f(r.free)} free (counting: ${r.counter})`,
    ...r.sections.map((s) => `${s.name.padEnd(8)} ${f(s.used).padStart(7)} / ${f(s.limit)}`),
    ...(r.evictedResults || r.truncatedResults || r.droppedMessages
      ? [`Made room: ${r.evictedResults} old tool results removed, ${r.truncatedResults} cut, ${r.droppedMessages} old messages dropped`] : []),
  ];
}
