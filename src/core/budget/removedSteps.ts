// When one task alone outgrows the window, its oldest steps go at once, down to the low-water mark, and
// one note in their place says what they did, a line per tool (`- write_file "src/gen0.ts", "src/db.ts"
// (failed)`, `- run "npm run migrate"`): without it the model cannot tell that those files exist, which
// commands already ran, or that a call failed. The note is sent byte for byte until the next drop, which
// merges its calls into it. Dropping a step at a time instead changed the prompt right after the task on
// every request, so a local server re-processed nearly the whole task each time.
// The note is read back from its own text (it is all a restored conversation has), so every target is
// quoted with JSON.stringify: a path holding ", " or "; " cannot be mistaken for two.
// Its size is bounded (NoteOptions.cap): past it, the oldest targets become "(+n more)" and the oldest
// tools "(+k other tools)", so that in a small window it never crowds out the steps it replaced.
import type { ChatMessage } from '../llm/types';

const HEADING = 'Earlier steps of this task were removed to save context.';
const CALLED = ' They called:';
const MAX_TARGETS = 20; // targets named per tool before the cap in tokens applies; the rest are counted
const MAX_TARGET_CHARS = 60; // a command is named by its start
const FAILED = ' (failed)';

interface Target { text: string; failed: boolean }
interface Entry { tool: string; targets: Target[]; more: number; failedWithoutTarget: number }
interface Note { entries: Entry[]; otherTools: number }

export interface NoteOptions {
  /** The most tokens the note may take (as `tokens` counts it); unbounded when absent. */
  cap?: number;
  tokens?: (m: ChatMessage) => number;
  /** The call with this id failed (its result said so): the note marks it. */
  failed?: (toolCallId: string) => boolean;
}

export function isRemovedStepsNote(m: ChatMessage | undefined): boolean {
  return m?.role === 'user' && m.content.startsWith(HEADING);
}

const QUOTED = /"(?:[^"\\]|\\.)*"/y;

/** One line of the note back into its entry (undefined for a line that is not one). */
function parseLine(line: string): Entry | { otherTools: number } | undefined {
  const other = /^- \(\+(\d+) other tools\)$/.exec(line);
  if (other) return { otherTools: Number(other[1]) };
  const head = /^- (\S+)/.exec(line);
  if (!head) return undefined;
  const entry: Entry = { tool: head[1]!, targets: [], more: 0, failedWithoutTarget: 0 };
  let at = head[0].length;
  for (;;) {
    const sep = entry.targets.length ? ', ' : ' ';
    if (!line.startsWith(sep, at)) break;
    QUOTED.lastIndex = at + sep.length;
    const q = QUOTED.exec(line);
    if (!q) break;
    at = QUOTED.lastIndex;
    const failed = line.startsWith(FAILED, at);
    if (failed) at += FAILED.length;
    entry.targets.push({ text: JSON.parse(q[0]) as string, failed });
  }
  const rest = line.slice(at);
  entry.more = Number(/\(\+(\d+) more\)/.exec(rest)?.[1] ?? 0);
  entry.failedWithoutTarget = Number(/\((\d+) failed\)/.exec(rest)?.[1] ?? 0);
  return entry;
}

function noteOf(message: ChatMessage | undefined): Note {
  const note: Note = { entries: [], otherTools: 0 };
  if (!message || !isRemovedStepsNote(message)) return note;
  for (const line of message.content!.split('\n').slice(1)) {
    const parsed = parseLine(line);
    if (!parsed) continue;
    if ('otherTools' in parsed) note.otherTools += parsed.otherTools;
    else note.entries.push(parsed);
  }
  return note;
}

/** What a call names: its path, else its command (the start of it, whole words), if any. */
function targetOf(args: string): string | undefined {
  try {
    const a = JSON.parse(args) as { path?: unknown; command?: unknown };
    const given = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
    const path = given(a.path) ? a.path.trim() : undefined;
    if (path !== undefined) return path.length <= MAX_TARGET_CHARS ? path : `${path.slice(0, MAX_TARGET_CHARS)} …`;
    const command = given(a.command) ? a.command.trim().replace(/\s+/g, ' ') : undefined;
    if (command === undefined || command.length <= MAX_TARGET_CHARS) return command;
    const kept = wholeWordsWithin(command, MAX_TARGET_CHARS);
    return kept ? `${kept} …` : '…';
  } catch {
    return undefined;
  }
}

/**
 * The words of `text` that fit in `max` characters: a word cut in two is dropped, never kept in part —
 * the start of a token (`ghp_…` cut at 20 of its 36 characters) no longer has the shape the redaction
 * knows it by, and would be saved and sent on as it is. A first word too long for `max` leaves nothing.
 */
function wholeWordsWithin(text: string, max: number): string {
  const cut = text.slice(0, max + 1);
  const end = cut.lastIndexOf(' ');
  return end > 0 ? cut.slice(0, end) : '';
}

function lineOf(e: Entry): string {
  const targets = e.targets.map((t) => `${JSON.stringify(t.text)}${t.failed ? FAILED : ''}`).join(', ');
  return `- ${e.tool}${targets ? ` ${targets}` : ''}${e.more ? ` (+${e.more} more)` : ''}${e.failedWithoutTarget ? ` (${e.failedWithoutTarget} failed)` : ''}`;
}

