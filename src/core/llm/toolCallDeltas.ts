// Streamed `tool_calls` fragments assembled into whole calls. The server's `index` is only a key: it is
// never used as an array position (an index of 1e9 would make a sparse array the event loop walks for
// seconds, and -1 or "x" would put the call where nothing reads it). Calls keep the order they started in.
import type { ToolCall } from './types';

/** More distinct calls than this in one reply is a runaway stream, not a plan; the rest are ignored. */
export const MAX_STREAMED_CALLS = 64;

export interface ToolCallDelta {
  index?: unknown;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

interface PartialCall { id?: string; name?: string; args: string }

export class ToolCallAssembler {
  private readonly calls: PartialCall[] = [];
  private readonly slots = new Map<number, number>();

  /** Adds one fragment; returns the call's position (0, 1, …) and what it has so far, or undefined when ignored. */
  add(delta: ToolCallDelta): { position: number; call: Readonly<PartialCall> } | undefined {
    const position = this.positionOf(delta);
    if (position === undefined) return undefined;
    const call = this.calls[position]!;
    call.id ??= delta.id ?? undefined; // the first id names the call: later ones may be a fragment's own
    const args = delta.function?.arguments;
    // LocalAI sends a whole call again under another index (same id): its arguments are not more of it
    if (args && args === call.args && delta.function?.name === call.name) return { position, call };
    // a name sent again with every fragment is the same name, not more of it
    const name = delta.function?.name;
    if (name && name !== call.name) call.name = (call.name ?? '') + name;
    if (args) call.args += args;
    return { position, call };
  }

  /** The calls that got a name, with ids for those the server left without. */
  result(): ToolCall[] {
    return this.calls.filter((c) => c.name).map((c, i) => ({ id: c.id ?? `call_${i}`, type: 'function' as const, function: { name: c.name!, arguments: c.args } }));
  }

  /**
   * Which call a fragment belongs to. An id seen before is that call, whatever the index (LocalAI sends a
   * call again, or goes on with it, under the next index). At a known index another id is another call
   * only when the fragment starts one (a name): Ollama's /v1 (0.20.x, ollama/ollama#15457) sends every
   * call of a reply at index 0, each whole; mlx-openai-server and Poolside give every fragment of one
   * call a fresh id, and those fragments carry only arguments.
   */
  private positionOf(delta: ToolCallDelta): number | undefined {
    const index = validIndex(delta.index);
    const slot = index === undefined ? undefined : this.slots.get(index);
    const known = delta.id ? this.calls.findIndex((c) => c.id === delta.id) : -1;
    if (known >= 0) {
      if (index !== undefined && slot === undefined) this.slots.set(index, known);
      return known;
    }
    if (slot !== undefined) {
      const slotId = this.calls[slot]!.id;
      if (!delta.id || !slotId || !delta.function?.name) return slot;
    } else if (index === undefined) {
      // No usable index and an unknown id: a new call if this fragment starts one, else the continuation
      // of the last call.
      if (!delta.id && !delta.function?.name && this.calls.length > 0) return this.calls.length - 1;
    }
    if (this.calls.length >= MAX_STREAMED_CALLS) return undefined;
    const position = this.calls.push({ args: '' }) - 1;
    if (index !== undefined) this.slots.set(index, position);
    return position;
  }
}

/** A non-negative integer (or its decimal string); anything else is no index at all. */
function validIndex(index: unknown): number | undefined {
  const n = typeof index === 'string' && /^\d{1,15}$/.test(index) ? Number(index) : index;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
