// SmallCode's extension host entry. Activation is lazy (VS Code activates us when the view opens or
// a command runs) and cheap: it registers things; nothing talks to a model until the user asks.
import * as vscode from 'vscode';
import type { ConnectionInfo, SlashCommandName } from '../shared/chatProtocol';
import { ChatTranscript } from './chatTranscript';
import { chatHandlers } from './chatHandlers';
import { ChatViewProvider } from './chatViewProvider';
import { fixSelectionTarget, saveThenFix } from './commands/fixSelection';
import { ESCALATION_KEY, ESCALATION_KEY_SECRET, selectModel, setApiKey } from './commands/modelCommands';
import { API_KEY_SECRET, ModelKey } from './modelKey';
import { registerEditReviewCommands } from './commands/editReviewCommands';
import { VsCodeEditReview } from './review/vsCodeEditReview';
import { proposeFromE2eFile } from './review/e2eHook';
import { onDetectionSettingsChanged, readSettings } from './settings';
import { SmallCodeStatusBar } from './statusBar';
import { ShownConnection } from './shownConnection';
import { ServerWarnings } from './serverWarnings';
import { Connection } from './connection';
import { AgentSession } from './agentHost/agentSession';
import { VsCodeCommandApproval } from './agentHost/commandApproval';
import { forgetAllowedCommands, WorkspaceAllowedCommands } from './agentHost/workspaceAllowedCommands';
import { McpServers } from './agentHost/mcpServers';
import { ChatController } from './agentHost/chatController';
import { RunCheckpoints } from './agentHost/runCheckpoints';
import { redactedLog } from './agentHost/redactedLog';
import { resolveMention, WorkspaceFileIndex } from './mentions';
import { attachMentions } from './mentionAttachments';
import { runSlashCommand, type SlashContext } from './agentHost/slashCommands';
import { ConversationTraces, exportTraceWithDialog } from './agentHost/traces';
import type { EditReview } from '../core/ports';
import type { CodeIntel } from '../core/codeIndex';
import { loadCore } from './lazyCore';
import { CodeIndexService } from './codeIndex/codeIndexService';
import { ConversationHistory } from './agentHost/conversationHistory';
import { HistoryActions } from './agentHost/historyActions';

/** What activate() returns: used by the integration tests and by other extensions. */
export interface SmallCodeApi {
  activationMs: number;
  /** The chat as the panel drives it: `stop` is its Stop button; `running` while a run goes on. */
  chat: { entries: ChatTranscript['all']; submit(text: string): Promise<void>; newChat(): Promise<void>; visible(): boolean; stop(): void; running(): boolean;
    /** A slash command as typed in the chat (`/tokens` is `command('tokens')`); its answer lands in `entries`. */
    command(name: SlashCommandName, args?: string): Promise<void> };
  /**
   * The saved conversations: the chat's own, Open and Delete as the history view does them (Delete after
   * its confirmation), and the folder their files are in (the tests read what reached the disk).
   */
  history: { currentId(): string; open(id: string): Promise<void>; delete(id: string): Promise<void>; folder: vscode.Uri };
  connection: { current(): ConnectionInfo; refresh(): Promise<ConnectionInfo> };
  /** Proposes an edit for review as the agent does (the diff, CodeLens, Accept/Reject). */
  review: EditReview;
  /** Writes a run's trace (the latest without id) to a file, as "SmallCode: Export trace" does after its dialog. */
  traces: { exportTo(target: vscode.Uri, id?: string): Promise<boolean> };
  /**
   * The code index as the agent sees it, and the `/index` text; how many workers it launched, and once
   * the latest settings event is handled, whether it stopped the index (the tests see what an event did).
   */
  codeIndex: { intel: CodeIntel; describe(): Promise<string>; launches(): number; settingsApplied(): Promise<boolean> };
  /** The integration tests' way to the model key's secret, stored as given (an older version's bare key
   * too): there is no input box for them to type into. Never in an installed extension. */
  testing?: { storeApiKeySecret(raw: string | undefined): Promise<void> };
  /** The folder VS Code writes SmallCode's output channel to (the tests read what reached the disk). */
  logUri: vscode.Uri;
}

/** Activation stays cheap: the code index starts this long after it. */
const INDEX_START_DELAY_MS = 1500;
/** How long deactivation waits for a run to stop and its conversation to be saved (VS Code allows about 5 s in all). */
const RUN_CLOSE_MS = 3000;

/** A key kept back from a server (see ModelKey): a way to set one for it, or not to be told again. */
function keyWithheld(action: string, command: string): (message: string, dismiss: () => void) => void {
  return (message, dismiss) => void vscode.window.showWarningMessage(`SmallCode: ${message}`, action, 'Don\'t show again').then((choice) => {
    if (choice === action) void vscode.commands.executeCommand(command);
    else if (choice === 'Don\'t show again') dismiss();
  });
}

/** What deactivate must wait for: the code index's last save, and the conversation of a run going on. */
let codeIndexToClose: CodeIndexService | undefined;
let chatToClose: ChatController | undefined;

