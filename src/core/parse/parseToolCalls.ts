// The forgiving tool-call parser. The model family is never given: call markup of every family is looked
// for at once, its body read by what it contains, then plain-JSON and whole-message forms are tried.
// Calls inside reasoning count only when the answer itself has none (some models call from <think>).
import { findBlocks, type Extracted } from './blocks';
import { parseCallBody } from './callBody';
import { argumentsObject } from './callShape';
import { dropsCall, type ParseContext } from './context';
import { findHarmonyCalls } from './dialects/harmony';
import { fallbackCalls } from './fallbacks';
import { tryParseLoose } from './looseJson';
import { repairArguments } from './argumentRepair';
import { stripLeakedTokens } from './leakedTokens';
import { proseIndex } from './prose';
import { findReasoning, type ReasoningSpan } from './reasoning';
import { contains, cutSpans, type Span } from './spans';
import { matchToolName } from './toolNames';
import { textEditorCall } from './textEditorCalls';
import { normalizeTools, propertyType } from './toolSpecs';
import type { ParseOptions, ParseResult, RawCall, Repair, ToolCall, ToolSpec } from './types';
import { jsonNamesTool, markupNamesTool } from './unreadable';

export function parseToolCalls(text: string, options: ParseOptions = {}): ParseResult {
  const input = typeof text === 'string' ? text : '';
  const specs = normalizeTools(options.tools);
  const ctx: ParseContext = { paramType: paramTypeLookup(specs), repairs: [], openEnded: true };

  const reasoning = findReasoning(input);
  const extracted = mergeExtracted(findHarmonyCalls(input), findBlocks(input, ctx, parseCallBody));
  const answer: Extracted[] = [];
  const thought: Extracted[] = [];
  const dropped: Repair[] = []; // calls cut off by the reply's end, or with a value that cannot be delimited
  const prose = proseIndex(input);
  let brokenMarkup = false;
  const explained: Span[] = []; // markup that stays text
  let ri = 0; // both lists are sorted and reasoning spans do not overlap: one sweep
  for (const e of extracted) {
    while (ri < reasoning.length && reasoning[ri]!.end <= e.start) ri++;
    const r = reasoning[ri];
    const inThought = r !== undefined && contains(r, e);
    // markup inside a sentence or under an example label explains calls: it stays text (in reasoning too:
    // "I could call <tool_call>… but no" rejected the call it wrote)
    if (prose.readsAsText(callSpan(input, e))) {
      explained.push(e);
      continue;
    }
    if (!e.calls) {
      // markup with nothing callable in it stays visible as text; a call cut off by the end is reported
      dropped.push(...e.repairs.filter(dropsCall));
      if (!inThought && !brokenMarkup && markupNamesTool(input, e, specs)) brokenMarkup = true;
      continue;
    }
    (inThought ? thought : answer).push(e);
  }

  const repairs: Repair[] = [...dropped];
  const leaked = stripLeakedTokens(cutSpans(input, [...reasoning, ...answer, ...thought]));
  if (leaked.stripped) repairs.push({ kind: 'leaked-token', detail: 'removed leaked special tokens' });
  let content = leaked.text;
  let raw: RawCall[] = [];
  let callsAt: number | undefined;
  if (extracted.some((e) => e.repairs.some((r) => r.kind === 'unclear-value'))) {
    // markup whose values cannot be told apart may hold more call markup as code: none of it is run
    repairs.push(...extracted.flatMap((e) => (e.calls ? e.repairs.filter(dropsCall) : [])));
  } else if (answer.length) {
    raw = answer.flatMap((e) => e.calls ?? []);
    callsAt = answer[0]!.start;
    repairs.push(...answer.flatMap((e) => e.repairs));
  } else if (dropped.length === 0) {
    // a call cut off by the end is not looked for again in the text around it: its half-written
    // content may hold call-shaped JSON (a fixture, an example) that was never meant as a call; nor is
    // markup that explains calls (its JSON would read as a call without the markup around it)
    const fb = explained.length === 0 ? fallbackCalls(content, specs) : null;
    if (fb) {
      raw = fb.calls;
      repairs.push(...fb.repairs);
      content = cutSpans(content, fb.spans);
    } else if (thought.length) {
      raw = thought.flatMap((e) => e.calls ?? []);
      repairs.push(...thought.flatMap((e) => e.repairs), { kind: 'call-in-reasoning', detail: 'took the call written inside reasoning' });
    }
  }

  const reasoningText = reasoningWithoutCalls(input, reasoning, thought);

  const calls = finalizeCalls(raw, specs, repairs);
  const unreadableCall = calls.length === 0 && dropped.length === 0 && (brokenMarkup || withoutExplained(input, [...reasoning, ...explained], specs));
  const result: ParseResult = { calls, content: tidy(content), repairs, unreadableCall };
  if (reasoningText) result.reasoning = reasoningText;
  if (callsAt !== undefined && calls.length) result.callsAt = callsAt;
  if (calls.length < raw.length) result.skippedCalls = raw.length - calls.length;
  return result;
}

