// The sidebar chat app. It renders what the host sends and posts what the user does, through the
// typed protocol only; its own state (transcript and unsent draft) survives the panel being hidden.
import { isHostToWebview, type ChatEntry, type ChatViewState, type WebviewToHost } from '../shared/chatProtocol';
import { createButton, createTextInput } from './ui/toolkit';
import { renderEmptyState, renderEntry } from './transcript';
import { renderConnection } from './connectionView';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PersistedState { view: ChatViewState; draft: string }

const vscode = acquireVsCodeApi();
let state: PersistedState = vscode.getState() ?? { view: { entries: [], connection: { status: 'unknown', model: '', endpoint: '' } }, draft: '' };

const app = document.getElementById('app')!;
const header = document.createElement('header');
header.className = 'connection';
header.id = 'connection';
const transcript = document.createElement('section');
transcript.id = 'transcript';
transcript.className = 'transcript';
transcript.setAttribute('role', 'log');
transcript.setAttribute('aria-live', 'polite');
transcript.setAttribute('aria-label', 'Conversation');

const input = createTextInput({
  id: 'prompt',
  label: 'Message SmallCode',
  placeholder: 'Ask SmallCode… (Enter to send, Shift+Enter for a new line)',
  value: state.draft,
  onInput: (draft) => save({ ...state, draft }),
  onSubmit: send,
});
const sendButton = createButton({ id: 'send', label: 'Send', title: 'Send message', onClick: send });
const composer = document.createElement('footer');
composer.className = 'composer';
composer.append(input.element, sendButton);
app.append(header, transcript, composer);
app.removeAttribute('aria-busy');

function save(next: PersistedState): void {
  state = next;
  vscode.setState(state);
}

function send(): void {
  const text = input.value.trim();
  if (!text) return;
  vscode.postMessage({ type: 'send', text });
  input.value = '';
  save({ ...state, draft: '' });
  input.focus();
}

const act = (action: 'retry' | 'selectModel' | 'openSettings') => vscode.postMessage({ type: 'connectionAction', action });

function renderAll(view: ChatViewState): void {
  renderConnection(header, view.connection, act);
  transcript.replaceChildren(...(view.entries.length ? view.entries.map(renderEntry) : [renderEmptyState()]));
  transcript.scrollTop = transcript.scrollHeight;
}

function append(entry: ChatEntry): void {
  if (state.view.entries.some((e) => e.id === entry.id)) return;
  if (state.view.entries.length === 0) transcript.replaceChildren();
  save({ ...state, view: { ...state.view, entries: [...state.view.entries, entry] } });
  transcript.append(renderEntry(entry));
  transcript.scrollTop = transcript.scrollHeight;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToWebview(message)) return;
  switch (message.type) {
    case 'state':
      save({ ...state, view: message.state });
      renderAll(message.state);
      break;
    case 'entry':
      append(message.entry);
      break;
    case 'focusInput':
      input.focus();
      break;
    case 'connection':
      save({ ...state, view: { ...state.view, connection: message.connection } });
      renderConnection(header, message.connection, act);
      break;
  }
});

renderAll(state.view);
vscode.postMessage({ type: 'ready' });
