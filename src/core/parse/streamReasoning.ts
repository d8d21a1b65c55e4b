// While a reply streams in: reasoning written inline (`<think>…</think>` from Qwen3, QwQ or an R1 distill
// on a server that does not split it off) is routed to the reasoning view instead of the chat, where it
// would stream in and, before a tool call, stay above the tool card. Like findReasoning, a block counts
// only where it opens the reply or follows a closed block; later in an answer the tag is just text.
import { REASONING_MARKERS } from './reasoning';

export interface ReasoningSplit {
  reasoning: string;
  answer: string;
}

export interface StreamReasoningSplitter {
  push(chunk: string): ReasoningSplit;
}

/** Longest suffix of `text` that is a proper prefix of `marker`. */
function partialAtEnd(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) if (marker.startsWith(text.slice(text.length - n))) return n;
  return 0;
}

export function createReasoningSplitter(): StreamReasoningSplitter {
  let mode: 'start' | 'thought' | 'answer' = 'start';
  let pending = ''; // held: leading spaces and a marker still being written
  let close = '';
  const step = (out: ReasoningSplit): ReasoningSplit => {
    for (;;) {
      if (mode === 'answer') {
        out.answer += pending;
        pending = '';
        return out;
      }
      if (mode === 'thought') {
        const at = pending.indexOf(close);
        if (at < 0) {
          const hold = partialAtEnd(pending, close);
          out.reasoning += pending.slice(0, pending.length - hold);
          pending = pending.slice(pending.length - hold);
          return out;
        }
        out.reasoning += pending.slice(0, at);
        pending = pending.slice(at + close.length);
        mode = 'start'; // reasoning may open again right after (findReasoning reads it so too)
        continue;
      }
      const lead = pending.trimStart();
      const opened = REASONING_MARKERS.find((m) => lead.startsWith(m.open));
      if (opened) {
        mode = 'thought';
        close = opened.close;
        pending = lead.slice(opened.open.length);
        continue;
      }
      // nothing yet, or the start of a marker: wait for more
      if (lead === '' || REASONING_MARKERS.some((m) => m.open.startsWith(lead))) return out;
      mode = 'answer';
      pending = lead;
    }
  };
  return {
    push(chunk) {
      pending += chunk;
      return step({ reasoning: '', answer: '' });
    },
  };
}
