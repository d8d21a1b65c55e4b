// Scripted replies from the real llama.cpp server: a random-weight model cannot choose a sensible next
// step, but under a grammar that admits exactly one text it must write that text. So the real server
// tokenizes, templates, caches, generates and streams every reply, and the test still decides what the
// "model" does (which file it reads, when it answers). With native `tools` the request also says
// `tool_choice: "none"`: llama.cpp refuses a custom grammar otherwise, and the template renders the tools
// all the same (the prompt is the one the agent sends); the call then arrives as text, which the agent's
// parser reads as it reads any model that writes its calls in the content.
import type { ChatLike } from '../../src/core/agent';
import type { ChatClient, ChatRequest, ChatResult, StreamCallbacks } from '../../src/core/llm';
import { hermes } from '../unit/agent/helpers';

/** A GBNF grammar whose only sentence is `text`. */
export function exactTextGrammar(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `root ::= "${escaped}"`;
}

/** A call as Qwen2.5 writes it, after optional prose. */
export function textCall(name: string, args: Record<string, unknown>, prose = ''): string {
  return prose ? `${prose}\n${hermes(name, args)}` : hermes(name, args);
}

export interface ScriptedModel extends ChatLike {
  /** Every request as sent (after the script chose the reply). */
  readonly requests: ChatRequest[];
}

/** The client, with each reply forced to `next(request, index)` (the script also sees summary requests). */
export function scriptedModel(client: ChatClient, next: (request: ChatRequest, index: number) => string): ScriptedModel {
  const requests: ChatRequest[] = [];
  return {
    model: client.model,
    requests,
    stream(request: ChatRequest, callbacks?: StreamCallbacks): Promise<ChatResult> {
      const grammar = exactTextGrammar(next(request, requests.length));
      const forced = { ...request, extraBody: { ...request.extraBody, grammar, ...(request.tools?.length ? { tool_choice: 'none' } : {}) } };
      requests.push(forced);
      return client.stream(forced, callbacks);
    },
  };
}