export function activate(context: vscode.ExtensionContext): SmallCodeApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('SmallCode', { log: true });
  // Every component logs through the redacted channel (URLs, errors and messages can hold secrets, and
  // the channel is written to disk); the raw one only for lines whose text is fixed.
  // the log hides the values the conversation's traces found secret (a .env file's) too: read once they exist
  let knownSecrets: () => ReadonlySet<string> = () => new Set();
  const log = redactedLog(channel, () => knownSecrets());
  // The core's redaction, loaded with the first entry saved (a message sent loads the core anyway): as the
  // history redacts an entry, with the values the conversation found secret (a .env file's) hidden too.
  const transcript = new ChatTranscript(context.workspaceState, (entry, known) => loadCore().redactedEntry(entry, known));
  // The integration tests give auto-detection a port of their own (never in an installed extension).
  const testPorts = context.extensionMode !== vscode.ExtensionMode.Production ? process.env.SMALLCODE_TEST_DETECT_PORTS?.split(',').map(Number) : undefined;
  const modelKey = new ModelKey({
    secrets: context.secrets, log, configuredUrl: () => readSettings().baseUrl,
    memento: context.globalState, withheld: keyWithheld('Set API key', 'smallcode.setApiKey'),
  });
  const escalationKey = new ModelKey({
    secrets: context.secrets, log, configuredUrl: () => readSettings().escalation.baseUrl,
    slot: { secret: ESCALATION_KEY_SECRET, setting: 'smallcode.escalation.baseUrl', command: 'SmallCode: Set escalation API key' },
    memento: context.globalState, withheld: keyWithheld('Set escalation API key', 'smallcode.setEscalationApiKey'),
  });
  const serverWarnings = new ServerWarnings(context.globalState, log);
  const connection = new Connection(log, modelKey, (warning) => serverWarnings.warn(warning), testPorts);
  const files = new WorkspaceFileIndex();
  // The handlers need the view and the controller, which need the view: they are built just below.
  const shownConnection = new ShownConnection(connection);
  const chatView = new ChatViewProvider(context.extensionUri, transcript, connection, shownConnection, log, () => handlers);
  const statusBar = new SmallCodeStatusBar();
  const review = new VsCodeEditReview();
  statusBar.update({ ...connection.current, model: readSettings().model });

  const allowedCommands = new WorkspaceAllowedCommands(context.workspaceState);
  const approval = new VsCodeCommandApproval(transcript, chatView, allowedCommands);
  const mcp = new McpServers(context.workspaceState, log, context.globalStorageUri.fsPath);
  const codeIndex = new CodeIndexService(context, log);
  codeIndexToClose = codeIndex;
  const traces = new ConversationTraces({
    root: () => vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath,
    model: () => connection.current.model, post: (message) => chatView.post(message), warn: (message) => log.warn(message),
  });
  knownSecrets = () => traces.knownSecrets();
  const agentSession = new AgentSession({ connection, modelKey, escalationKey, memento: context.workspaceState, log, editReview: review, approval, mcp, codeIndex, knownSecrets: () => traces.knownSecrets() });
  shownConnection.follow(agentSession);
  const confirm = async (message: string, action: string): Promise<boolean> => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;
  // Saved conversations live in the extension's storage for this workspace (never in the workspace itself).
  const storage = context.storageUri ?? context.globalStorageUri;
  const historyFolder = vscode.Uri.joinPath(storage, 'history');
  const history = new ConversationHistory({
    dir: historyFolder.fsPath, state: context.workspaceState,
    openStore: (dir) => new (loadCore().HistoryStore)(dir), newId: () => loadCore().newConversationId(),
    warn: (message) => log.warn(message),
  });
  // Checkpoints live in memory for the session (the transcript marks a reloaded card unavailable).
  const checkpoints = new RunCheckpoints(transcript);
  const controller = new ChatController(transcript, agentSession, log, chatView, traces, {
    history, confirm, connection: () => ({ model: connection.current.model, endpoint: connection.current.endpoint }), redaction: () => loadCore(),
    attachMentions: (text, picked) => attachMentions(text, picked, resolveMention),
  }, checkpoints);
  chatToClose = controller;
  const historyActions = new HistoryActions({ history, controller, view: chatView, confirm, log, notice: (text) => transcript.add('notice', text, { level: 'warning' }) });
  const submit = (text: string): Promise<void> => controller.submit(text);
  const newChat = async (): Promise<void> => { const started = controller.newChat(); await chatView.reveal(true); await started; };
  const slash: SlashContext = { transcript, connection, controller, session: agentSession, memento: context.workspaceState, newChat, mcp, codeIndex };
  const handlers = chatHandlers({ view: chatView, connection, controller, traces, review, files, slash, approval, history: historyActions, checkpoints });

  context.subscriptions.push(
    log, transcript, connection, shownConnection, files, chatView, statusBar, approval, mcp,
    shownConnection.onDidChange((info) => statusBar.update(info)),
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chatView),
    // The chat's bar for proposed edits: what waits (its buttons are handled in chatHandlers).
    review.onDidChange(() => chatView.post({ type: 'pendingEdits', pending: review.summary() })),
    vscode.commands.registerCommand('smallcode.exportTrace', () => exportTraceWithDialog(traces)),
    // Detection is lazy: re-run it when what it reads changes, only if it has run before, and quietly
    // (an unchanged answer shows nothing, and a run going on keeps its model).
    onDetectionSettingsChanged(() => { if (connection.current.status !== 'unknown') void connection.refresh({ quiet: true }); }),
    // A new API key (also one stored from another window) reaches the next request and the next detection.
    context.secrets.onDidChange(({ key }) => {
      if (key !== API_KEY_SECRET && key !== ESCALATION_KEY_SECRET) return;
      agentSession.keyChanged();
      connection.keyChanged();
      if (connection.current.status !== 'unknown') void connection.refresh({ quiet: true });
    }),
    vscode.commands.registerCommand('smallcode.fixSelection', async () => {
      // the window as detected (detected now if it was not yet: the run would do it anyway)
      const contextWindow = async () => connection.current.contextWindow ?? (await connection.refresh()).contextWindow;
      const target = await fixSelectionTarget(vscode.window.activeTextEditor, contextWindow);
      if (typeof target === 'string') {
        void vscode.window.showWarningMessage(`SmallCode: ${target}`);
        return undefined;
      }
      if ('saveFirst' in target) {
        // not awaited: the command ends now; the fix starts again once the user saved
        void vscode.window.showWarningMessage(`SmallCode: ${target.message}`, 'Save and Fix').then((pick) => (pick === 'Save and Fix' ? saveThenFix(target) : undefined));
        return undefined;
      }
      log.info(`Fix selection: ${target.rel} lines ${target.range.start.line + 1}-${target.range.end.line + 1}`);
      await chatView.reveal();
      void submit(target.task);
      return target.task;
    }),
    vscode.commands.registerCommand('smallcode.newChat', newChat),
    vscode.commands.registerCommand('smallcode.showHistory', async () => { await chatView.reveal(); await historyActions.list('', true); }),
    vscode.commands.registerCommand('smallcode.selectModel', () => selectModel(connection)),
    // the argument: the endpoint of the card that asked for a key (see chatHandlers)
    vscode.commands.registerCommand('smallcode.setApiKey', (forUrl?: unknown) => setApiKey(context.secrets, log, undefined, forUrl)),
    vscode.commands.registerCommand('smallcode.setEscalationApiKey', () => setApiKey(context.secrets, log, ESCALATION_KEY)),
    vscode.commands.registerCommand('smallcode.forgetAllowedCommands', () => forgetAllowedCommands(allowedCommands, vscode.window)),
    codeIndex, vscode.commands.registerCommand('smallcode.rebuildIndex', () => codeIndex.rebuild()),
    review, ...registerEditReviewCommands(review),
  );
  // The e2e test's hook (it drives the workbench from outside): never in an installed extension.
  if (context.extensionMode !== vscode.ExtensionMode.Production) proposeFromE2eFile(review);
  // The index builds in its worker, in the background, soon after activation (activation means the
  // chat or a command is in use), so that the first task already has a repo map. A task or lookup that
  // comes sooner (Fix selection opens the window's first task) starts it itself and waits a little.
  const indexSoon = setTimeout(() => void codeIndex.start(), INDEX_START_DELAY_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(indexSoon) });

  const activationMs = performance.now() - started;
  channel.info(`SmallCode activated in ${activationMs.toFixed(1)} ms`); // raw: no core to load for it
  return { activationMs, chat: { entries: () => transcript.all(), submit, newChat, visible: () => chatView.visible, stop: () => controller.stop(), running: () => controller.running, command: (name, args = '') => runSlashCommand(name, args, slash) }, connection: { current: () => connection.current, refresh: () => connection.refresh() }, review, traces: { exportTo: (target, id) => traces.exportTo(target, id) },
    history: { currentId: () => history.currentId, open: (id) => controller.open(id), delete: (id) => controller.deleteConversation(id), folder: historyFolder },
    codeIndex: { intel: codeIndex.intel, describe: () => codeIndex.describe((state) => loadCore().formatIndexState(state, Date.now())), launches: () => codeIndex.launches, settingsApplied: () => codeIndex.settingsApplied() },
    logUri: context.logUri,
    ...(context.extensionMode !== vscode.ExtensionMode.Production ? { testing: {
      storeApiKeySecret: async (raw: string | undefined) => { await (raw === undefined ? context.secrets.delete(API_KEY_SECRET) : context.secrets.store(API_KEY_SECRET, raw)); },
    } } : {}),
  };
}

/** VS Code waits for the returned promise (a few seconds at most) before it stops the extension host. */
export async function deactivate(): Promise<void> {
  await Promise.all([codeIndexToClose?.close(), chatToClose?.close(RUN_CLOSE_MS)]);
}
