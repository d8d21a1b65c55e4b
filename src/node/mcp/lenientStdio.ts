// The SDK's stdio client transport with a reader that skips what is not MCP, as VS Code's and Claude's
// clients do: a banner or a log line on stdout is reported (`notMcp`) and the next line is read; a
// message over the size limit is dropped up to its end (`tooLarge`) where the SDK's reader would close
// the connection (and so kill a server that only answered one call with too much).
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';
import { deserializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { MAX_MESSAGE_BYTES, type StdoutEvents } from './stdoutEvents';

/** The SDK's ReadBuffer contract (append, readMessage, clear), lenient. */
class SkippingReadBuffer {
  private buffer: Buffer | undefined;
  /** Inside a line over the limit: everything up to its newline is dropped. */
  private skipping = false;

  constructor(private readonly events: StdoutEvents) {}

  append(chunk: Buffer): void {
    if (this.skipping) {
      const end = chunk.indexOf('\n');
      if (end === -1) return;
      this.skipping = false;
      this.events.tooLarge();
      chunk = chunk.subarray(end + 1);
    }
    this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
  }

  readMessage(): JSONRPCMessage | null {
    for (;;) {
      if (!this.buffer) return null;
      const end = this.buffer.indexOf('\n');
      if (end === -1) {
        if (this.buffer.length > MAX_MESSAGE_BYTES) { this.buffer = undefined; this.skipping = true; }
        return null;
      }
      const line = this.buffer.toString('utf8', 0, end).replace(/\r$/, '');
      this.buffer = this.buffer.subarray(end + 1);
      if (!line.trim()) continue;
      try {
        const message = deserializeMessage(line);
        this.events.mcp();
        return message;
      } catch {
        this.events.notMcp(line);
      }
    }
  }

  clear(): void {
    this.buffer = undefined;
    this.skipping = false;
  }
}

export class LenientStdioTransport extends StdioClientTransport {
  constructor(server: StdioServerParameters, events: StdoutEvents) {
    super(server);
    // the SDK's reader is a private field (the tests of banners and huge answers notice a rename)
    const self = this as unknown as { _readBuffer?: unknown };
    if (!('_readBuffer' in self)) throw new Error('the MCP SDK\'s stdio transport changed: its reader was not found');
    self._readBuffer = new SkippingReadBuffer(events);
  }
}
