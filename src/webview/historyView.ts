// The saved conversations of this workspace, over the conversation while open: a search field, then
// one row per conversation (its title, when it last changed, its model) that opens it, with Rename and
// Delete. The host answers each search with the list; the conversation on screen is marked.
import type { HistoryItemView, HistoryView } from '../shared/chatProtocol';
import { el, keepFocus, smallButton } from './dom';

export interface HistoryHandlers {
  query(text: string): void;
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
  /** The view was closed (Escape, Close, or a conversation opened). */
  closed(): void;
  /** The search typed while the view is open, after each change; undefined once it is closed. */
  searching?(text: string | undefined): void;
}

/** Searches wait this long after the last key, so typing does not read every file on each letter. */
const SEARCH_DELAY_MS = 200;

/** "Today 15:03", "Yesterday 09:12", "Dec 1, 2026": short enough for a 280 px side bar. */
export function formatWhen(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(now) - day(at)) / 86_400_000);
  if (days === 0) return `Today ${time}`;
  if (days === 1) return `Yesterday ${time}`;
  return at.toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(at.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
}

export class HistoryPanel {
  readonly element: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private renaming: string | undefined;

  constructor(private readonly handlers: HistoryHandlers) {
    this.element = el('section', 'history-view');
    this.element.id = 'history';
    this.element.setAttribute('aria-label', 'Chat history');
    this.element.hidden = true;
    const head = el('div', 'history-head');
    head.append(el('h2', 'history-title', 'History'), smallButton('Close', 'Back to the conversation (Escape)', () => this.hide()));
    this.search = el('input', 'history-search');
    this.search.type = 'search';
    this.search.placeholder = 'Search conversations';
    this.search.setAttribute('aria-label', 'Search conversations');
    this.search.addEventListener('input', () => {
      this.handlers.searching?.(this.search.value);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.handlers.query(this.search.value), SEARCH_DELAY_MS);
    });
    this.status = el('p', 'history-status');
    this.status.setAttribute('role', 'status');
    this.list = el('ul', 'history-list');
    this.list.setAttribute('aria-label', 'Saved conversations');
    this.element.append(head, this.search, this.status, this.list);
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        event.stopPropagation();
        this.hide();
      }
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** Opens the view; `fetch`: ask the host for the list (not needed when the host opened it with one). */
  show(fetch = true): void {
    this.element.hidden = false;
    this.handlers.searching?.(this.search.value);
    if (fetch) this.handlers.query(this.search.value);
    this.search.focus();
  }

  hide(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.renaming = undefined;
    this.handlers.searching?.(undefined);
    this.handlers.closed();
  }

  /** Opens the view again on the search the user had typed (the panel was hidden while it was open). */
  reopen(search: string): void {
    this.search.value = search;
    this.show();
  }

  render(view: HistoryView): void {
    if (view.query !== this.search.value) {
      // searches are not cancelled: an answer for a query the user has typed past is stale
      if (this.search === document.activeElement) return;
      this.search.value = view.query;
    }
    const skipped = view.warnings.length ? ` ${view.warnings.length} saved conversation${view.warnings.length === 1 ? ' could' : 's could'} not be read and ${view.warnings.length === 1 ? 'is' : 'are'} left out.` : '';
    const count = view.items.length === 0
      ? (view.query ? `No conversation mentions “${view.query}”.` : 'No saved conversations yet: each conversation is kept here once it has a message.')
      : '';
    this.status.textContent = `${count}${skipped}`.trim();
    this.status.hidden = !this.status.textContent;
    // The keyboard on a row stays on it when the list is drawn again, or goes to the row that took
    // the place of one deleted, or to the search field when none is left.
    const focused = document.activeElement?.closest<HTMLElement>('.history-item');
    const at = focused && this.list.contains(focused) ? [...this.list.children].indexOf(focused) : -1;
    const restoreFocus = keepFocus(at >= 0 ? focused! : undefined);
    this.list.replaceChildren(...view.items.map((item) => this.row(item, item.id === view.current)));
    if (at < 0) return;
    const rows = [...this.list.children] as HTMLElement[];
    const next = rows.find((row) => row.dataset.id === focused!.dataset.id) ?? rows[Math.min(at, rows.length - 1)];
    if (!restoreFocus(next, next?.querySelector<HTMLElement>('.history-open'))) this.search.focus();
  }

  private row(item: HistoryItemView, current: boolean): HTMLElement {
    const row = el('li', 'history-item');
    row.dataset.id = item.id;
    if (current) row.setAttribute('aria-current', 'true');
    if (this.renaming === item.id) {
      row.append(this.renameField(item));
      return row;
    }
    const open = el('button', 'history-open');
    open.type = 'button';
    open.title = `Open “${item.title}”`;
    const meta = [current ? 'Open now' : '', formatWhen(item.updatedAt), item.model].filter(Boolean).join(' · ');
    open.append(el('span', 'history-item-title', item.title), el('span', 'history-item-meta', meta));
    open.addEventListener('click', () => {
      this.handlers.open(item.id);
      this.hide();
    });
    const actions = el('div', 'history-item-actions');
    actions.append(
      smallButton('Rename', `Rename “${item.title}”`, () => { this.renaming = item.id; row.replaceChildren(this.renameField(item)); }),
      smallButton('Delete', `Delete “${item.title}”`, () => this.handlers.remove(item.id)),
    );
    row.append(open, actions);
    return row;
  }

  private renameField(item: HistoryItemView): HTMLElement {
    const input = el('input', 'history-rename');
    input.value = item.title;
    input.setAttribute('aria-label', 'New name');
    const done = (save: boolean) => {
      this.renaming = undefined;
      const title = input.value.trim();
      if (save && title && title !== item.title) this.handlers.rename(item.id, title);
      else this.handlers.query(this.search.value);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) { event.preventDefault(); done(true); }
      if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); done(false); }
    });
    queueMicrotask(() => { input.focus(); input.select(); });
    const form = el('div', 'history-rename-row');
    form.append(input, smallButton('Save', 'Save the new name (Enter)', () => done(true)));
    return form;
  }
}
