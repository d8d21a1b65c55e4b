// The history view's requests: the list (searched), and open, rename or delete a saved conversation.
// A conversation that cannot be read is reported in the chat, never as a broken panel.
import type { HistoryView } from '../../shared/chatProtocol';
import { errorMessage } from '../../core/errorMessage';
import type { ChatView } from './runPresenter';
import type { ChatController } from './chatController';
import type { ConversationHistory } from './conversationHistory';
import type { RunLog } from './redactedLog';

export interface HistoryActionDeps {
  history: ConversationHistory;
  controller: Pick<ChatController, 'open' | 'deleteConversation'>;
  view: ChatView;
  confirm(message: string, action: string): Promise<boolean>;
  notice(text: string): void;
  log: RunLog;
}

export class HistoryActions {
  /** The search the list last answered, so a change shows the same list refreshed. */
  private query = '';
  /** The list being read: the next one stops it (its answer would be stale), so searches typed in a row do not pile up. */
  private listing: AbortController | undefined;
  /** Whether the next list posted opens the view (asked by one that a later one stopped). */
  private opening = false;

  constructor(private readonly d: HistoryActionDeps) {}

  /** Posts the list for `query` (and opens the view with `show`). */
  async list(query = this.query, show = false): Promise<void> {
    this.query = query;
    this.opening ||= show;
    this.listing?.abort();
    const listing = (this.listing = new AbortController());
    let history: HistoryView;
    try {
      history = await this.d.history.list(query, listing.signal);
    } catch (error) {
      history = { items: [], query, current: this.d.history.currentId, warnings: [`The history could not be read: ${errorMessage(error)}`] };
    }
    if (listing.signal.aborted) return;
    for (const warning of history.warnings) this.d.log.warn(`History: ${warning}`);
    this.d.view.post({ type: 'history', history, ...(this.opening ? { show: true } : {}) });
    this.opening = false;
  }

  async act(action: 'open' | 'rename' | 'delete', id: string, title?: string): Promise<void> {
    try {
      if (action === 'open') await this.d.controller.open(id);
      else if (action === 'rename') await this.d.history.rename(id, title ?? '');
      else {
        const current = id === this.d.history.currentId;
        if (!(await this.d.confirm(`Delete this conversation and its run traces from the history?${current ? ' It is the one in the chat now; the chat starts afresh.' : ''}`, 'Delete'))) return;
        await this.d.controller.deleteConversation(id);
      }
    } catch (error) {
      this.d.notice(`Could not ${action} that conversation: ${errorMessage(error)}`);
    }
    await this.list();
  }
}
