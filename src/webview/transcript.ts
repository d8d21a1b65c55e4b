// Renders the conversation and keeps it in step with the host's transcript messages. Replies are
// markdown (rendered safely, see markdown.ts); what the user typed and notices are text (unless a
// notice is marked as markdown: /help, /budget); tool calls are cards. Nothing a model writes is
// ever parsed as HTML.
import type { ChatEntry, TranscriptMessage } from '../shared/chatProtocol';
import { el, keepFocus } from './dom';
import { renderMarkdown, renderMarkdownBlocks, type MarkdownOptions } from './markdown';
import { untilOpenFence, type Lead } from './continuedFence';
import { StreamRenderer } from './streamRenderer';
import { renderToolCard } from './toolCard';
import { renderApprovalCard } from './approvalCard';
import { renderCheckpointCard } from './checkpointCard';
import type { ApprovalChoice } from '../shared/chatProtocol';

const ROLE_LABEL: Record<ChatEntry['role'], string> = { user: 'You', assistant: 'SmallCode', notice: 'Notice', tool: 'Tool', approval: 'Approval', checkpoint: 'Checkpoint' };
const LEVEL_LABEL = { info: 'Notice', warning: 'Warning', error: 'Error' } as const;
/** Within this many pixels of the end, new content keeps the view at the end. */
const STICKY_PX = 48;

export function renderEmptyState(): HTMLElement {
  const empty = el('div', 'empty-state');
  empty.append(
    el('p', 'empty-title', 'Ask SmallCode to change code in this workspace.'),
    el('p', '', 'Or select code in an editor and run “SmallCode: Fix selection” (Ctrl+Alt+F).'),
    el('p', 'empty-hint', 'Type / for commands, @ to mention a file, @selection or @problems.'),
  );
  return empty;
}

/** Where the reader is in the conversation; `follow`: at the end, staying there as it grows. */
export interface ScrollPosition {
  top: number;
  follow: boolean;
}

export class TranscriptView {
  /** The scrolling conversation. */
  readonly element: HTMLElement;
  /** The conversation with its "Jump to latest" button: what the panel lays out. */
  readonly container: HTMLElement;
  private readonly jump: HTMLButtonElement;
  /** Entries change height after they are added (streamed text, tool cards, fonts, web components). */
  private readonly resized = new ResizeObserver(() => this.followEnd());
  private readonly stream: StreamRenderer;
  private readonly markdown: MarkdownOptions;
  /** False once the reader scrolls up to read something earlier; true again at the end. */
  private follow = true;
  /** Where the view was at the last scroll event, to tell the reader's scrolling up from growth. */
  private lastTop = 0;
  /** The rendered node of each entry, by id (kept in step with the view's children). */
  private readonly nodes = new Map<string, HTMLElement>();

  /** Approval cards already shown in this panel: only a card seen for the first time may take focus. */
  private readonly announced = new Set<string>();
  /** The tool cards the user opened, by entry id: a card drawn again (its result came, the panel was redrawn) stays open. */
  private readonly openCards: Set<string>;
  private readonly onCardsToggled: (open: string[]) => void;
  /** What the reply `id` with this text continues: a cut reply's open code block (see continuedFence.ts). */
  private readonly continues: (id: string, text: string) => Lead | undefined;
  /** Whether the next reply goes on with the reply `id`'s open code block, and so draws it whole in its place. */
  private readonly continuedBelow: (id: string) => boolean;
  /** The replies drawn without their open block (continuedBelow), to draw again when that changes. */
  private readonly drawnContinued = new Set<string>();

  private readonly onApproval: (id: string, choice: ApprovalChoice) => void;
  private readonly onUndoRun: (id: string) => void;

  /** Where the keyboard goes when a redraw takes away the entry it was on. */
  private readonly onFocusLost: () => void;
  /** Where the reader is, after each scroll (kept, so the panel shown again opens there). */
  private readonly onScrolled: (position: ScrollPosition) => void;

