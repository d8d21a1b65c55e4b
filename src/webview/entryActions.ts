// The buttons on entries of the conversation, which ask again from a point of it: Retry on the last
// reply, Edit and resend on the user's messages, and what a notice of the last exchange offers (Retry
// after an error, Continue after a reply cut at the length limit). None while a run is in progress.
// They are laid over the rendered entries after each change, so transcript.ts stays unaware of them.
import type { ChatEntry, EntryActionName } from '../shared/chatProtocol';
import { el, smallButton } from './dom';

export type EntryAct = (action: EntryActionName, id: string, text?: string) => void;

const LABEL: Record<EntryActionName, [label: string, title: string]> = {
  retry: ['Retry', 'Ask again from the same point'],
  continue: ['Continue', 'Ask the model for the rest of the reply'],
  edit: ['Edit', 'Edit this message and send it again (the conversation after it is dropped)'],
};

/** Which buttons each entry shows now (by entry id). */
export function actionsFor(entries: readonly ChatEntry[], running: boolean): Map<string, EntryActionName[]> {
  const actions = new Map<string, EntryActionName[]>();
  if (running) return actions;
  let lastUser = -1;
  entries.forEach((e, i) => {
    if (e.role !== 'user') return;
    lastUser = i;
    actions.set(e.id, ['edit']);
  });
  if (lastUser < 0) return actions;
  const lastExchange = entries.slice(lastUser + 1);
  for (const e of lastExchange) if (e.role === 'notice' && e.action) actions.set(e.id, [e.action]);
  const offersRetry = lastExchange.some((e) => e.action === 'retry');
  const reply = lastExchange.filter((e) => e.role === 'assistant' && !e.streaming).at(-1);
  if (reply && !offersRetry) actions.set(reply.id, ['retry']);
  return actions;
}

export class EntryActions {
  /** The user's message being edited, kept through refreshes. */
  private editing: string | undefined;
  /** What the buttons were last laid out for (a cancelled edit brings them back). */
  private last: { entries: readonly ChatEntry[]; running: boolean } = { entries: [], running: false };

  constructor(private readonly transcript: HTMLElement, private readonly act: EntryAct) {}

  /** Lays the buttons over the rendered entries. */
  refresh(entries: readonly ChatEntry[], running: boolean): void {
    this.last = { entries, running };
    for (const bar of this.transcript.querySelectorAll('.entry-actions')) bar.remove();
    const actions = actionsFor(entries, running);
    if (running && this.editing) this.stopEditing();
    for (const [id, names] of actions) {
      const node = this.node(id);
      if (!node || id === this.editing) continue;
      const bar = el('div', 'entry-actions');
      bar.setAttribute('role', 'group');
      bar.setAttribute('aria-label', 'Message actions');
      for (const name of names) {
        const [label, title] = LABEL[name];
        const button = smallButton(label, title, () => (name === 'edit' ? this.startEditing(node, id) : this.act(name, id)));
        button.dataset.action = name;
        bar.append(button);
      }
      node.append(bar);
    }
  }

  private node(id: string): HTMLElement | undefined {
    return [...this.transcript.children].find((n) => (n as HTMLElement).dataset.id === id) as HTMLElement | undefined;
  }

  /** The message becomes an input with Send and Cancel (Enter sends, Escape cancels). */
  private startEditing(node: HTMLElement, id: string): void {
    const text = node.querySelector<HTMLElement>('.entry-text');
    if (!text) return;
    this.stopEditing();
    this.editing = id;
    node.querySelector('.entry-actions')?.remove();
    const input = el('textarea', 'entry-edit-input');
    input.value = text.textContent ?? '';
    input.rows = Math.min(8, Math.max(2, input.value.split('\n').length));
    input.setAttribute('aria-label', 'Edit your message');
    const cancel = () => {
      this.stopEditing();
      this.refresh(this.last.entries, this.last.running);
    };
    const send = () => {
      const value = input.value.trim();
      if (!value) return;
      this.editing = undefined;
      this.act('edit', id, value);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); send(); }
      if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); cancel(); }
    });
    const bar = el('div', 'entry-edit-actions');
    const sendButton = smallButton('Send', 'Send the edited message (Enter)', send);
    sendButton.classList.add('primary');
    sendButton.dataset.action = 'send-edit';
    bar.append(sendButton, smallButton('Cancel', 'Keep the message as it was (Escape)', cancel));
    const editor = el('div', 'entry-editor');
    editor.append(input, bar);
    text.hidden = true;
    text.after(editor);
    input.focus();
  }

  private stopEditing(): void {
    const node = this.editing ? this.node(this.editing) : undefined;
    this.editing = undefined;
    if (!node) return;
    node.querySelector('.entry-editor')?.remove();
    const text = node.querySelector<HTMLElement>('.entry-text');
    if (text) text.hidden = false;
  }
}
