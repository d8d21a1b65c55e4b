// Watches one streamed reply for a loop (governor/loopingText) in each thing the model writes: its
// text, its reasoning, and each native tool call's arguments (a file's content can loop too). The first
// loop found is the reply's end: what came before it, with the repeated stretch written once.
import { insideFence, LOOP_MIN_SPAN_IN_CODE, LoopWatch, loopSample, withoutLoop, type TextLoop } from '../governor';
import type { ChatResult, ChatToolCall as ToolCall } from '../llm';

/** The finish reason of a reply stopped because it looped. */
export const LOOP_FINISH = 'loop';

export interface FoundLoop {
  /** The reply as it reads without the loop. */
  result: ChatResult;
  /** The repeated stretch, shortened, for messages. */
  sample: string;
  /** How many times it was written before the reply was stopped. */
  repeats: number;
}

export class ReplyLoops {
  private textWatch = new LoopWatch();
  private reasoningWatch = new LoopWatch();
  /** Each native call by its index: its arguments' watch, and its id and name once streamed. */
  private calls = new Map<number, { watch: LoopWatch; id?: string; name?: string }>();
  private loop: FoundLoop | undefined;

  get found(): FoundLoop | undefined {
    return this.loop;
  }

  /** `inCall`: the text has begun a call (the stream detector says so): what follows is its arguments. */
  text(delta: string, inCall: boolean): TextLoop | undefined {
    return this.record(this.textWatch, delta, (loop) => inCall || insideFence(this.textWatch.seen.slice(0, loop.start)), (cut) => ({ text: cut, reasoning: this.reasoningWatch.seen }));
  }

  reasoning(delta: string): TextLoop | undefined {
    return this.record(this.reasoningWatch, delta, () => false, (cut) => ({ text: this.textWatch.seen, reasoning: cut }));
  }

  /** A native call as streamed so far (the client gives the whole of its arguments each time). */
  call(index: number, call: { id?: string; name?: string; argumentsSoFar: string }): TextLoop | undefined {
    let seen = this.calls.get(index);
    if (!seen) this.calls.set(index, (seen = { watch: new LoopWatch() }));
    if (call.id) seen.id = call.id;
    if (call.name) seen.name = call.name;
    const { watch } = seen;
    // the call is cut inside its arguments: it is dropped, the text and reasoning around it kept
    return this.record(watch, call.argumentsSoFar.slice(watch.seen.length), () => true, () => ({ text: this.textWatch.seen, reasoning: this.reasoningWatch.seen }), index);
  }

  /** The native calls the reply wrote whole before the loop (whole JSON arguments), in order. */
  private wholeCalls(except?: number): ToolCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).flatMap(([index, { watch, id, name }]) => {
      if (index === except || !name || !isWholeObject(watch.seen)) return [];
      return [{ id: id ?? `call_${index}`, type: 'function' as const, function: { name, arguments: watch.seen } }];
    });
  }

  /** A retry starts the reply again. */
  reset(): void {
    this.textWatch = new LoopWatch();
    this.reasoningWatch = new LoopWatch();
    this.calls.clear();
    this.loop = undefined;
  }

  private record(watch: LoopWatch, delta: string, inCode: (loop: TextLoop) => boolean, reply: (cut: string) => { text: string; reasoning: string }, loopingCall?: number): TextLoop | undefined {
    if (this.loop || !delta) return undefined;
    const loop = watch.push(delta);
    // data in code repeats for real: there a loop must run much longer (the watch looks again as it grows)
    if (!loop || (watch.seen.length - loop.start < LOOP_MIN_SPAN_IN_CODE && inCode(loop))) return undefined;
    const { text, reasoning } = reply(withoutLoop(watch.seen, loop));
    // calls written whole before the loop stay (a read before it runs; the loop holds back what changes files)
    this.loop = { result: { text, reasoning, toolCalls: this.wholeCalls(loopingCall), finishReason: LOOP_FINISH, attempts: 1 }, sample: loopSample(watch.seen, loop), repeats: loop.repeats };
    return loop;
  }
}

function isWholeObject(json: string): boolean {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
