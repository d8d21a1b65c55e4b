// While a reply streams in: how much of it is safe to show as prose, and whether a tool call has begun,
// so the chat never flashes raw call markup. A partial opener at the end ("<tool_") is held back until
// the next chunk says what it is.
import { matchToolName, nameKey } from './toolNames';
import type { ToolLike, ToolSpec } from './types';

const OPENERS = [
  '<tool_call>', '<tool_calls>', '<tools>', '<TOOLCALL>', '<function_calls>', '<|tool_call_start|>', '<|tools_prefix|>',
  '<seed:tool_call>', '<minimax:tool_call>', '<|python_start|>', '<|START_ACTION|>', '<｜DSML｜', '<|tool_call>',
  '<start_function_call>', '[TOOL_CALLS]', '<|python_tag|>', '<|function_call|>', '<function=', '<function name=',
  '<invoke name=', '<|tool_call_begin|>', '<|tool_calls_section_begin|>', '<｜tool▁calls▁begin｜>',
  '<｜tool▁call▁begin｜>', '<｜tool▁calls｜>', 'to=functions.',
];
const JSON_CALL = /\[?\s*\{\s*["']?(?:name|tool_name|tool_calls)["']?\s*:/;
/**
 * The whole reply starting like a Python-style call: `[get_x(` always; a bare `get_x(` only for a tool
 * that exists when the tools are known, since answers open with code too ("mul() now doubles…").
 */
const PY_LIST_START = /^\s*\[\s*[A-Za-z_][\w.]*\s*\(/;
const PY_LIST_PREFIX = /^\s*\[\s*(?:[A-Za-z_][\w.]*\s*)?$/;
const PY_BARE_START = /^\s*([A-Za-z_][\w.]*)\s*\(/;
const PY_BARE_PREFIX = /^\s*([A-Za-z_][\w.]*)\s*$/;
/** Llama 3.1 calls built-in tools as `tool.call(`: the tool is the part before (here also while it streams). */
const DOT_CALL = /\.(?:c(?:a(?:l(?:l)?)?)?)?$/;

export interface DetectorOptions {
  /** The tools offered; without them any `name(` opening the reply counts as a call. */
  tools?: readonly ToolLike[];
}

export interface StreamState {
  /** Text that can be shown to the user now (only grows). */
  visible: string;
  /** A call has begun: stop showing text, wait for the end of the reply and parse it. */
  callStarted: boolean;
}

export interface ToolCallStreamDetector {
  push(chunk: string): StreamState;
  readonly text: string;
}

/** Longest suffix of `text` that is a proper prefix of some opener. */
function partialOpenerAtEnd(text: string): number {
  let longest = 0;
  for (const o of OPENERS) {
    for (let n = Math.min(o.length - 1, text.length); n > longest; n--) {
      if (text.endsWith(o.slice(0, n))) {
        longest = n;
        break;
      }
    }
  }
  return longest;
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
  const keys = specs.map((s) => nameKey(s.name));
  return {
    isCall: (name) => matchToolName(name.replace(DOT_CALL, ''), specs).kind !== 'unknown',
    mayBecome: (name) => {
      const k = nameKey(name.replace(DOT_CALL, ''));
      return keys.some((key) => key.startsWith(k));
    },
  };
}

export function createToolCallDetector(options: DetectorOptions = {}): ToolCallStreamDetector {
  const names = bareNames(options.tools);
  let text = '';
  let visibleEnd = 0;
  let started = false;
  return {
    get text() {
      return text;
    },
    push(chunk: string): StreamState {
      text += chunk;
      if (started) return { visible: text.slice(0, visibleEnd), callStarted: true };
      // only the new part (and a window back for an opener split across chunks) needs looking at
      const from = Math.max(0, visibleEnd - 40);
      let callAt = -1;
      for (const o of OPENERS) {
        const i = text.indexOf(o, from);
        if (i >= 0 && (callAt < 0 || i < callAt)) callAt = i;
      }
      const json = JSON_CALL.exec(text.slice(from));
      if (json && (callAt < 0 || from + json.index < callAt)) callAt = from + json.index;
      const bare = PY_BARE_START.exec(text);
      if (PY_LIST_START.test(text) || (bare && names.isCall(bare[1]!))) callAt = 0;
      if (callAt >= 0) {
        started = true;
        visibleEnd = Math.max(visibleEnd, Math.min(callAt, text.length));
        visibleEnd = Math.min(visibleEnd, callAt < visibleEnd ? visibleEnd : callAt);
        return { visible: text.slice(0, visibleEnd), callStarted: true };
      }
      let hold = partialOpenerAtEnd(text);
      // "[get_wea" or "read_fi" may yet be followed by "("
      const bareSoFar = PY_BARE_PREFIX.exec(text);
      if (PY_LIST_PREFIX.test(text) || (bareSoFar && names.mayBecome(bareSoFar[1]!))) hold = text.length;
      const tail = /[{[]\s*["']?\w*["']?\s*$/.exec(text); // "{"na" may become a JSON call
      if (tail) hold = Math.max(hold, text.length - tail.index);
      visibleEnd = Math.max(visibleEnd, text.length - hold);
      return { visible: text.slice(0, visibleEnd), callStarted: false };
    },
  };
}
