// The conversation as the host owns it. The webview only renders what it is sent, so a hidden,
// reloaded or re-opened panel always shows the same transcript; it is kept in workspace state so
// a window reload loses nothing.
import * as vscode from 'vscode';
import type { ChatEntry, ChatRole } from '../shared/chatProtocol';

const STORAGE_KEY = 'smallcode.transcript';
const MAX_KEPT_ENTRIES = 500;

export class ChatSession {
  private entries: ChatEntry[];
  private nextId: number;
  private readonly changed = new vscode.EventEmitter<ChatEntry | undefined>();
  /** Fires with the new entry, or undefined when the transcript was replaced (cleared). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    this.entries = memento.get<ChatEntry[]>(STORAGE_KEY, []);
    this.nextId = this.entries.length + 1;
  }

  all(): ChatEntry[] {
    return [...this.entries];
  }

  /** A fresh entry id (e.g. for a reply that starts streaming before it is stored). */
  newId(): string {
    return `${Date.now().toString(36)}-${this.nextId++}`;
  }

  add(role: ChatRole, text: string, extra: Pick<ChatEntry, 'level'> = {}): ChatEntry {
    return this.put({ id: this.newId(), role, text, ...extra });
  }

  /** Adds the entry, or replaces the one with the same id (a finished reply, a tool card's result). */
  put(entry: ChatEntry): ChatEntry {
    const at = this.entries.findIndex((e) => e.id === entry.id);
    if (at >= 0) this.entries[at] = entry;
    else this.entries.push(entry);
    if (this.entries.length > MAX_KEPT_ENTRIES) this.entries.splice(0, this.entries.length - MAX_KEPT_ENTRIES);
    void this.memento.update(STORAGE_KEY, this.entries);
    this.changed.fire(entry);
    return entry;
  }

  clear(): void {
    this.entries = [];
    void this.memento.update(STORAGE_KEY, this.entries);
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