  constructor(options: MarkdownOptions & {
    onApproval: (id: string, choice: ApprovalChoice) => void; onUndoRun: (id: string) => void;
    onFocusLost: () => void; onScrolled: (position: ScrollPosition) => void;
    /** The tool cards open when the panel was last shown, and where to report a card opened or closed. */
    openCards?: string[]; onCardsToggled?: (open: string[]) => void;
    continues?: (id: string, text: string) => Lead | undefined;
    continuedBelow?: (id: string) => boolean;
  }) {
    this.continues = options.continues ?? (() => undefined);
    this.continuedBelow = options.continuedBelow ?? (() => false);
    this.openCards = new Set(options.openCards);
    this.onCardsToggled = options.onCardsToggled ?? (() => undefined);
    this.markdown = { onOpenLink: options.onOpenLink, ...(options.onCodeAction ? { onCodeAction: options.onCodeAction } : {}) };
    this.onApproval = options.onApproval;
    this.onUndoRun = options.onUndoRun;
    this.onFocusLost = options.onFocusLost;
    this.onScrolled = options.onScrolled;
    this.element = el('section', 'transcript');
    this.element.id = 'transcript';
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-live', 'polite');
    this.element.setAttribute('aria-label', 'Conversation');
    this.element.tabIndex = 0; // scrollable by keyboard
    // Only the reader moving up stops the following: content that grows between our scroll and its
    // event also leaves the view short of the end, and must not count as "scrolled up".
    this.element.addEventListener('scroll', () => {
      const top = this.element.scrollTop;
      if (this.isAtEnd()) this.follow = true;
      else if (top < this.lastTop - 1) this.follow = false;
      this.lastTop = top;
      if (this.follow) this.jump.hidden = true;
      this.onScrolled({ top, follow: this.follow });
    }, { passive: true });
    this.jump = el('button', 'jump-latest', 'Jump to latest ↓');
    this.jump.type = 'button';
    this.jump.id = 'jump-latest';
    this.jump.hidden = true;
    this.jump.addEventListener('click', () => {
      // The button hides itself: the keyboard that pressed it goes on to the conversation, not <body>.
      const restoreFocus = keepFocus(this.jump);
      this.scrollToEnd();
      restoreFocus(null, this.element);
    });
    this.container = el('div', 'transcript-area');
    this.container.append(this.element, this.jump);
    // The panel itself can get shorter (a warning, an open review bar): stay at the end then too.
    this.resized.observe(this.element);
    this.stream = new StreamRenderer((text, from) => renderMarkdownBlocks(text, this.markdown, from), () => this.followEnd());
  }

  /** Draws the conversation anew, at the end or, for a reader who had scrolled up, where they were. */
  renderAll(entries: ChatEntry[], at?: ScrollPosition): void {
    const focused = document.activeElement?.closest<HTMLElement>('.entry') ?? undefined;
    const restoreFocus = keepFocus(focused && this.element.contains(focused) ? focused : undefined);
    this.stream.forgetAll();
    this.drawnContinued.clear();
    this.resized.disconnect();
    this.resized.observe(this.element);
    this.nodes.clear();
    const rendered = entries.map((e) => {
      const node = this.renderEntry(e);
      this.nodes.set(e.id, node);
      return node;
    });
    this.element.replaceChildren(...(rendered.length ? rendered : [renderEmptyState()]));
    for (const node of this.element.children) this.resized.observe(node);
    // A redraw (the panel shown again, a reloaded chat) moves no focus: the cards in it are not news.
    for (const e of entries) if (e.role === 'approval') this.announced.add(e.id);
    // (not before the host's first state: the panel draws itself empty until then)
    if (entries.length) this.forgetCardsNotIn(entries);
    if (!restoreFocus(focused?.dataset.id ? this.find(focused.dataset.id) : undefined)) this.onFocusLost();
    if (at && !at.follow) {
      this.follow = false;
      this.element.scrollTop = at.top;
      this.lastTop = this.element.scrollTop;
      this.followEnd(); // offers "Jump to latest"
    } else this.scrollToEnd();
  }

