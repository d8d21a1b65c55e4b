// One model reply: streamed with call markup held back from the visible text, then read by the
// parser whichever way the model called (structured tool_calls, or any text dialect).
import { createToolCallDetector, dropsCall, parseStructuredToolCalls, parseToolCalls, type Repair, type StreamState, type ToolCall } from '../parse';
import type { ChatRequest, ChatResult, StreamCallbacks } from '../llm';
import { parserTools, TOOLS } from '../tools';
import type { ToolSpec } from '../parse/types';
import { editBlocksAsCalls } from './editBlockCalls';
import { withoutStaleLineHints } from './staleLineHints';
import { callKey, type TextLoop } from '../governor';
import { ReplyLoops } from './replyLoops';

/** What the loop needs from a chat client (ChatClient, or a fake in benchmarks). */
export interface ChatLike {
  readonly model: string;
  stream(request: ChatRequest, callbacks?: StreamCallbacks): Promise<ChatResult>;
  /** The server really constrains a reply to `responseSchema` (see ChatClient). */
  readonly constrainedDecoding?: boolean;
}

export interface ModelReply {
  /** Prose without calls and reasoning: the answer when there is no call. */
  content: string;
  /** Raw text (for the governor, which tolerates leftover <think>). */
  text: string;
  reasoning: string;
  calls: ToolCall[];
  repairs: Repair[];
  /**
   * The repairs in words, as each call of this reply carries them. The parser does not say which call a
   * repair was made in, so every call of the reply gets all of them; a dropped cut-off call is not a
   * repair of the calls that ran and is left out here (it stays in `repairs`).
   */
  callRepairs: string[];
  /** Call markup in the reply the parser could not read (broken beyond repair, or cut by max_tokens). */
  unreadableCall: boolean;
  /** Said to the model: edit blocks beside the calls that could not be applied (the calls ran). */
  blocksNote?: string;
  finishReason: string;
  usage?: ChatResult['usage'];
  /**
   * The reply as the model wrote it, when it says exactly what was read from it: text calls read without
   * a repair, none dropped, changed or added, no reasoning cut out. The text protocol sends it back as it
   * was (the server's prompt cache holds those tokens); any other reply is written back as taught.
   */
  written?: string;
  /** The reply was stopped because it looped (finishReason 'loop'): the repeated stretch, and how often. */
  loop?: { sample: string; repeats: number };
}

export interface ReplyCallbacks {
  onText(delta: string): void;
  onReasoning(delta: string): void;
  onRetry(attempt: number, message: string): void;
}

const PARSER_TOOLS = parserTools(TOOLS);

/** What the run knows that reading a reply needs. */
export interface ReplyContext {
  /** Files the run wrote since the model last saw their lines (their `start_line` hints are dropped). */
  writtenSinceRead?: ReadonlySet<string>;
  /** The patches of earlier replies that were applied: a block beside calls that repeats one is quoted, not meant. */
  earlierEdits?: readonly { name: string; args: Record<string, unknown> }[];
}

/** Edit blocks beside calls that cannot be applied as written: the calls ran, and the model must know the edit did not. */
const BLOCKS_NOT_APPLIED = 'The SEARCH/REPLACE block in your reply was not applied: it names no file, or is cut off or malformed (your tool calls ran). To make that edit, send a patch call.';
/** Edit blocks beside calls taken as quotes of edits already made: said, so that an edit meant again is sent again. */
const BLOCKS_QUOTED = 'The SEARCH/REPLACE block in your reply repeats an edit you already made, so it was taken as a quote and not applied again. If you mean to make it again, send a patch call.';

/** `tools`: what the parser matches calls against, when the run has opt-in tools beyond the built-in set. */
export async function requestReply(client: ChatLike, request: ChatRequest, callbacks: ReplyCallbacks, tools: readonly ToolSpec[] = PARSER_TOOLS, context: ReplyContext = {}): Promise<ModelReply> {
  let detector = createToolCallDetector({ tools });
  let last: StreamState | undefined;
  // A reply that loops is stopped here, so the server stops generating it (see governor/loopingText).
  const loops = new ReplyLoops();
  const stop = new AbortController();
  const watched = (found: TextLoop | undefined) => { if (found) stop.abort(); };
  let result: ChatResult | undefined;
  try {
    result = await client.stream({ ...request, signal: request.signal ? AbortSignal.any([request.signal, stop.signal]) : stop.signal }, {
      onText: (delta) => {
        // the detector's delta, not its whole visible text: a long reply in small chunks stays linear
        last = detector.push(delta);
        watched(loops.text(delta, last.callStarted));
        if (last.reasoningDelta) callbacks.onReasoning(last.reasoningDelta); // `<think>` written inline
        if (last.delta) callbacks.onText(last.delta);
      },
      onReasoning: (delta) => {
        watched(loops.reasoning(delta));
        callbacks.onReasoning(delta);
      },
      onToolCall: (index, call) => watched(loops.call(index, call)),
      onRetry: (info) => {
        if (!info.discardPartial) return;
        detector = createToolCallDetector({ tools });
        last = undefined;
        loops.reset();
        callbacks.onRetry(info.attempt, info.error.message);
      },
    });
  } catch (error) {
    if (!loops.found || request.signal?.aborted) throw error;
  }
  const looped = loops.found;
  const reply = readReply(looped?.result ?? result!, tools, context);
  if (looped) reply.loop = { sample: looped.sample, repeats: looped.repeats };
  const shown = last?.visible ?? '';
  // The detector holds back text that only looks like a call start (an answer opening with `mul()`):
  // once the parser says there was no call, that text is shown after all.
  if (reply.calls.length === 0 && reply.content.startsWith(shown) && reply.content.length > shown.length) callbacks.onText(reply.content.slice(shown.length));
  return reply;
}

