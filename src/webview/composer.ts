// The chat input: the text area, the Send button that becomes Stop while SmallCode works, and the
// completion list for `/` commands and `@` mentions as you type.
import type { MentionItem, MentionRef, SlashCommandName } from '../shared/chatProtocol';
import { el } from './dom';
import { CompletionPopup } from './completionPopup';
import { MentionCompleter } from './mentions';
import { pickedIn } from '../shared/mentionText';
import { parseSlashCommand, slashCompletions } from './slashCommands';
import { refusedWhileRunning } from './commandsWhileRunning';
import { createButton, createTextInput, setButtonLabel } from './ui/toolkit';

export interface ComposerOptions {
  draft: string;
  mentions: MentionRef[];
  onDraft(draft: string, mentions: MentionRef[]): void;
  onSend(text: string, mentions: MentionRef[]): void;
  onSlashCommand(name: SlashCommandName, args: string): void;
  onStop(): void;
  onMentionQuery(id: number, query: string): void;
  /** The last task sent, with the paths picked for it, for Up-arrow in an empty composer. */
  lastTask(): SentTask | undefined;
}

export interface SentTask { text: string; mentions: MentionRef[] }

/** Short enough for one line in a 280 px side bar (Enter sends, as in every chat). */
const IDLE_HINT = 'Shift+Enter for a new line';
const WORKING_HINT = 'Working · Escape stops it';
const SLASH_TYPED = /^\/(\w*)$/;
const MENTION_TYPED = /(?:^|\s)@([^\s@]*)$/;

export class Composer {
  readonly element: HTMLElement;
  private running = false;
  /** What the list is completing ('/tr', '@src'), '' when closed. */
  private completing = '';
  private picked: MentionRef[];
  private readonly popup = new CompletionPopup('completion');
  private readonly mentions: MentionCompleter;
  private readonly input;
  private readonly button: HTMLElement;

  constructor(private readonly options: ComposerOptions) {
    this.picked = [...options.mentions];
    this.input = createTextInput({
      id: 'prompt',
      label: 'Message SmallCode',
      placeholder: 'Ask SmallCode… (/ for commands, @ for files)',
      value: options.draft,
      onInput: () => { this.saveDraft(); this.complete(); },
      onCaretMove: () => this.complete(),
      onSubmit: () => this.submit(),
      onKeyDown: (event) => this.popup.handleKey(event) || this.recall(event),
    });
    this.input.element.setAttribute('aria-haspopup', 'listbox');
    this.input.element.setAttribute('aria-controls', 'completion');
    this.input.element.addEventListener('blur', () => setTimeout(() => this.popup.hide(), 0));
    this.mentions = new MentionCompleter(
      (id, query) => options.onMentionQuery(id, query),
      (items) => this.popup.show('Mentions', items),
      (item) => this.insertMention(item),
    );
    this.button = createButton({ id: 'send', label: 'Send', title: 'Send message', onClick: () => this.running ? options.onStop() : this.submit() });
    const hint = el('span', 'composer-hint', IDLE_HINT);
    hint.title = 'Enter sends the message; Shift+Enter starts a new line.';
    hint.id = 'composer-hint';
    hint.setAttribute('aria-live', 'polite');
    const row = el('div', 'composer-row');
    row.append(hint, this.button);
    this.element = el('footer', 'composer');
    this.element.append(this.popup.element, this.popup.announcer, this.input.element, row);
  }

  focus(): void { this.input.focus(); }

  get completionOpen(): boolean { return this.popup.isOpen; }

  receiveMentions(id: number, items: MentionItem[]): void {
    if (this.popup.isOpen || MENTION_TYPED.test(this.textBeforeCaret())) this.mentions.receive(id, items);
  }

  setRunning(running: boolean): void {
    this.running = running;
    this.element.dataset.running = String(running);
    if (running) setButtonLabel(this.button, 'Stop', 'Stop (Escape)');
    else setButtonLabel(this.button, 'Send', 'Send message');
    this.button.setAttribute('appearance', running ? 'secondary' : 'primary');
    this.hint(running ? WORKING_HINT : IDLE_HINT);
  }

  /** The line under the input (a live region: what it says is read out). */
  private hint(text: string): void {
    this.element.querySelector('#composer-hint')!.textContent = text;
  }

  private textBeforeCaret(): string {
    return this.input.value.slice(0, this.input.caret);
  }

  /** Up-arrow in an empty composer brings back the last task, to send again or change. */
  private recall(event: KeyboardEvent): boolean {
    if (event.key !== 'ArrowUp' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || this.input.value !== '') return false;
    const last = this.options.lastTask();
    if (!last) return false;
    this.picked = [...last.mentions];
    this.input.value = last.text;
    this.saveDraft();
    return true;
  }

  private saveDraft(): void {
    this.options.onDraft(this.input.value, pickedIn(this.input.value, this.picked));
  }

  /** Opens, updates or closes the completion list for what is typed just before the caret. */
  private complete(): void {
    const before = this.textBeforeCaret();
    const slash = SLASH_TYPED.exec(before);
    const mention = slash ? null : MENTION_TYPED.exec(before);
    // Moving the caret without changing what is being completed keeps the list and its choice.
    const context = slash ? `/${slash[1]}` : mention ? `@${mention[1]}` : '';
    if (context === this.completing && (this.popup.isOpen || !context)) return;
    this.completing = context;
    if (slash) {
      this.mentions.cancel();
      const typedInFull = parseSlashCommand(before) !== undefined;
      this.popup.show('Commands', slashCompletions(slash[1]!, (name) => this.input.replaceRange(0, before.length, `/${name} `)), { enterPicks: !typedInFull });
    } else if (mention) {
      this.mentions.update(mention[1]!);
    } else {
      this.mentions.cancel();
      this.popup.hide();
    }
  }

  private insertMention(item: MentionItem): void {
    const before = this.textBeforeCaret();
    const typed = MENTION_TYPED.exec(before);
    if (!typed) return;
    const start = before.length - typed[1]!.length - 1;
    this.picked.push({ kind: item.kind, value: item.value });
    this.input.replaceRange(start, before.length, `@${item.value} `);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    const command = parseSlashCommand(text);
    // While SmallCode works a command that only shows something runs; anything else stays in the box,
    // and the hint says why it was not sent.
    const refused = !this.running ? undefined : command ? refusedWhileRunning(command.name, command.args) : 'SmallCode is still working';
    if (refused) {
      this.hint(`Not sent: ${refused}. Wait, or press Escape to stop.`);
      return;
    }
    if (this.running) this.hint(WORKING_HINT);
    this.popup.hide();
    if (command) this.options.onSlashCommand(command.name, command.args);
    else this.options.onSend(text, pickedIn(text, this.picked));
    this.input.value = '';
    this.picked = [];
    this.saveDraft();
    this.input.focus();
  }
}