  /** Shows what `message` did to `entry` (already applied to the state by applyToTranscript). */
  apply(message: TranscriptMessage, entry: ChatEntry): void {
    switch (message.type) {
      case 'assistantDelta':
        if (this.stream.isLive(entry.id)) this.stream.append(entry.id, message.delta);
        else this.replace(entry);
        return; // the stream renderer scrolls after its batched render
      case 'assistantDiscard':
        if (this.stream.isLive(entry.id)) this.stream.reset(entry.id); else this.replace(entry);
        break;
      case 'assistantEnd':
        if (this.stream.isLive(entry.id)) this.stream.finish(entry.id, entry.text);
        if (entry.text.trim()) {
          const node = this.find(entry.id);
          node?.removeAttribute('data-streaming');
          node?.removeAttribute('aria-busy');
        } else this.remove(entry.id); // ended with nothing to show: gone from the transcript too
        break;
      default:
        this.replace(entry);
        if (entry.role === 'approval' && entry.approval?.state === 'pending') this.announceApproval(entry.id);
    }
    this.followEnd();
  }

  /** Drops the oldest entries' nodes until `count` are left (the panel keeps a capped tail of the conversation). */
  trimTo(count: number): void {
    for (const id of this.nodes.keys()) {
      if (this.nodes.size <= count) break;
      this.remove(id);
    }
  }

  /** The rendered node of the entry `id`. */
  find(id: string): HTMLElement | undefined {
    return this.nodes.get(id);
  }

  private replace(entry: ChatEntry): void {
    this.stream.forget(entry.id); // re-attached below if it still streams
    const node = this.renderEntry(entry);
    const old = this.find(entry.id);
    if (old) {
      this.resized.unobserve(old);
      const restoreFocus = keepFocus(old);
      old.replaceWith(node);
      this.nodes.set(entry.id, node);
      if (!restoreFocus(node)) this.onFocusLost();
    } else {
      this.element.querySelector('.empty-state')?.remove();
      this.element.append(node);
    }
    this.nodes.set(entry.id, node);
    this.resized.observe(node);
  }

  private remove(id: string): void {
    const node = this.find(id);
    if (!node) return;
    this.resized.unobserve(node);
    const restoreFocus = keepFocus(node);
    node.remove();
    this.nodes.delete(id);
    this.drawnContinued.delete(id);
    if (this.openCards.delete(id)) this.onCardsToggled([...this.openCards]);
    if (!restoreFocus()) this.onFocusLost();
  }

  private renderEntry(entry: ChatEntry): HTMLElement {
    const item = el('article', `entry entry-${entry.role}`);
    item.dataset.id = entry.id;
    if (entry.role === 'tool' && entry.tool) {
      item.setAttribute('aria-label', `Tool call ${entry.tool.name}`);
      item.append(this.toolCard(entry.id, entry.tool));
      return item;
    }
    if (entry.role === 'approval' && entry.approval) {
      item.append(renderApprovalCard(entry.approval, (choice) => this.onApproval(entry.id, choice)));
      return item;
    }
    if (entry.role === 'checkpoint' && entry.checkpoint) {
      item.append(renderCheckpointCard(entry.checkpoint, () => this.onUndoRun(entry.id)));
      return item;
    }
    const label = entry.role === 'notice' ? LEVEL_LABEL[entry.level ?? 'info'] : ROLE_LABEL[entry.role];
    if (entry.role === 'notice') item.classList.add(`notice-${entry.level ?? 'info'}`);
    item.setAttribute('aria-label', entry.role === 'notice' ? label : `${label} said`);
    if (entry.level === 'error') item.setAttribute('role', 'alert');
    const body = el('div', 'entry-text');
    item.append(el('div', 'entry-role', label), body);
    // What the user typed, and SmallCode's own notices (paths, checker output) unless they are markdown, show as written.
    if (entry.role === 'user' || (entry.role === 'notice' && !entry.markdown)) {
      body.textContent = entry.text;
      return item;
    }
    body.classList.add('markdown');
    const lead = entry.role === 'assistant' ? this.continues(entry.id, entry.text) : undefined;
    const continued = entry.role === 'assistant' && !entry.streaming && this.continuedBelow(entry.id);
    if (continued) this.drawnContinued.add(entry.id); else this.drawnContinued.delete(entry.id);
    if (entry.streaming) {
      item.dataset.streaming = 'true';
      item.setAttribute('aria-busy', 'true'); // assistive technology reads the reply once it is whole
      this.stream.attach(entry.id, body, entry.text, lead);
    } else if (continued) {
      // the cut code is drawn once, whole, in the reply that goes on with it (Copy and Apply on all of it)
      body.append(renderMarkdown(untilOpenFence(entry.text, lead), this.markdown), el('p', 'continued-below', 'The code goes on in the reply below, where the whole block is shown.'));
    } else {
      body.append(renderMarkdown(entry.text, this.markdown, lead));
    }
    return item;
  }

