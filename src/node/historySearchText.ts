// What a history search looks in for one conversation (see HistoryStore.list): built from the saved
// record when a search reads its file, and kept between searches by SearchTexts.
import { isString } from '../core/isString';
import type { SavedConversation } from './historyStore';
import { folded } from './searchWords';

/**
 * The text of a conversation a search looks in, folded (see searchWords): its title, what the
 * transcript's entries say, what its tool cards show (the tool, the call, its arguments, its result: redacted and
 * capped already) and the files its tasks changed.
 */
export function searchedText(c: SavedConversation): string {
  const texts = c.transcript.flatMap((e) => {
    if (typeof e !== 'object' || e === null) return [];
    const { text, tool } = e as { text?: unknown; tool?: Record<string, unknown> };
    const card = typeof tool === 'object' && tool !== null ? [tool.name, tool.headline, tool.args, tool.result] : [];
    return [text, ...card].filter(isString);
  });
  const tasks = Array.isArray(c.extra.tasks) ? c.extra.tasks : [];
  const files = tasks.flatMap((t) => (typeof t === 'object' && t !== null && Array.isArray((t as { files?: unknown }).files) ? (t as { files: unknown[] }).files.filter(isString) : []));
  return folded([c.title, ...texts, ...files].join('\n'));
}
