// When one task alone outgrows the window, its oldest steps go at once, down to the low-water mark, and
// one note in their place says what they did ("write_file src/gen0.ts, src/gen1.ts; read_file src/a.ts"):
// without it the model cannot tell that those files exist. The note is sent byte for byte until the next
// drop, which merges its calls into it. Dropping a step at a time instead changed the prompt right after
// the task on every request, so a local server re-processed nearly the whole task each time.
import type { ChatMessage } from '../llm/types';

const HEADING = 'Earlier steps of this task were removed to save context. They called: ';
const MAX_TARGETS = 20; // paths named per tool (about 150 tokens); the rest are counted

interface Entry { tool: string; targets: string[]; more: number }

export function isRemovedStepsNote(m: ChatMessage | undefined): boolean {
  return m?.role === 'user' && m.content.startsWith(HEADING);
}

function entriesOf(note: ChatMessage | undefined): Entry[] {
  if (!note || !isRemovedStepsNote(note)) return [];
  return note.content!.slice(HEADING.length).replace(/\.$/, '').split('; ').flatMap((segment) => {
    const m = /^(\S+)(?: (.*?))?(?: \(\+(\d+) more\))?$/.exec(segment);
    return m ? [{ tool: m[1]!, targets: m[2] ? m[2].split(', ') : [], more: Number(m[3] ?? 0) }] : [];
  });
}

/** The path a call names, if any. */
function targetOf(args: string): string | undefined {
  try {
    const path = (JSON.parse(args) as { path?: unknown }).path;
    return typeof path === 'string' && path.trim() ? path.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The note for `dropped` steps, merged into the note they replace (if any). */
export function removedStepsNote(previous: ChatMessage | undefined, dropped: readonly ChatMessage[]): ChatMessage {
  const entries = entriesOf(previous);
  for (const m of dropped) {
    if (m.role !== 'assistant') continue;
    for (const call of m.tool_calls ?? []) {
      const tool = call.function.name;
      let entry = entries.find((e) => e.tool === tool);
      if (!entry) entries.push(entry = { tool, targets: [], more: 0 });
      const target = targetOf(call.function.arguments);
      if (target === undefined || entry.targets.includes(target)) continue;
      if (entry.targets.length < MAX_TARGETS) entry.targets.push(target);
      else entry.more++;
    }
  }
  const text = entries.map((e) => `${e.tool}${e.targets.length ? ` ${e.targets.join(', ')}` : ''}${e.more ? ` (+${e.more} more)` : ''}`).join('; ');
  return { role: 'user', content: `${HEADING}${text || 'nothing'}.` };
}

export interface StepsDrop { turn: ChatMessage[]; tokens: number; dropped: number }

/**
 * This task's oldest whole steps dropped (a step is an assistant message with what follows it, so that no
 * result is left without its call) until the turn takes at most `target` tokens with the note, or only
 * the newest step and what the model has not seen yet (from index `fresh` of `turn`) are left. Undefined
 * when there is nothing to drop.
 */
export function dropOldSteps(turn: ChatMessage[], target: number, fresh: number, tokens: (m: ChatMessage) => number): StepsDrop | undefined {
  const note = isRemovedStepsNote(turn[0]) ? turn[0] : undefined;
  const offset = note ? 1 : 0;
  const rest = turn.slice(offset);
  const sizes = rest.map(tokens);
  const after = (i: number) => sizes.slice(i).reduce((n, t) => n + t, 0);
  const starts = rest.flatMap((m, i) => (i > 0 && m.role === 'assistant' ? [i] : []));
  const limit = Math.min(starts.at(-1) ?? 0, fresh < 0 ? rest.length : Math.max(0, fresh - offset));
  let best: StepsDrop | undefined;
  for (const cut of starts) {
    if (cut > limit) break;
    const replaced = removedStepsNote(note, rest.slice(0, cut));
    best = { turn: [replaced, ...rest.slice(cut)], tokens: tokens(replaced) + after(cut), dropped: cut };
    if (best.tokens <= target) break;
  }
  return best;
}
