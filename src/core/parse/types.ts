/** One tool call as the model meant it. */
export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** A change the parser made to what the model wrote, kept so traces can show it. */
export interface Repair {
  kind: RepairKind;
  detail: string;
}

export type RepairKind =
  | 'dialect'
  | 'trailing-comma'
  | 'single-quotes'
  | 'unquoted-key'
  | 'python-literal'
  | 'missing-comma'
  | 'unclosed-bracket'
  | 'extra-bracket'
  | 'invalid-escape'
  | 'control-char'
  | 'tuple'
  | 'arguments-string'
  | 'tool-name'
  | 'unknown-tool'
  | 'param-name'
  | 'type-coercion'
  | 'leaked-token'
  | 'call-in-reasoning'
  /** SEARCH/REPLACE blocks written in the reply, read as patch calls (by the agent). */
  | 'edit-blocks'
  /** Not a repair: a call the reply's end cut short was dropped. */
  | 'cut-off'
  /** Not a repair: a call whose value holds its own closing tag, with no telling which one ends it, was dropped. */
  | 'unclear-value';

export interface ParseResult {
  calls: ToolCall[];
  /** The prose left once calls, reasoning and leaked special tokens are removed. */
  content: string;
  reasoning?: string;
  repairs: Repair[];
  /**
   * No call was read, but the reply holds call markup (or call-shaped JSON) addressed to an offered tool
   * that could not be read: the model meant to call and should be told how. Markup inside a sentence or
   * labelled as an example, and JSON that is data (a package.json), do not count.
   */
  unreadableCall: boolean;
  /** Calls written in markup but not read, without a repair saying so (their arguments are not an object). */
  skippedCalls?: number;
  /**
   * Where in the text the first call's markup starts, when the calls were read from markup in the answer
   * (not from reasoning, nor from bare JSON): what the prose before the calls is.
   */
  callsAt?: number;
}

/** A tool as the parser needs it: a name and, when known, its JSON Schema parameters. */
export interface ToolSpec {
  name: string;
  parameters?: JsonSchema;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  [key: string]: unknown;
}

/** Anything that names a tool: a bare name, a {name, parameters} schema, or one of our zod tools. */
export type ToolLike = string | { name: string; parameters?: unknown; inputSchema?: unknown; jsonSchema?: unknown; schema?: unknown };

export interface ParseOptions {
  tools?: readonly ToolLike[];
}

/** A call before names and arguments are checked against the tools. */
export interface RawCall {
  name: string;
  arguments: unknown;
  dialect: string;
}
