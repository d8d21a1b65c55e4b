// The bar above the input while proposed edits wait for review: how many changes, in which files,
// and Accept all / Reject all (the same as the commands and keybindings), plus a way to the diff.
import type { PendingEditsView } from '../shared/chatProtocol';
import { el, keepFocus } from './dom';
import { createButton } from './ui/toolkit';

export type EditAction = 'acceptAll' | 'rejectAll' | 'show';

/**
 * Draws the bar anew. The keyboard on one of its buttons stays on that button (or on the count),
 * and goes to `onFocusLost` when the bar goes away (Accept all pressed), never to the page's <body>.
 */
export function renderPendingEdits(container: HTMLElement, pending: PendingEditsView | undefined, act: (action: EditAction) => void, onFocusLost: () => void): void {
  const restoreFocus = keepFocus(container);
  draw(container, pending, act);
  if (!restoreFocus(container.hidden ? null : container, container.querySelector<HTMLElement>('.pending-text'))) onFocusLost();
}

function draw(container: HTMLElement, pending: PendingEditsView | undefined, act: (action: EditAction) => void): void {
  container.hidden = !pending || pending.count === 0;
  if (container.hidden || !pending) { container.replaceChildren(); return; }
  const files = pending.files.length === 1 ? pending.files[0]! : `${pending.files.length} files`;
  const sentence = `${pending.count} change${pending.count === 1 ? '' : 's'} to ${files} wait${pending.count === 1 ? 's' : ''} for review`;
  // The count first: in a narrow side bar the file names are what gives way.
  const text = el('button', 'pending-text');
  text.append(el('span', 'pending-count', `${pending.count} change${pending.count === 1 ? '' : 's'}`), el('span', 'pending-files', ` · ${files}`));
  text.type = 'button';
  text.title = `${sentence}: show the proposed edit`;
  text.setAttribute('aria-label', text.title);
  text.addEventListener('click', () => act('show'));
  const actions = el('div', 'pending-actions');
  actions.append(
    createButton({ label: 'Accept all', id: 'accept-all', title: 'Accept all proposed changes (Ctrl+Alt+Enter)', onClick: () => act('acceptAll') }),
    createButton({ label: 'Reject all', id: 'reject-all', appearance: 'secondary', title: 'Reject all proposed changes (Ctrl+Alt+Backspace)', onClick: () => act('rejectAll') }),
  );
  container.replaceChildren(text, actions);
}
