// What a trace of one run holds, as written to `.smallcode/traces/*.json`: plain data, every text in
// it already redacted and capped (see traceText), so the file can be shared as is.

/** One message of a request as sent (text-protocol requests carry calls inside `content`). */
export interface TraceMessage {
  role: string;
  content: string;
  /** Native calls of an assistant message: name and raw arguments. */
  calls?: { name: string; arguments: string }[];
}

export interface TraceToolCall {
  id: string;
  /** The name the model called (an MCP tool's `server__tool`); `label` how the user saw it (mcpLabel). */
  name: string;
  label?: string;
  /** The arguments, redacted; a string when too long to keep as an object. */
  args: unknown;
  /** What the parser fixed in the reply this call came from. */
  repairs: string[];
  ok?: boolean;
  /** The result as the model saw it (capped by the loop), redacted. */
  result?: string;
  durationMs?: number;
}

export interface TraceTurn {
  turn: number;
  /** Epoch ms when the turn began (before the budget was built). */
  startedAt: number;
  /** Until the next turn or the end of the run, less the time spent waiting for the user; absent while running. */
  durationMs?: number;
  /** Time this turn waited for the user to review its edits (not SmallCode's or the model's time). */
  userWaitMs?: number;
  request?: {
    mode: 'native' | 'text';
    messages: TraceMessage[];
    /** Tool schemas sent natively. */
    tools?: number;
    maxTokens: number;
    /** The prompt as the budget counted it. */
    promptTokens: number;
    /** Sent to the stronger endpoint (escalation, confirmed by the user), not the local model. */
    escalated?: { model: string; endpoint: string };
  };
  reply?: {
    text: string;
    reasoning?: string;
    finishReason: string;
    /** From sending the request to the parsed reply. */
    durationMs: number;
    calls: { name: string; args: unknown }[];
    repairs: string[];
    /** As the server reported them; `cachedTokens`: prompt tokens reused from its prompt cache, where it says. */
    usage?: { promptTokens: number; completionTokens: number; cachedTokens?: number };
  };
  tools: TraceToolCall[];
  /** Warnings, retries and verification results raised during the turn. */
  notes: string[];
}

export interface RunTrace {
  version: 1;
  id: string;
  task: string;
  model: string;
  /** The saved conversation the run belongs to: its trace file is deleted with it. */
  conversation?: string;
  /** ISO time the run started. */
  startedAt: string;
  turns: TraceTurn[];
  /** Absent while the run goes on. */
  end?: { stopReason: string; durationMs: number; error?: string };
  /** `cachedTokens`: prompt tokens the server reused from its prompt cache, summed where it reported them. */
  totals: { promptTokens: number; completionTokens: number; cachedTokens?: number; requests: number; toolCalls: number; repairs: number; durationMs: number };
}

/** One line per turn, shaped like the panel's TraceSummaryView. */
export interface TraceTurnSummary {
  /** `<run id>:<turn>`: names the run and the turn. */
  id: string;
  turn: number;
  label: string;
  promptTokens: number;
  completionTokens: number;
  /** Of promptTokens, reused from the server's prompt cache (when it reported it). */
  cachedTokens?: number;
  durationMs: number;
  calls: number;
  repairs: number;
  current?: boolean;
}

export interface TraceSection {
  title: string;
  text: string;
}
