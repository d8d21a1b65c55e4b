// While a reply streams in: how much of it is safe to show as prose, and whether a tool call has begun,
// so the chat never flashes raw call markup. A partial opener at the end ("<tool_") is held back until
// the next chunk says what it is.
const OPENERS = [
  '<tool_call>', '<tool_calls>', '<tools>', '<TOOLCALL>', '<function_calls>', '<|tool_call_start|>', '<|tools_prefix|>',
  '<seed:tool_call>', '<minimax:tool_call>', '<|python_start|>', '<|START_ACTION|>', '<｜DSML｜', '<|tool_call>',
  '<start_function_call>', '[TOOL_CALLS]', '<|python_tag|>', '<|function_call|>', '<function=', '<function name=',
  '<invoke name=', '<|tool_call_begin|>', '<|tool_calls_section_begin|>', '<｜tool▁calls▁begin｜>',
  '<｜tool▁call▁begin｜>', '<｜tool▁calls｜>', 'to=functions.',
];
const JSON_CALL = /\[?\s*\{\s*["']?(?:name|tool_name|tool_calls)["']?\s*:/;
/** The whole reply starting like a Python-style call: `[get_x(` or `get_x(`. */
const PY_CALL_START = /^\s*\[?\s*[A-Za-z_][\w.]*\s*\(/;
const PY_CALL_PREFIX = /^\s*\[?\s*[A-Za-z_][\w.]*\s*$/;

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

export function createToolCallDetector(): ToolCallStreamDetector {
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
      if (PY_CALL_START.test(text)) callAt = 0;
      if (callAt >= 0) {
        started = true;
        visibleEnd = Math.max(visibleEnd, Math.min(callAt, text.length));
        visibleEnd = Math.min(visibleEnd, callAt < visibleEnd ? visibleEnd : callAt);
        return { visible: text.slice(0, visibleEnd), callStarted: true };
      }
      let hold = partialOpenerAtEnd(text);
      if (PY_CALL_PREFIX.test(text)) hold = text.length; // "get_weather" may be followed by "("
      const tail = /[{[]\s*["']?\w*["']?\s*$/.exec(text); // "{"na" may become a JSON call
      if (tail) hold = Math.max(hold, text.length - tail.index);
      visibleEnd = Math.max(visibleEnd, text.length - hold);
      return { visible: text.slice(0, visibleEnd), callStarted: false };
    },
  };
}
