// When no call markup was found: calls written as plain JSON (Llama 3, fenced JSON after a sentence),
// as the whole message in Python syntax, or as Functionary's `name\n{args}`. These have no marker, so
// they are held to stricter rules than markup: JSON must have an arguments key, and a call among prose
// must stand apart from its sentences and, when the tools are known, name one of them (prose with
// example JSON is not a call).
import { callsFromJson, insideWireFormat, isWireFormat } from './callShape';
import { parseLooseAt, tryParseLoose } from './looseJson';
import { proseIndex } from './prose';
import { parsePythonicProgram } from './pythonic';
import { cutSpans, type Span } from './spans';
import { calledTool } from './textEditorCalls';
import type { RawCall, Repair, ToolSpec } from './types';

const CANDIDATE = /\[\s*\{\s*["']?(?:name|tool_name|function|tool_calls)["']?\s*:|\{\s*["']?(?:name|tool_name|function|tool_calls|arguments|parameters)["']?\s*:/g;
/** What may surround a whole-message call without being prose: fences, a label, separators. */
const NOT_PROSE = /^(?:```[\w-]*|Action:|[\s;,])*$/;
/**
 * Call JSON among prose stands apart from the sentences around it. Before it on its line: nothing, a fence,
 * other JSON (a stray `{"name": "jeff"}` is no sentence), or a lead-in that ends a clause (`Here is the
 * result:`). After it on its line: nothing, a closing fence, or a new sentence (Llama 3 writes `Here is the
 * result: {…} Would you like to know more?`). JSON inside a sentence, with the sentence going on after it
 * (`call something like {…} but I will not`), is an example.
 */
const LEAD_IN = /(?:^|[:.!?}\]]|```[\w-]*)$/;
const FOLLOW = /^(?:[.!?]?\s*(?:\p{Lu}|```)|$)/u;

export interface Fallback {
  calls: RawCall[];
  spans: Span[];
  repairs: Repair[];
}

interface Found {
  span: Span;
  calls: RawCall[];
  repairs: Repair[];
  /** OpenAI's wire format (`{"tool_calls": [{"type": "function", …}]}`): among prose, an API being explained. */
  wire: boolean;
}


function known(name: string, specs: readonly ToolSpec[]): boolean {
  return specs.length === 0 || calledTool(name, specs) !== undefined;
}

function jsonCalls(content: string, specs: readonly ToolSpec[]): Fallback | null {
  const found: Found[] = [];
  CANDIDATE.lastIndex = 0;
  // a reply with thousands of broken `{"name":` starts is not a call; bounding the attempts keeps it fast
  let failuresLeft = 500;
  for (let m = CANDIDATE.exec(content); m && failuresLeft > 0; m = CANDIDATE.exec(content)) {
    const r = tryParseLoose(content, m.index);
    if ('failedAtEnd' in r && r.failedAtEnd) break; // a value cut off at the end: later starts are inside it
    const p = 'value' in r ? r : null;
    const calls = p ? callsFromJson(p.value, { inMarkup: false, dialect: 'json' }) : null;
    if (p && calls) {
      let end = p.end;
      while (end < content.length && (content[end] === '}' || content[end] === ']')) end++; // doubled closer
      const repairs = end > p.end ? [...p.repairs, { kind: 'extra-bracket' as const, detail: 'dropped extra closing brackets' }] : p.repairs;
      found.push({ span: { start: m.index, end }, calls, repairs, wire: isWireFormat(p.value) || insideWireFormat(content, m.index) });
      CANDIDATE.lastIndex = end;
    } else {
      failuresLeft--;
      CANDIDATE.lastIndex = m.index + 1;
    }
  }
  if (found.length === 0) return null;
  const spans = found.map((f) => f.span);
  const whole = NOT_PROSE.test(cutSpans(content, spans));
  // a whole message of call JSON is a call even to an unknown tool (the model is told the valid names);
  // inside prose, only calls to offered tools, standing apart from the sentences
  // (not under an example label, not the API's wire format being explained)
  const prose = whole ? undefined : proseIndex(content);
  const kept = whole
    ? found
    : runsOf(content, found)
      .filter((run) => standsApart(content, run) && !prose!.readsAsText({ start: run[0]!.span.start, end: run.at(-1)!.span.end }))
      .flat()
      .filter((f) => !f.wire && f.calls.every((c) => known(c.name, specs)));
  if (kept.length === 0) return null;
  return { calls: kept.flatMap((f) => f.calls), spans: kept.map((f) => f.span), repairs: kept.flatMap((f) => f.repairs) };
}

/** Calls written one after another on a line (`{…}; {…}`) stand or fall together. */
function runsOf(content: string, found: readonly Found[]): Found[][] {
  const runs: Found[][] = [];
  for (const f of found) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && /^[ \t;,]*$/.test(content.slice(prev.span.end, f.span.start))) run.push(f);
    else runs.push([f]);
  }
  return runs;
}

function standsApart(content: string, run: readonly Found[]): boolean {
  const start = run[0]!.span.start;
  const end = run[run.length - 1]!.span.end;
  const lineEnd = content.indexOf('\n', end);
  const before = content.slice(content.lastIndexOf('\n', start - 1) + 1, start).trim();
  const after = content.slice(end, lineEnd < 0 ? content.length : lineEnd).trim();
  return LEAD_IN.test(before) && FOLLOW.test(after);
}

function wholeMessageCalls(content: string, specs: readonly ToolSpec[]): Fallback | null {
  const t = content.trim();
  const all: Span[] = [{ start: 0, end: content.length }];
  // Functionary v3.2: the tool name on its own line, then the JSON arguments
  const nameLine = /^([A-Za-z_][\w.\-]*)\n(\{[\s\S]*\})$/.exec(t);
  if (nameLine && known(nameLine[1]!, specs)) {
    const p = parseLooseAt(nameLine[2]!, 0);
    if (p && p.end === nameLine[2]!.length && typeof p.value === 'object' && p.value && !Array.isArray(p.value)) {
      return { calls: [{ name: nameLine[1]!, arguments: p.value, dialect: 'functionary' }], spans: all, repairs: p.repairs };
    }
  }
  // Functionary's python tool takes raw code, not JSON; only when a `python` tool may exist
  if (t.startsWith('python\n') && (specs.length === 0 || specs.some((s) => s.name === 'python'))) {
    return { calls: [{ name: 'python', arguments: { code: t.slice('python\n'.length) }, dialect: 'functionary' }], spans: all, repairs: [] };
  }
  const py = parsePythonicProgram(t);
  if (py && py.calls.every((c) => known(c.name, specs))) return { calls: py.calls, spans: all, repairs: py.repairs };
  return null;
}

export function fallbackCalls(content: string, specs: readonly ToolSpec[]): Fallback | null {
  return jsonCalls(content, specs) ?? wholeMessageCalls(content, specs);
}