function render(note: Note): ChatMessage {
  const lines = note.entries.map(lineOf);
  if (note.otherTools) lines.push(`- (+${note.otherTools} other tools)`);
  return { role: 'user', content: lines.length ? `${HEADING}${CALLED}\n${lines.join('\n')}` : `${HEADING} They called no tools.` };
}

/**
 * Shrinks `note` to `cap` tokens: the oldest target that did not fail goes first (a failure is what the
 * model most needs to know), then the oldest tool. Lines are counted one by one, the whole once more.
 */
function fit(note: Note, cap: number, tokens: (m: ChatMessage) => number): void {
  const text = (s: string) => tokens({ role: 'user', content: s }) - tokens({ role: 'user', content: '' });
  const costs = note.entries.map((e) => text(`\n${lineOf(e)}`));
  const over = () => costs.reduce((n, c) => n + c, 0) + text(`${HEADING}${CALLED}\n- (+${note.otherTools + 1} other tools)`) - (cap - tokens({ role: 'user', content: '' }));
  while (note.entries.length && (over() > 0 || tokens(render(note)) > cap)) {
    const widest = note.entries.reduce((w, e, i) => (e.targets.length > note.entries[w]!.targets.length ? i : w), 0);
    const entry = note.entries[widest]!;
    if (entry.targets.length > 1) {
      const i = entry.targets.findIndex((t) => !t.failed);
      const [gone] = entry.targets.splice(i < 0 ? 0 : i, 1);
      if (gone!.failed) entry.failedWithoutTarget++;
      entry.more++;
      costs[widest] = text(`\n${lineOf(entry)}`);
    } else {
      note.entries.shift();
      costs.shift();
      note.otherTools++;
    }
  }
}

/** The note for `dropped` steps, merged into the note they replace (if any). */
export function removedStepsNote(previous: ChatMessage | undefined, dropped: readonly ChatMessage[], options: NoteOptions = {}): ChatMessage {
  const note = noteOf(previous);
  for (const m of dropped) {
    if (m.role !== 'assistant') continue;
    for (const call of m.tool_calls ?? []) {
      const tool = call.function.name;
      let entry = note.entries.find((e) => e.tool === tool);
      if (!entry) note.entries.push(entry = { tool, targets: [], more: 0, failedWithoutTarget: 0 });
      const failed = options.failed?.(call.id) ?? false;
      const text = targetOf(call.function.arguments);
      const known = entry.targets.find((t) => t.text === text);
      if (text === undefined) {
        if (failed) entry.failedWithoutTarget++;
      } else if (known) {
        known.failed = failed; // the latest call on it tells how it stands
      } else if (entry.targets.length < MAX_TARGETS) {
        entry.targets.push({ text, failed });
      } else {
        entry.more++;
        if (failed) entry.failedWithoutTarget++;
      }
    }
  }
  if (options.cap !== undefined && options.tokens) fit(note, options.cap, options.tokens);
  return render(note);
}

export interface StepsDrop { turn: ChatMessage[]; tokens: number; dropped: number }

/**
 * This task's oldest whole steps dropped (a step is an assistant message with what follows it, so that no
 * result is left without its call) until the turn takes at most `target` tokens with the note, or only
 * the newest step and what the model has not seen yet (from index `fresh` of `turn`) are left. Undefined
 * when there is nothing to drop.
 */
export function dropOldSteps(turn: ChatMessage[], target: number, fresh: number, tokens: (m: ChatMessage) => number, note: Omit<NoteOptions, 'tokens'> = {}): StepsDrop | undefined {
  const previous = isRemovedStepsNote(turn[0]) ? turn[0] : undefined;
  const offset = previous ? 1 : 0;
  const rest = turn.slice(offset);
  const sizes = rest.map(tokens);
  const after = (i: number) => sizes.slice(i).reduce((n, t) => n + t, 0);
  const starts = rest.flatMap((m, i) => (i > 0 && m.role === 'assistant' ? [i] : []));
  const limit = Math.min(starts.at(-1) ?? 0, fresh < 0 ? rest.length : Math.max(0, fresh - offset));
  let best: StepsDrop | undefined;
  for (const cut of starts) {
    if (cut > limit) break;
    const replaced = removedStepsNote(previous, rest.slice(0, cut), { ...note, tokens });
    best = { turn: [replaced, ...rest.slice(cut)], tokens: tokens(replaced) + after(cut), dropped: cut };
    if (best.tokens <= target) break;
  }
  return best;
}

/**
 * The turn without its oldest step, the last resort when even the newest steps do not fit: after a
 * leading note, the step that follows it goes and is merged into the note (dropping the note itself lost
 * all it recorded, without a word). A note left alone goes last.
 */
export function dropOldestStep(turn: ChatMessage[], tokens: (m: ChatMessage) => number, note: Omit<NoteOptions, 'tokens'> = {}): { turn: ChatMessage[]; dropped: number } {
  const from = isRemovedStepsNote(turn[0]) && turn.length > 1 ? 1 : 0;
  const next = turn.findIndex((m, i) => i > from && m.role === 'assistant');
  const end = next > 0 ? next : turn.length;
  if (from === 0) return { turn: turn.slice(end), dropped: end };
  return { turn: [removedStepsNote(turn[0], turn.slice(1, end), { ...note, tokens }), ...turn.slice(end)], dropped: end - 1 };
}
