// "Undo this run": after a run that changed files, a compact card lists them (edited, created,
// deleted) with one button that restores them all. The host checks each file first and asks before
// overwriting changes made since; the card then says what was done, or that the run's contents are
// no longer held (after a window reload, or in a conversation reopened later) and the undo is not possible from here.
import type { CheckpointCardView } from '../shared/chatProtocol';
import { el } from './dom';

const STATE_NOTE: Record<Exclude<CheckpointCardView['state'], 'available'>, string> = {
  undone: 'Undone.',
  unavailable: 'No longer available: SmallCode keeps a run\'s files only until the window is reloaded. Use the editor\'s undo or your version control.',
};

export function renderCheckpointCard(card: CheckpointCardView, undo: () => void): HTMLElement {
  const box = el('div', 'checkpoint-card');
  box.dataset.state = card.state;
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', 'Files this run changed');
  const count = card.files.length;
  box.append(el('div', 'checkpoint-title', `This run changed ${count} file${count === 1 ? '' : 's'}`));
  const list = el('ul', 'checkpoint-files');
  for (const file of card.files) {
    const item = el('li', `checkpoint-file change-${file.change}`);
    item.append(el('span', 'checkpoint-path', file.path), el('span', 'checkpoint-change', file.change));
    item.title = `${file.path} (${file.change})`;
    list.append(item);
  }
  box.append(list);
  if (card.state === 'available') {
    const button = el('button', 'checkpoint-undo', 'Undo this run');
    button.type = 'button';
    button.title = 'Restore every file as it was before this run (files it created are deleted). You are asked first about files changed since.';
    button.addEventListener('click', () => undo());
    box.append(button);
  }
  const note = card.note ?? (card.state === 'available' ? undefined : STATE_NOTE[card.state]);
  if (note) box.append(el('div', 'checkpoint-note', note));
  return box;
}
