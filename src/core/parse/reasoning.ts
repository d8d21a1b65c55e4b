// Where the model is thinking rather than answering. Each family marks it differently; some servers open
// the block in the prompt, so a closing marker with no opener before it means "everything up to here".
import { cutSpans, type Span } from './spans';

export interface ReasoningMarkers {
  open: string;
  close: string;
  /** The generation prompt may already have opened the block. */
  mayBeOpenedByPrompt: boolean;
}

/** The one list of reasoning markers: the parser and the stream splitter (streamReasoning.ts) both read it. */
export const REASONING_MARKERS: readonly ReasoningMarkers[] = [
  { open: '<think>', close: '</think>', mayBeOpenedByPrompt: true },
  { open: '<thinking>', close: '</thinking>', mayBeOpenedByPrompt: false },
  { open: '<seed:think>', close: '</seed:think>', mayBeOpenedByPrompt: true },
  { open: '<seed:cot_budget_reflect>', close: '</seed:cot_budget_reflect>', mayBeOpenedByPrompt: false },
  { open: '[THINK]', close: '[/THINK]', mayBeOpenedByPrompt: true },
  { open: '<|START_THINKING|>', close: '<|END_THINKING|>', mayBeOpenedByPrompt: true },
  { open: '<|inner_prefix|>', close: '<|inner_suffix|>', mayBeOpenedByPrompt: false },
  { open: '<|channel>thought', close: '<channel|>', mayBeOpenedByPrompt: false },
];

/** Apriel ends its (unmarked) reasoning with this line. */
const FINAL_RESPONSE = '[BEGIN FINAL RESPONSE]';

export interface ReasoningSpan extends Span {
  /** The reasoning text itself, without its markers. */
  inner: Span;
}

/**
 * Where a marker is text, not markup: quoted or in backticks (`<think>`, '</think>', "<think>…" in a
 * call's JSON), after a JSON escape (`\n</think>` inside a string), or standing between spaces like a
 * word of a sentence ("the stray </think> tag"). Real reasoning markers touch the reasoning or a line end.
 */
function mentioned(text: string, at: number, marker: string): boolean {
  const before = text[at - 1] ?? '\n';
  const after = text[at + marker.length] ?? '\n';
  if (QUOTES.has(before) || QUOTES.has(after) || text[at - 2] === '\\') return true;
  return (before === ' ' || before === '\t') && (after === ' ' || after === '\t');
}
const QUOTES = new Set(['`', "'", '"']);

/** The next place `marker` occurs as markup, from `from` (-1: none). */
function nextMarker(text: string, marker: string, from: number): number {
  for (let at = text.indexOf(marker, from); at >= 0; at = text.indexOf(marker, at + marker.length)) {
    if (!mentioned(text, at, marker)) return at;
  }
  return -1;
}

export function findReasoning(text: string): ReasoningSpan[] {
  const spans: ReasoningSpan[] = [];
  const unclosed: ReasoningSpan[] = [];
  for (const m of REASONING_MARKERS) {
    let from = 0;
    const firstClose = nextMarker(text, m.close, 0);
    if (m.mayBeOpenedByPrompt && firstClose >= 0) {
      // a closer with no opener before it: the prompt opened the block, everything up to it is reasoning
      const firstOpen = nextMarker(text, m.open, 0);
      if (firstOpen < 0 || firstOpen > firstClose) {
        spans.push({ start: 0, end: firstClose + m.close.length, inner: { start: 0, end: firstClose } });
        from = firstClose + m.close.length;
      }
    }
    for (;;) {
      const open = nextMarker(text, m.open, from);
      if (open < 0) break;
      const close = nextMarker(text, m.close, open + m.open.length);
      if (close < 0) {
        unclosed.push({ start: open, end: text.length, inner: { start: open + m.open.length, end: text.length } });
        break;
      }
      spans.push({ start: open, end: close + m.close.length, inner: { start: open + m.open.length, end: close } });
      from = close + m.close.length;
    }
  }
  const final = text.indexOf(FINAL_RESPONSE);
  if (final >= 0) spans.push({ start: 0, end: final + FINAL_RESPONSE.length, inner: { start: 0, end: final } });
  spans.push(...findHarmonyAnalysis(text));
  // An opener never closed (the reply was cut while thinking) holds reasoning only where the reply starts
  // with it, or goes on thinking after a closed block; elsewhere it is an answer mentioning the tag.
  const closed = dropNested(spans);
  const opensReply = (s: Span) => cutSpans(text.slice(0, s.start), closed.filter((c) => c.end <= s.start)).trim() === '';
  return dropNested([...closed, ...unclosed.filter(opensReply)]);
}

/** The text with its reasoning removed, trimmed (what a plain completion answered). */
export function withoutReasoning(text: string): string {
  return cutSpans(text, findReasoning(text)).trim();
}

/** gpt-oss harmony: an `analysis` message is reasoning unless its header addresses a tool (`to=`). */
function findHarmonyAnalysis(text: string): ReasoningSpan[] {
  const spans: ReasoningSpan[] = [];
  const marker = '<|channel|>analysis';
  let from = 0;
  for (;;) {
    const at = text.indexOf(marker, from);
    if (at < 0) break;
    const msg = text.indexOf('<|message|>', at);
    if (msg < 0) break;
    const back = Math.max(0, at - 120); // a header is short: look back only that far
    const headerStart = back + Math.max(0, text.slice(back, at).lastIndexOf('<|start|>'));
    const header = text.slice(headerStart, msg);
    let endTok = text.indexOf('<|end|>', msg);
    const end = endTok < 0 ? text.length : endTok + '<|end|>'.length;
    if (endTok < 0) endTok = text.length;
    if (!header.includes('to=')) spans.push({ start: at, end, inner: { start: msg + '<|message|>'.length, end: endTok } });
    from = end;
  }
  return spans;
}

function dropNested(spans: ReasoningSpan[]): ReasoningSpan[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: ReasoningSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) continue;
    out.push(s);
  }
  return out;
}
