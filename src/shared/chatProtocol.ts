// The typed message protocol between the extension host and the sidebar chat webview.
// Imported by both sides; each message has a literal `type` and a type guard, so neither side
// acts on a message it does not understand. The host owns the conversation; the webview renders it.

export type ChatRole = 'user' | 'assistant' | 'notice';

export interface ChatEntry {
  id: string;
  role: ChatRole;
  text: string;
}

export type ConnectionStatus = 'unknown' | 'detecting' | 'ready' | 'no-server' | 'error';

/** What the panel shows above the conversation: where the model lives and how much it can see. */
export interface ConnectionInfo {
  status: ConnectionStatus;
  model: string;
  endpoint: string;
  serverKind?: string;
  serverName?: string;
  /** Tokens the model is really loaded with, and where that figure came from. */
  contextWindow?: number;
  contextSource?: string;
  /** How to fix a window too small for agent work, for this server. */
  advice?: string;
  /** Where detection looked when no server answered. */
  tried?: string[];
  models?: string[];
  message?: string;
}

export interface ChatViewState {
  entries: ChatEntry[];
  connection: ConnectionInfo;
}

// ---- webview → host ----
export interface ReadyMessage { type: 'ready' }
export interface SendMessage { type: 'send'; text: string }
export interface NewChatMessage { type: 'newChat' }
/** Buttons of the connection header and the setup state. */
export interface ConnectionActionMessage { type: 'connectionAction'; action: 'retry' | 'selectModel' | 'openSettings' }
export type WebviewToHost = ReadyMessage | SendMessage | NewChatMessage | ConnectionActionMessage;

// ---- host → webview ----
export interface StateMessage { type: 'state'; state: ChatViewState }
export interface EntryMessage { type: 'entry'; entry: ChatEntry }
export interface FocusInputMessage { type: 'focusInput' }
export interface ConnectionMessage { type: 'connection'; connection: ConnectionInfo }
export type HostToWebview = StateMessage | EntryMessage | FocusInputMessage | ConnectionMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const CONNECTION_STATUSES: readonly string[] = ['unknown', 'detecting', 'ready', 'no-server', 'error'];

function isConnection(value: unknown): value is ConnectionInfo {
  return isRecord(value) && typeof value.status === 'string' && CONNECTION_STATUSES.includes(value.status)
    && typeof value.model === 'string' && typeof value.endpoint === 'string';
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
    case 'connectionAction':
      return value.action === 'retry' || value.action === 'selectModel' || value.action === 'openSettings';
    default:
      return false;
  }
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'state': {
      const state = value.state;
      return isRecord(state) && Array.isArray(state.entries) && state.entries.every(isEntry) && isConnection(state.connection);
    }
    case 'entry':
      return isEntry(value.entry);
    case 'focusInput':
      return true;
    case 'connection':
      return isConnection(value.connection);
    default:
      return false;
  }
}
