// The buttons on entries of the conversation, which ask again from a point of it: Retry on the last
// reply, Edit and resend on the user's messages, and what a notice of the last exchange offers (Retry
// after an error, Continue after a reply cut at the length limit). None while a run is in progress.
// They are laid over the rendered entries after each change, so transcript.ts stays unaware of them:
// only where what an entry offers changed, or its node was rendered anew.
import type { ChatEntry, EntryActionName } from '../shared/chatProtocol';
import { el, keepFocus, smallButton } from './dom';
import type { TranscriptView } from './transcript';

export type EntryAct = (action: EntryActionName, id: string, text?: string) => void;
/**
 * A message being edited and what is typed in it so far (kept, so hiding the panel loses none of it).
 * `text` only once it differs from the message: the message itself is the host's to keep.
 */
export interface EditInProgress {
  id: string;
  text?: string;
}

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
  /** The bars shown now, by entry id, with the actions they offer. */
  private readonly shown = new Map<string, { names: string; bar: HTMLElement }>();

  constructor(
    private readonly transcript: Pick<TranscriptView, 'find'>,
    private readonly act: EntryAct,
    /** The edit in progress after each change (undefined when it ends). */
    private readonly onEditing: (edit: EditInProgress | undefined) => void = () => {},
  ) {}

  /** Opens the editor again on message `id` with `text` (the panel was shown again mid-edit); false if the message is gone. */
  resumeEditing(edit: EditInProgress): boolean {
    const node = this.transcript.find(edit.id);
    if (node) this.startEditing(node, edit.id, edit.text ?? null);
    return !!node;
  }

  /** Lays the buttons over the rendered entries; a bar still in place and offering the same stays. */
  refresh(entries: readonly ChatEntry[], running: boolean): void {
    this.last = { entries, running };
    if (running && this.editing) this.stopEditing();
    const actions = actionsFor(entries, running);
    if (this.editing) actions.delete(this.editing);
    for (const [id, { names, bar }] of this.shown) {
      // a node rendered anew took its bar out of the page with the old node
      if (bar.isConnected && actions.get(id)?.join() === names) actions.delete(id);
      else this.hide(id);
    }
    for (const [id, names] of actions) {
      const node = this.transcript.find(id);
      if (!node) continue;
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
      this.shown.set(id, { names: names.join(), bar });
    }
  }

  /** Takes the entry's buttons away; the keyboard on one of them stays on the entry. */
  private hide(id: string): void {
    const bar = this.shown.get(id)?.bar;
    const restoreFocus = keepFocus(bar);
    bar?.remove();
    this.shown.delete(id);
    restoreFocus(this.transcript.find(id));
  }

  /** The message becomes an input with Send and Cancel (Enter sends, Escape cancels). */
  /** `typed`: resuming an edit (null: with the message as it was); the view stays where it was put. */
  private startEditing(node: HTMLElement, id: string, typed?: string | null): void {
    const text = node.querySelector<HTMLElement>('.entry-text');
    if (!text) return;
    this.stopEditing();
    this.editing = id;
    this.hide(id);
    const input = el('textarea', 'entry-edit-input');
    const original = text.textContent ?? '';
    input.value = typed ?? original;
    const changed = () => this.onEditing({ id, ...(input.value !== original ? { text: input.value } : {}) });
    changed();
    input.addEventListener('input', changed);
    input.rows = Math.min(8, Math.max(2, input.value.split('\n').length));
    input.setAttribute('aria-label', 'Edit your message');
    const cancel = () => {
      // the keyboard goes back to the message's Edit button, not to the page's <body> with the editor
      const restoreFocus = keepFocus(editor);
      this.stopEditing();
      this.refresh(this.last.entries, this.last.running);
      restoreFocus(null, node.querySelector<HTMLElement>('button[data-action="edit"]') ?? node);
    };
    const send = () => {
      const value = input.value.trim();
      if (!value) return;
      this.editing = undefined;
      this.onEditing(undefined);
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
    input.focus({ preventScroll: typed !== undefined });
  }

  private stopEditing(): void {
    const node = this.editing ? this.transcript.find(this.editing) : undefined;
    if (this.editing) this.onEditing(undefined);
    this.editing = undefined;
    if (!node) return;
    node.querySelector('.entry-editor')?.remove();
    const text = node.querySelector<HTMLElement>('.entry-text');
    if (text) text.hidden = false;
  }
}