  /**
   * A cut reply draws its open code block until a reply goes on with it (a continuation starts, or one
   * that showed nothing goes): the last replies are drawn again when that changed.
   */
  redrawContinued(entries: readonly ChatEntry[]): void {
    let replies = 0;
    for (let i = entries.length - 1; i >= 0 && replies < 2; i--) {
      const entry = entries[i]!;
      if (entry.role !== 'assistant') continue;
      replies++;
      if (!entry.streaming && this.find(entry.id) && this.continuedBelow(entry.id) !== this.drawnContinued.has(entry.id)) this.replace(entry);
    }
  }

  private toolCard(id: string, tool: NonNullable<ChatEntry['tool']>): HTMLDetailsElement {
    const card = renderToolCard(tool);
    card.open = this.openCards.has(id);
    card.addEventListener('toggle', () => {
      if (card.open === this.openCards.has(id)) return; // the open state set above, or no change
      if (card.open) this.openCards.add(id); else this.openCards.delete(id);
      this.onCardsToggled([...this.openCards]);
    });
    return card;
  }

  /** Open cards of entries no longer in the conversation (another chat opened, a retried run) are forgotten. */
  private forgetCardsNotIn(entries: ChatEntry[]): void {
    const ids = new Set(entries.map((e) => e.id));
    const before = this.openCards.size;
    for (const id of this.openCards) if (!ids.has(id)) this.openCards.delete(id);
    if (this.openCards.size !== before) this.onCardsToggled([...this.openCards]);
  }

  /**
   * A new question waits for an answer: bring the keyboard to the card, but only if the panel has the
   * keyboard and the user is not typing somewhere (their next key would answer it). The card itself
   * takes focus, never its Run button: Space or Enter there does nothing, Tab reaches Run, then Skip.
   */
  private announceApproval(id: string): void {
    if (this.announced.has(id)) return;
    this.announced.add(id);
    if (!document.hasFocus() || isEditable(deepActiveElement())) return;
    this.find(id)?.querySelector<HTMLElement>('.approval-card')?.focus();
  }

  private isAtEnd(): boolean {
    const t = this.element;
    return t.scrollHeight - t.scrollTop - t.clientHeight < STICKY_PX;
  }

  /** Keeps the newest output in view while the reader is at the end; otherwise offers to jump there. */
  private followEnd(): void {
    if (this.follow) this.pinToEnd();
    else if (this.element.scrollHeight > this.element.clientHeight) this.jump.hidden = false;
  }

  private scrollToEnd(): void {
    this.follow = true;
    this.jump.hidden = true;
    this.pinToEnd();
  }

  private pinToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
    this.lastTop = this.element.scrollTop; // the browser clamps it to the real end
  }
}

/** The focused element, looking inside web components (the composer's text area is in a shadow root). */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function isEditable(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(element.type);
  return element instanceof HTMLElement && element.isContentEditable;
}
