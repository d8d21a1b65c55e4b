// Renders the conversation. Text goes in as text (never as HTML), so nothing a model writes can run.
import type { ChatEntry } from '../shared/chatProtocol';

const ROLE_LABEL: Record<ChatEntry['role'], string> = { user: 'You', assistant: 'SmallCode', notice: 'Notice' };

export function renderEntry(entry: ChatEntry): HTMLElement {
  const item = document.createElement('article');
  item.className = `entry entry-${entry.role}`;
  item.dataset.id = entry.id;
  item.setAttribute('aria-label', `${ROLE_LABEL[entry.role]} said`);
  const who = document.createElement('div');
  who.className = 'entry-role';
  who.textContent = ROLE_LABEL[entry.role];
  const body = document.createElement('div');
  body.className = 'entry-text';
  body.textContent = entry.text;
  item.append(who, body);
  return item;
}

export function renderEmptyState(): HTMLElement {
  const empty = document.createElement('div');
  empty.className = 'empty-state';
  const title = document.createElement('p');
  title.className = 'empty-title';
  title.textContent = 'Ask SmallCode to change code in this workspace.';
  const hint = document.createElement('p');
  hint.textContent = 'Or select code in an editor and run “SmallCode: Fix selection” (Ctrl+Alt+F).';
  empty.append(title, hint);
  return empty;
}
