// While a reply streams in: how much of it is safe to show as prose, and whether a tool call has begun,
// so the chat never flashes raw call markup. A partial opener at the end ("<tool_") is held back until
// the next chunk says what it is. Reasoning written inline is routed aside first (streamReasoning.ts).
import { escapeRegex } from '../text/escapeRegex';
import { createReasoningSplitter } from './streamReasoning';
import { nameKey } from './toolNames';
import { calledTool, TEXT_EDITOR_TOOL } from './textEditorCalls';
import type { ToolLike, ToolSpec } from './types';

const OPENERS = [
  '<tool_call>', '<tool_calls>', '<tools>', '<TOOLCALL>', '<function_calls>', '<|tool_call_start|>', '<|tools_prefix|>',
  '<seed:tool_call>', '<minimax:tool_call>', '<|python_start|>', '<|START_ACTION|>', '<｜DSML｜', '<|tool_call>',
  '<start_function_call>', '[TOOL_CALLS]', '<|python_tag|>', '<|function_call|>', '<function=', '<function name=',
  '<invoke name=', '<|tool_call_begin|>', '<|tool_calls_section_begin|>', '<｜tool▁calls▁begin｜>',
  '<｜tool▁call▁begin｜>', '<｜tool▁calls｜>', 'to=functions.',
];
/** The first opener from a position: one scan instead of one indexOf per opener. */
const OPENER = new RegExp(OPENERS.map(escapeRegex).join('|'), 'g');
const JSON_CALL = /\[?\s*\{\s*["']?(?:name|tool_name|tool_calls)["']?\s*:/;
/**
 * The whole reply starting like a Python-style call: `[get_x(` always; a bare `get_x(` only for a tool
 * that exists when the tools are known, since answers open with code too ("mul() now doubles…").
 */
const PY_LIST_START = /^\s*\[\s*[A-Za-z_][\w.]*\s*\(/;
const PY_LIST_PREFIX = /^\s*\[\s*(?:[A-Za-z_][\w.]*\s*)?$/;
const PY_BARE_START = /^\s*([A-Za-z_][\w.]*)\s*\(/;
const PY_BARE_PREFIX = /^\s*([A-Za-z_][\w.]*)\s*$/;
/** The end of the text may still become a JSON call: `{"na`, `[ {`. Searched in the last MAX_HOLD characters. */
const JSON_TAIL = /^[{[]\s*["']?\w*["']?\s*$/;
/** Llama 3.1 calls built-in tools as `tool.call(`: the tool is the part before (here also while it streams). */
const DOT_CALL = /\.(?:c(?:a(?:l(?:l)?)?)?)?$/;

export interface DetectorOptions {
  /** The tools offered; without them any `name(` opening the reply counts as a call. */
  tools?: readonly ToolLike[];
}

export interface StreamState {
  /** Text that can be shown to the user now (only grows). Built on first read: prefer `delta`. */
  readonly visible: string;
  /** What became visible with this chunk (the text from the end of the previous `visible`). */
  delta: string;
  /** A call has begun: stop showing text, wait for the end of the reply and parse it. */
  callStarted: boolean;
  /** Reasoning written inline (`<think>…`) that came with this chunk: shown as reasoning, never in `visible`. */
  reasoningDelta: string;
}

export interface ToolCallStreamDetector {
  push(chunk: string): StreamState;
  /** The answer so far: the reply without the inline reasoning the detector routed aside. */
  readonly text: string;
}

/** Every proper prefix of an opener ("<", "<t", … "<tool_call"), to recognise one split across chunks. */
const OPENER_PREFIXES = new Set(OPENERS.flatMap((o) => Array.from({ length: o.length - 1 }, (_, n) => o.slice(0, n + 1))));
const LONGEST_OPENER = Math.max(...OPENERS.map((o) => o.length));

/** Longest suffix of `text` that is a proper prefix of some opener: one set lookup per position. */
function partialOpenerAtEnd(text: string): number {
  for (let at = Math.max(0, text.length - LONGEST_OPENER + 1); at < text.length; at++) {
    if (OPENER_PREFIXES.has(text.slice(at))) return text.length - at;
  }
  return 0;
}

/** How much of the end may still become a JSON call (`{"na`): only the last bracket can start it. */
function jsonTailAtEnd(text: string): number {
  const from = Math.max(0, text.length - MAX_HOLD);
  const at = Math.max(text.lastIndexOf('{'), text.lastIndexOf('['));
  return at >= from && JSON_TAIL.test(text.slice(at)) ? text.length - at : 0;
}

interface BareNames {
  /** `name(` opening the reply is a call. */
  isCall(name: string): boolean;
  /** `name` so far may still grow into a call's name. */
  mayBecome(name: string): boolean;
}

/** Names matched the way the parser matches them (case, `_`/`-`), so the two agree on what is a call. */
function bareNames(tools: readonly ToolLike[] | undefined): BareNames {
  const specs: ToolSpec[] = (tools ?? []).map((t) => ({ name: typeof t === 'string' ? t : t.name }));
  if (specs.length === 0) return { isCall: () => true, mayBecome: () => true };
  // the text-editor tool is a call too when its commands' tools are offered: its name is held back as it comes
  const keys = [...specs.map((s) => s.name), ...(calledTool(TEXT_EDITOR_TOOL, specs) ? [TEXT_EDITOR_TOOL] : [])].map(nameKey);
  return {
    isCall: (name) => calledTool(name.replace(DOT_CALL, ''), specs) !== undefined,
    mayBecome: (name) => {
      const k = nameKey(name.replace(DOT_CALL, ''));
      return keys.some((key) => key.startsWith(k));
    },
  };
}

/** Looked back at from where visible text ends: openers and JSON starts are shorter than this. */
const LOOK_BACK = 64;
/** A held-back tail longer than this (`{` and a long word, a run of spaces) is prose after all. */
const MAX_HOLD = 256;
/** The reply's opening, judged for a Python-style call (`[get_x(`, `read_file(`), is no longer than this. */
const HEAD_CHARS = 512;

/**
 * Incremental: each chunk is looked at with a short window before it, never the whole reply again, so
 * a long reply in small chunks costs linear time (the whole text is joined only when asked for).
 */
export function createToolCallDetector(options: DetectorOptions = {}): ToolCallStreamDetector {
  const reasoning = createReasoningSplitter();
  const names = bareNames(options.tools);
  const chunks: string[] = [];
  let joined: string | undefined = '';
  let length = 0;
  /** The text from `windowStart` to the end: all the detector ever searches. */
  let window = '';
  let windowStart = 0;
  /** The reply's first HEAD_CHARS characters. */
  let head = '';
  let visibleEnd = 0;
  let started = false;

  const text = () => (joined ??= chunks.join(''));
  let reasoningDelta = '';
  const state = (from: number, callStarted: boolean): StreamState => {
    const delta = window.slice(from - windowStart, visibleEnd - windowStart);
    const end = visibleEnd;
    return { get visible() { return text().slice(0, end); }, delta, callStarted, reasoningDelta };
  };

  return {
    get text() {
      return text();
    },
    push(raw: string): StreamState {
      const split = reasoning.push(raw);
      reasoningDelta = split.reasoning;
      const chunk = split.answer;
      chunks.push(chunk);
      joined = undefined;
      length += chunk.length;
      const before = visibleEnd;
      if (started) return state(before, true);
      window += chunk;
      if (head.length < HEAD_CHARS) head += chunk.slice(0, HEAD_CHARS - head.length);
      // only the new part (and a window back for an opener split across chunks) needs looking at
      const from = Math.max(windowStart, visibleEnd - 40) - windowStart;
      OPENER.lastIndex = from;
      let callAt = OPENER.exec(window)?.index ?? -1;
      const json = JSON_CALL.exec(window.slice(from));
      if (json && (callAt < 0 || from + json.index < callAt)) callAt = from + json.index;
      if (callAt >= 0) callAt += windowStart;
      const bare = PY_BARE_START.exec(head);
      if (PY_LIST_START.test(head) || (bare && names.isCall(bare[1]!))) callAt = 0;
      if (callAt >= 0) {
        started = true;
        visibleEnd = Math.max(visibleEnd, callAt); // visible text only grows
        return state(before, true);
      }
      let hold = partialOpenerAtEnd(window);
      // "[get_wea" or "read_fi" may yet be followed by "(" (only while the whole reply is that)
      const whole = length <= HEAD_CHARS ? head : undefined;
      const bareSoFar = whole === undefined ? null : PY_BARE_PREFIX.exec(whole);
      if (whole !== undefined && (PY_LIST_PREFIX.test(whole) || (bareSoFar && names.mayBecome(bareSoFar[1]!)))) hold = length;
      hold = Math.max(hold, jsonTailAtEnd(window)); // "{"na" may become a JSON call
      visibleEnd = Math.max(visibleEnd, length - hold);
      const result = state(before, false);
      // keep only what the next chunk's search can reach
      const keepFrom = Math.max(windowStart, visibleEnd - LOOK_BACK);
      if (keepFrom > windowStart + LOOK_BACK) {
        window = window.slice(keepFrom - windowStart);
        windowStart = keepFrom;
      }
      return result;
    },
  };
}
