// What a history search looks in for one conversation (see HistoryStore.list): built from the saved
// record when a search reads its file, and kept between searches by SearchTexts.
import { isString } from '../core/isString';
import type { SavedConversation } from './historyStore';
import { folded } from './searchWords';

/** A card's first line of arguments or result is searched up to this long (a minified line is one line). */
const FIRST_LINE_CHARS = 200;
/**
 * A failed card's last characters are searched too: the error a command printed is at the end of its
 * output, which the card keeps for a failed call (runPresenter's FAILED_TAIL_CHARS).
 */
const FAILED_TAIL_CHARS = 300;

/**
 * A card's arguments are searched from their start up to this long, every line: a command written on
 * several lines (`command:` then the lines of it) says what it ran from its second line on.
 */
const ARGS_CHARS = 300;

const firstLine = (text: string): string => text.split('\n', 1)[0]!.slice(0, FIRST_LINE_CHARS);

/**
 * What a tool card adds to the search: the tool, its headline, the start of its arguments, the first
 * line of its result (and a failed one's end). Not its whole body: a conversation is mostly tool cards reading the
 * same files again, and a full history's whole cards would not fit SearchTexts' cache, so every search
 * would read most files again.
 */
function cardTexts(tool: Record<string, unknown>): unknown[] {
  const { name, headline, args, result, state } = tool;
  const tail = state === 'failed' && isString(result) ? [result.slice(-FAILED_TAIL_CHARS)] : [];
  return [name, headline, isString(args) && args.slice(0, ARGS_CHARS), isString(result) && firstLine(result), ...tail];
}

/**
 * The text of a conversation a search looks in, folded (see searchWords): its title, what the
 * transcript's entries say, what its tool cards show first (see cardTexts) and the files its tasks
 * changed, each text once.
 */
export function searchedText(c: SavedConversation): string {
  const texts = new Set<string>([c.title]);
  for (const e of c.transcript) {
    if (typeof e !== 'object' || e === null) continue;
    const { text, tool } = e as { text?: unknown; tool?: unknown };
    const card = typeof tool === 'object' && tool !== null ? cardTexts(tool as Record<string, unknown>) : [];
    for (const t of [text, ...card]) if (isString(t) && t.trim()) texts.add(t.trim());
  }
  const tasks = Array.isArray(c.extra.tasks) ? c.extra.tasks : [];
  for (const t of tasks) {
    const files = typeof t === 'object' && t !== null ? (t as { files?: unknown }).files : undefined;
    if (Array.isArray(files)) for (const f of files) if (isString(f)) texts.add(f);
  }
  return folded([...texts].join('\n'));
}