/**
 * The text a block's call really covers. A dialect without a closing marker (`[TOOL_CALLS]`) runs to the
 * next opener or the end; its call ends with the JSON value after the opener, and what follows on the
 * line decides whether it sat inside a sentence.
 */
function callSpan(input: string, e: Extracted): Span {
  if (!e.unclosed) return e;
  const open = input.slice(e.start, Math.min(e.end, e.start + 200)).search(/\[\s*\{|\{/); // past the opener itself
  if (open < 0) return e;
  const value = tryParseLoose(input, e.start + open);
  return 'value' in value ? { start: e.start, end: value.end } : e;
}

/** Call-shaped JSON naming a tool, outside reasoning and outside markup that explains calls. */
function withoutExplained(input: string, spans: readonly Span[], specs: readonly ToolSpec[]): boolean {
  const rest = cutSpans(input, spans);
  return jsonNamesTool(rest, specs, proseIndex(rest));
}

/** The reasoning text, minus calls taken out of it (both lists sorted, so one sweep). */
function reasoningWithoutCalls(input: string, reasoning: readonly ReasoningSpan[], thought: readonly Extracted[]): string {
  const parts: string[] = [];
  let ti = 0;
  for (const r of reasoning) {
    const inside: Span[] = [];
    while (ti < thought.length && thought[ti]!.start < r.inner.end) {
      const t = thought[ti++]!;
      if (contains(r.inner, t)) inside.push({ start: t.start - r.inner.start, end: t.end - r.inner.start });
    }
    const text = cutSpans(input.slice(r.inner.start, r.inner.end), inside).trim();
    if (text) parts.push(text);
  }
  return parts.join('\n\n');
}

/** Harmony calls and marker blocks can cover the same text; the earlier, longer one wins. */
function mergeExtracted(a: Extracted[], b: Extracted[]): Extracted[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start || y.end - x.end);
  const out: Extracted[] = [];
  let reach = -1;
  for (const e of all) {
    if (e.start < reach) continue;
    out.push(e);
    reach = e.end;
  }
  return out;
}

function tidy(s: string): string {
  return s
    .replace(/```[\w-]*\s*```/g, '') // a fence whose call was taken out
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function paramTypeLookup(specs: readonly ToolSpec[]): ParseContext['paramType'] {
  return (tool, key) => {
    const m = matchToolName(tool, specs);
    if (m.kind === 'unknown') return undefined;
    return propertyType(m.spec.parameters?.properties?.[key]);
  };
}

/** Names checked against the tools, arguments made an object and repaired against the schema. */
export function finalizeCalls(raw: readonly RawCall[], specs: readonly ToolSpec[], repairs: Repair[]): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const r of raw) {
    const args = argumentsObject(r.arguments, repairs);
    if (!args) continue; // arguments that are not an object cannot be a call
    if (specs.length === 0) {
      calls.push({ name: r.name, arguments: args });
      continue;
    }
    const m = matchToolName(r.name, specs);
    const editor = m.kind === 'unknown' ? textEditorCall(r.name, args) : undefined;
    const ours = editor ? matchToolName(editor.name, specs) : m;
    if (ours.kind === 'unknown') {
      repairs.push({ kind: 'unknown-tool', detail: `no tool named ${r.name}; valid: ${specs.map((s) => s.name).join(', ')}` });
      calls.push({ name: r.name, arguments: args });
      continue;
    }
    if (editor) repairs.push({ kind: 'tool-name', detail: `read ${r.name} ${String(args.command)} as ${ours.spec.name}` });
    else if (ours.kind === 'forgiven') repairs.push({ kind: 'tool-name', detail: `read tool name ${r.name} as ${ours.spec.name}` });
    calls.push({ name: ours.spec.name, arguments: repairArguments(editor?.arguments ?? args, ours.spec.parameters, repairs) });
  }
  return calls;
}