/** The calls in a finished reply; structured calls win, text calls are the fallback. */
export function readReply(result: ChatResult, tools: readonly ToolSpec[] = PARSER_TOOLS, context: ReplyContext = {}): ModelReply {
  const parsed = parseToolCalls(result.text, { tools });
  const structured = result.toolCalls.length ? parseStructuredToolCalls(result.toolCalls, { tools }) : undefined;
  const toolCalls = structured?.calls.length ? structured.calls : parsed.calls;
  // SEARCH/REPLACE blocks in the prose meant to edit, with or without calls beside them (edit, then run the tests)
  const blocks = editBlocksAsCalls(parsed.content);
  const callsAt = structured?.calls.length ? undefined : parsed.callsAt;
  const withBlocks = withEditBlocks(toolCalls, blocks.calls, () => blocksBefore(result.text, callsAt, tools), context.earlierEdits);
  const calls = withoutStaleLineHints(withBlocks.calls, context.writtenSinceRead);
  const repairs = [...(structured?.repairs ?? []), ...parsed.repairs, ...(blocks.repair ? [blocks.repair] : [])];
  // a call the reply's end cut short, a structured call without a name or readable arguments, or edit
  // blocks that cannot be applied as written, are dropped even when other calls were read
  // (the parser judges markup: addressed to an offered tool, not an example, not a package.json's "name")
  const unreadable = (calls.length === 0 && parsed.unreadableCall)
    || parsed.repairs.some(dropsCall)
    || (structured !== undefined && structured.calls.length < result.toolCalls.length)
    || (blocks.unreadable && toolCalls.length === 0);
  const reasoning = result.reasoning || parsed.reasoning || '';
  const asRead = !structured && !repairs.length && !unreadable && !reasoning && !parsed.skippedCalls && calls.length === withBlocks.calls.length
    && calls.every((c, i) => c === withBlocks.calls[i] && c === toolCalls[i]) && !blocks.calls.length;
  return {
    content: parsed.content.trim(),
    text: result.text,
    ...(asRead ? { written: result.text } : {}),
    reasoning,
    calls,
    repairs,
    callRepairs: repairs.filter((r) => !dropsCall(r)).map((r) => r.detail),
    unreadableCall: unreadable,
    ...(blocks.unreadable && toolCalls.length > 0 ? { blocksNote: BLOCKS_NOT_APPLIED } : withBlocks.quoted ? { blocksNote: BLOCKS_QUOTED } : {}),
    finishReason: result.finishReason,
    ...(result.usage ? { usage: result.usage } : {}),
  };
}

/**
 * The reply's calls with its edit blocks (as patch calls) in the order the text has them: the blocks
 * written before the first call run before the calls (edit, then run the tests), the rest after them.
 * Where the calls have no place in the text (structured calls, bare JSON), the edits go first. A block
 * the reply also sent as a patch call is that one edit written twice: it runs once, as the call. Beside
 * calls, a block that repeats a patch of an earlier reply is the model quoting it ("I had sent: …"):
 * it is not run again.
 */
function withEditBlocks(toolCalls: ToolCall[], blockCalls: ToolCall[], before: () => number | undefined, earlierEdits: ReplyContext['earlierEdits'] = []): { calls: ToolCall[]; quoted: boolean } {
  if (blockCalls.length === 0) return { calls: toolCalls, quoted: false };
  if (toolCalls.length === 0) return { calls: blockCalls, quoted: false };
  const sent = new Set(toolCalls.map(editKey));
  const made = new Set(earlierEdits.map((c) => editKey({ name: c.name, arguments: c.args })));
  const quoted = blockCalls.filter((c) => made.has(editKey(c)));
  const at = before() ?? blockCalls.length;
  const fresh = (calls: ToolCall[]) => calls.filter((c) => !sent.has(editKey(c)) && !quoted.includes(c));
  return { calls: [...fresh(blockCalls.slice(0, at)), ...toolCalls, ...fresh(blockCalls.slice(at))], quoted: quoted.length > 0 };
}

/** How many edit blocks the prose before the first call holds (undefined: the calls have no place in the text). */
function blocksBefore(text: string, callsAt: number | undefined, tools: readonly ToolSpec[]): number | undefined {
  if (callsAt === undefined) return undefined;
  // the prose as readReply reads it (reasoning and leaked tokens out), up to the first call
  return editBlocksAsCalls(parseToolCalls(text.slice(0, callsAt), { tools }).content).calls.length;
}

/** An edit block and a patch call of one reply are one edit when they change the same text, whatever line either names. */
function editKey(call: ToolCall): string {
  const { start_line: _where, ...args } = call.arguments;
  return callKey({ name: call.name, args: call.name === 'patch' ? args : call.arguments });
}
