// What each message from the chat panel does: one handler per message the protocol declares (the
// type makes the table complete), so a new message touches src/shared/chatProtocol.ts and this file.
import * as vscode from 'vscode';
import type { HostHandlers } from '../shared/chatProtocol';
import type { ChatController } from './agentHost/chatController';
import { runSlashCommand, type SlashContext } from './agentHost/slashCommands';
import { exportTraceWithDialog, type ConversationTraces } from './agentHost/traces';
import type { ChatViewProvider } from './chatViewProvider';
import type { Connection } from './connection';
import { readSettings } from './settings';
import type { WorkspaceFileIndex } from './mentions';
import type { VsCodeEditReview } from './review/vsCodeEditReview';
import type { VsCodeCommandApproval } from './agentHost/commandApproval';
import type { RunCheckpoints } from './agentHost/runCheckpoints';
import { undoRun } from './agentHost/undoRun';
import { codeBlockAction } from './codeBlocks/codeBlockActions';
import type { EditReview } from '../core/ports';
import type { HistoryActions } from './agentHost/historyActions';

export interface ChatHandlerDeps {
  view: Pick<ChatViewProvider, 'post' | 'postState'>;
  connection: Connection;
  controller: ChatController;
  traces: ConversationTraces;
  review: Pick<VsCodeEditReview, 'showFirst'> & EditReview;
  files: WorkspaceFileIndex;
  slash: SlashContext;
  approval: Pick<VsCodeCommandApproval, 'decide'>;
  checkpoints: RunCheckpoints;
  history: HistoryActions;
}

/**
 * "Set API key" on the card of a server that wants one. When detection found it on a local port, the
 * key is stored for that server and it becomes the configured one: detection never sends the key to
 * the ports it looks at, so pressing the button on this server's card is what names it.
 */
async function setApiKeyForServer(connection: Connection): Promise<void> {
  const info = connection.current;
  const found = info.problem === 'unauthorised' && !!info.endpoint && !readSettings().baseUrl;
  const stored = await vscode.commands.executeCommand<boolean>('smallcode.setApiKey', ...(found ? [info.endpoint] : []));
  if (!stored || !found) return;
  await vscode.workspace.getConfiguration('smallcode').update('baseUrl', info.endpoint, vscode.ConfigurationTarget.Global);
}

export function chatHandlers(d: ChatHandlerDeps): HostHandlers {
  return {
    ready: () => {
      d.view.postState();
      // after a reload: the conversation's saved side (its plan) is shown without waiting for a message
      void d.controller.resumeSaved();
      // The first time the panel is seen is when looking for a model server is worth its cost.
      if (d.connection.current.status === 'unknown') void d.connection.refresh();
    },
    connectionAction: ({ action }) => {
      if (action === 'retry' || action === 'detect') void d.connection.refresh();
      else if (action === 'selectModel') void vscode.commands.executeCommand('smallcode.selectModel');
      else if (action === 'setApiKey') void setApiKeyForServer(d.connection);
      else void vscode.commands.executeCommand('workbench.action.openSettings', 'smallcode');
    },
    // the controller reads the mentions from the text; the picked ones spell paths with spaces
    send: async ({ text, mentions = [] }) => {
      if (!text.trim()) return;
      await d.controller.submit(text, mentions);
    },
    // Through the command, so a running task is stopped and the agent forgets the conversation.
    newChat: () => void vscode.commands.executeCommand('smallcode.newChat'),
    stop: () => d.controller.stop(),
    slashCommand: ({ name, args }) => runSlashCommand(name, args, d.slash),
    mentionQuery: async ({ query }) => ({ items: await d.files.search(query) }),
    openTrace: ({ id }) => {
      const detail = d.traces.detail(id);
      if (detail) d.view.post({ type: 'traceDetail', detail });
    },
    exportTrace: ({ id }) => exportTraceWithDialog(d.traces, id),
    // The chat's bar for proposed edits: Accept all / Reject all through the commands, or show the diff.
    editAction: ({ action }) => {
      if (action === 'show') void d.review.showFirst();
      else void vscode.commands.executeCommand(action === 'acceptAll' ? 'smallcode.acceptAllEdits' : 'smallcode.rejectAllEdits');
    },
    approvalDecision: ({ id, choice }) => { d.approval.decide(id, choice); },
    undoRun: ({ id }) => undoRun(id, d.checkpoints),
    codeBlockAction: ({ action, code, info, before }) => codeBlockAction(action, { code, info, ...(before !== undefined ? { before } : {}) }, d.review),
    // The guard admits only http(s); opening still goes through VS Code's trusted-link prompt.
    openLink: ({ url }) => void vscode.env.openExternal(vscode.Uri.parse(url)),
    entryAction: ({ action, id, text }) => (action === 'retry' ? d.controller.retry(id) : action === 'continue' ? d.controller.continueReply(id) : d.controller.edit(id, text ?? '')),
    historyQuery: ({ query }) => d.history.list(query),
    historyAction: ({ action, id, title }) => d.history.act(action, id, title),
  };
}
