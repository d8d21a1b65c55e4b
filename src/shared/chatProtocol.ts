// The typed message protocol between the extension host and the sidebar chat webview.
// Imported by both sides; each message has a literal `type` and a type guard, so neither side
// acts on a message it does not understand. The host owns the conversation; the webview renders it.

export type ChatRole = 'user' | 'assistant' | 'notice';

export interface ChatEntry {
  id: string;
  role: ChatRole;
  text: string;
}

/** What the panel shows above the conversation: where the model lives. */
export interface ConnectionInfo {
  model: string;
  endpoint: string;
}

export interface ChatViewState {
  entries: ChatEntry[];
  connection: ConnectionInfo;
}

// ---- webview → host ----
export interface ReadyMessage { type: 'ready' }
export interface SendMessage { type: 'send'; text: string }
export interface NewChatMessage { type: 'newChat' }
export type WebviewToHost = ReadyMessage | SendMessage | NewChatMessage;

// ---- host → webview ----
export interface StateMessage { type: 'state'; state: ChatViewState }
export interface EntryMessage { type: 'entry'; entry: ChatEntry }
export interface FocusInputMessage { type: 'focusInput' }
export type HostToWebview = StateMessage | EntryMessage | FocusInputMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isEntry(value: unknown): value is ChatEntry {
  return isRecord(value) && typeof value.id === 'string' && typeof value.text === 'string'
    && (value.role === 'user' || value.role === 'assistant' || value.role === 'notice');
}

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'newChat':
      return true;
    case 'send':
      return typeof value.text === 'string';
    default:
      return false;
  }
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'state': {
      const state = value.state;
      return isRecord(state) && Array.isArray(state.entries) && state.entries.every(isEntry)
        && isRecord(state.connection) && typeof state.connection.model === 'string'
        && typeof state.connection.endpoint === 'string';
    }
    case 'entry':
      return isEntry(value.entry);
    case 'focusInput':
      return true;
    default:
      return false;
  }
}
