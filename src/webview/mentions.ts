// `@` mentions in the chat input: the special items (@selection, @problems) answered at once, and
// workspace files asked of the host (mentionQuery → mentionResults with the same id; a late answer
// to an older query is dropped). The host reads what to attach from the text sent (mentionText.ts);
// the paths picked here go along because they may hold spaces, which a typed mention cannot.
import type { MentionItem } from '../shared/chatProtocol';
import type { CompletionItem } from './completionPopup';
import { SPECIAL_MENTIONS } from '../shared/mentionText';

const DETAILS: Record<typeof SPECIAL_MENTIONS[number], string> = {
  selection: 'The code selected in the active editor',
  problems: 'Errors and warnings from the Problems panel',
};
const SPECIAL: MentionItem[] = SPECIAL_MENTIONS.map((kind) => ({ kind, value: kind, detail: DETAILS[kind] }));
/** Typing settles before asking the host to search the workspace. */
const DEBOUNCE_MS = 60;

export class MentionCompleter {
  private lastId = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private query = '';

  constructor(
    private readonly ask: (id: number, query: string) => void,
    private readonly show: (items: CompletionItem[]) => void,
    private readonly pick: (item: MentionItem) => void,
  ) {}

  /** The user typed `@query`: show the matching special items now, files when the host answers. */
  update(query: string): void {
    this.query = query;
    this.show(this.items([]));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.ask(++this.lastId, query), DEBOUNCE_MS);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.lastId++; // any answer in flight is now stale
  }

  receive(id: number, files: MentionItem[]): void {
    if (id !== this.lastId) return;
    this.show(this.items(files));
  }

  private items(files: MentionItem[]): CompletionItem[] {
    const q = this.query.toLowerCase();
    const specials = SPECIAL.filter((s) => s.value.startsWith(q));
    return [...specials, ...files.filter((f) => f.kind === 'file')].map((item) => ({
      label: `@${item.value}`,
      detail: item.detail,
      matches: item.kind === 'file' ? (item.matches ?? []).map((i) => i + 1) : q ? Array.from({ length: q.length }, (_, i) => i + 1) : [],
      pick: () => this.pick(item),
    }));
  }
}
