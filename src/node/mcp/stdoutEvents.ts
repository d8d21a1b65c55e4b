// What the stdio reader (lenientStdio) tells the connection, in a module of its own: the connection is
// in the extension's main bundle, the reader and the SDK in the one loaded on the first server start.

export interface StdoutEvents {
  /** A line that is not a JSON-RPC message (skipped). */
  notMcp(line: string): void;
  /** A JSON-RPC message was read. */
  mcp(): void;
  /** A line longer than the limit was dropped (it was an answer nobody will get). */
  tooLarge(): void;
}

/** The largest message read, as the SDK's own reader (STDIO_DEFAULT_MAX_BUFFER_SIZE): 10 MB. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
