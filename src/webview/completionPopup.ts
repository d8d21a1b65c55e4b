// The completion list above the chat input, shared by `/` commands and `@` mentions. Focus stays in
// the input: arrow keys move the active item, Enter or Tab picks it, Escape closes the list, and a
// click picks too. The list is a listbox with options so screen readers announce the choice.
import { el } from './dom';

export interface CompletionItem {
  label: string;
  detail?: string;
  /** Indices in `label` to highlight (the characters the query matched). */
  matches?: number[];
  pick: () => void;
}

export class CompletionPopup {
  readonly element: HTMLElement;
  private items: CompletionItem[] = [];
  private active = 0;
  private enterPicks = true;
  private readonly status: HTMLElement;

  constructor(id: string) {
    this.element = el('div', 'completion');
    this.element.id = id;
    this.element.setAttribute('role', 'listbox');
    this.element.hidden = true;
    // Focus never leaves the input, so the active option is also announced through a live region.
    this.status = el('div', 'visually-hidden');
    this.status.setAttribute('aria-live', 'polite');
  }

  /** The live region that announces the active option; place it in the document next to the list. */
  get announcer(): HTMLElement { return this.status; }

  get isOpen(): boolean { return !this.element.hidden; }

  /** `enterPicks: false` leaves Enter to the input (a command typed in full is sent, not completed again). */
  show(label: string, items: CompletionItem[], { enterPicks = true } = {}): void {
    this.enterPicks = enterPicks;
    this.items = items;
    this.active = 0;
    this.element.setAttribute('aria-label', label);
    this.element.hidden = items.length === 0;
    this.render();
  }

  hide(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.items = [];
    this.element.replaceChildren();
    this.status.textContent = '';
  }

  /** Handles a key from the input; true when the list used it. */
  handleKey(event: KeyboardEvent): boolean {
    if (!this.isOpen || event.isComposing) return false;
    switch (event.key) {
      case 'ArrowDown': this.move(1); return true;
      case 'ArrowUp': this.move(-1); return true;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey) return false;
        if (event.key === 'Enter' && !this.enterPicks) { this.hide(); return false; }
        this.pick(this.active);
        return true;
      case 'Escape': this.hide(); return true;
      default: return false;
    }
  }

  private move(by: number): void {
    this.active = (this.active + by + this.items.length) % this.items.length;
    this.render();
  }

  private pick(index: number): void {
    const item = this.items[index];
    this.hide();
    item?.pick();
  }

  private render(): void {
    this.element.replaceChildren(...this.items.map((item, index) => {
      const option = el('div', 'completion-item');
      option.id = `${this.element.id}-${index}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', String(index === this.active));
      option.append(highlighted(item.label, item.matches ?? []));
      if (item.detail) option.append(el('span', 'completion-detail', item.detail));
      // mousedown, not click: the input must keep focus.
      option.addEventListener('mousedown', (event) => { event.preventDefault(); this.pick(index); });
      return option;
    }));
    this.element.setAttribute('aria-activedescendant', `${this.element.id}-${this.active}`);
    this.element.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
    const current = this.items[this.active];
    this.status.textContent = current ? `${current.label}${current.detail ? `, ${current.detail}` : ''} (${this.active + 1} of ${this.items.length})` : '';
  }
}

function highlighted(label: string, matches: number[]): HTMLElement {
  const node = el('span', 'completion-label');
  const marked = new Set(matches);
  let run = '';
  let inMatch = false;
  const flush = () => {
    if (!run) return;
    node.append(inMatch ? el('mark', '', run) : document.createTextNode(run));
    run = '';
  };
  for (let i = 0; i < label.length; i++) {
    if (marked.has(i) !== inMatch) { flush(); inMatch = marked.has(i); }
    run += label[i];
  }
  flush();
  return node;
}
