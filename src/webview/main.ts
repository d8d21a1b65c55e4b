// The sidebar chat app. It renders what the host sends and posts what the user does, through the
// typed protocol only. The host owns the conversation and answers `ready` with all of it when the
// panel is shown again; setState keeps only what the user was doing here (the unsent draft, which
// panels are open, where they had scrolled to, a message being edited, the history's search). VS Code
// writes that state to disk, and entries may hold secrets the host redacts from what it saves, so no
// entry is ever in it.
// Keys: Enter sends, Shift+Enter new line, `/` and `@` open completions, and Escape stops a
// running reply (when no completion list is open).
import {
  applyToTranscript, isHostToWebview, isTranscriptMessage, MAX_TRANSCRIPT_ENTRIES, paintedTail,
  type ChatViewState, type ConnectionActionName, type HostToWebview, type MentionRef, type WebviewToHost,
} from '../shared/chatProtocol';
import { el, keepFocus } from './dom';
import { renderConnection } from './connectionView';
import { continuedBelow, continuedFence } from './continuedFence';
import { TranscriptView, type ScrollPosition } from './transcript';
import { Composer, type SentTask } from './composer';
import { FocusRequest } from './focusRequest';
import { renderPlan } from './planView';
import { renderBudget } from './budgetBars';
import { renderTraces, showTraceDetail, type TraceActions } from './tracesView';
import { helpText } from './slashCommands';
import { renderPendingEdits, type EditAction } from './pendingEditsBar';
import { EntryActions, type EditInProgress } from './entryActions';
import { HistoryPanel } from './historyView';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): Partial<PersistedState> | undefined;
  setState(state: PersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type PanelName = 'plan' | 'budget';
/** What setState keeps: the user's own doing in this panel, never the host's data (see the top). */
interface PersistedState {
  draft: string;
  mentions: MentionRef[];
  open: Partial<Record<PanelName, boolean>>;
  /** Where a reader who scrolled up was (absent: at the end). */
  scroll?: ScrollPosition;
  /** A message being edited, with what is typed in it. */
  editing?: EditInProgress;
  /** The history view's search, while the view is open. */
  history?: string;
  /** The tool cards the user opened (entry ids). */
  openCards?: string[];
}

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const ui: PersistedState = {
  draft: saved?.draft ?? '',
  mentions: saved?.mentions ?? [],
  open: saved?.open ?? {},
  ...(saved?.scroll ? { scroll: saved.scroll } : {}),
  ...(saved?.editing ? { editing: saved.editing } : {}),
  ...(saved?.history !== undefined ? { history: saved.history } : {}),
  ...(saved?.openCards?.length ? { openCards: saved.openCards } : {}),
};
/** Set once the host's first `state` has been drawn, with the scroll position and edit kept in `ui`. */
let restored = false;
/** The host's view of the conversation, as last sent (kept in memory only). */
const state: { view: ChatViewState; lastTask?: SentTask } = {
  view: { entries: [], connection: { status: 'unknown', model: '', endpoint: '' } },
};
const post = (message: WebviewToHost) => vscode.postMessage(message);

function save(): void {
  vscode.setState(ui);
}

// ---- layout ----
const app = document.getElementById('app')!;
const header = el('header', 'connection');
header.id = 'connection';
// The strip is redrawn on each change: its outcome is said here, once (Retry's, or a server found later).
const connectionStatus = el('div', 'visually-hidden');
connectionStatus.id = 'connection-status';
connectionStatus.setAttribute('role', 'status');

function panel(name: PanelName, label: string): HTMLDetailsElement {
  const details = el('details', `panel panel-${name}`);
  details.id = name;
  details.setAttribute('aria-label', label);
  details.open = ui.open[name] ?? false;
  details.addEventListener('toggle', () => {
    // Panels open over the conversation, one at a time.
    if (details.open) for (const other of [planPanel, budgetPanel]) if (other && other !== details) other.open = false;
    ui.open = { ...ui.open, [name]: details.open };
    save();
  });
  return details;
}
const planPanel = panel('plan', 'Plan');
const budgetPanel = panel('budget', 'Context budget');
// The traces live in the context panel, under the budget.
const tracesSection = el('section', 'traces-section');
tracesSection.id = 'traces';
const panels = el('div', 'panels');
panels.append(planPanel, budgetPanel);

const transcript = new TranscriptView({
  onOpenLink: (url) => post({ type: 'openLink', url }),
  onApproval: (id, choice) => post({ type: 'approvalDecision', id, choice }),
  onUndoRun: (id) => post({ type: 'undoRun', id }),
  onCodeAction: (action, block) => post({ type: 'codeBlockAction', action, ...block }),
  onFocusLost: () => composer.focus(),
  ...(ui.openCards ? { openCards: ui.openCards } : {}),
  continues: (id, text) => continuedFence(state.view.entries, id, text),
  continuedBelow: (id) => continuedBelow(state.view.entries, id),
  onCardsToggled: (open) => {
    if (open.length) ui.openCards = open; else delete ui.openCards;
    save();
  },
  onScrolled: (position) => {
    if (!restored) return; // the conversation is not drawn yet: keep where the reader was
    if (position.follow) delete ui.scroll; else ui.scroll = position;
    save();
  },
});
const composer = new Composer({
  draft: ui.draft,
  mentions: ui.mentions,
  onDraft: (draft, mentions) => { ui.draft = draft; ui.mentions = mentions; save(); },
  onSend: (text, mentions) => {
    state.lastTask = { text, mentions };
    post({ type: 'send', text, ...(mentions.length ? { mentions } : {}) });
  },
  // After the panel was rebuilt, the last message of the user's in the conversation, with the paths
  // picked for it (the host keeps them with the message).
  lastTask: () => {
    const last = state.view.entries.findLast((e) => e.role === 'user');
    return state.lastTask ?? (last === undefined ? undefined : { text: last.text, mentions: last.mentions ?? [] });
  },
  onSlashCommand: (name, args) => {
    if (name === 'help') showLocalNotice(helpText());
    else post({ type: 'slashCommand', name, args });
  },
  onStop: () => post({ type: 'stop' }),
  onMentionQuery: (id, query) => post({ type: 'mentionQuery', id, query }),
});
// Retry, Edit and resend, Continue: buttons laid over the entries after each change.
const entryActions = new EntryActions(
  transcript,
  (action, id, text) => post({ type: 'entryAction', action, id, ...(text !== undefined ? { text } : {}) }),
  (edit) => {
    if (edit) ui.editing = edit; else delete ui.editing;
    save();
  },
);
const refreshActions = () => entryActions.refresh(state.view.entries, state.view.run === 'running');
// The saved conversations, shown in place of the conversation while open.
const historyPanel = new HistoryPanel({
  query: (query) => post({ type: 'historyQuery', query }),
  open: (id) => post({ type: 'historyAction', action: 'open', id }),
  rename: (id, title) => post({ type: 'historyAction', action: 'rename', id, title }),
  remove: (id) => post({ type: 'historyAction', action: 'delete', id }),
  closed: () => composer.focus(),
  searching: (text) => {
    if (text === undefined) delete ui.history; else ui.history = text;
    save();
  },
});
const pendingBar = el('div', 'pending-edits');
pendingBar.id = 'pending-edits';
pendingBar.setAttribute('role', 'region');
pendingBar.setAttribute('aria-label', 'Proposed edits');
const editAction = (action: EditAction) => post({ type: 'editAction', action });
app.append(header, connectionStatus, panels, historyPanel.element, transcript.container, pendingBar, composer.element);
const focusRequest = new FocusRequest(() => composer.focus());
// An open panel is an overlay: a click elsewhere closes it, as a menu would.
document.addEventListener('pointerdown', (event) => {
  if (!panels.contains(event.target as Node)) closePanels();
});
function closePanels(): boolean {
  const open = [planPanel, budgetPanel].filter((p) => p.open);
  for (const p of open) p.open = false;
  return open.length > 0;
}
app.removeAttribute('aria-busy');

const traceActions: TraceActions = {
  open: (id) => post({ type: 'openTrace', id }),
  export: (id) => post(id ? { type: 'exportTrace', id } : { type: 'exportTrace' }),
};
const act = (action: ConnectionActionName) => post({ type: 'connectionAction', action });

let localIds = 0;
/** An answer the panel gives itself (/help): shown and kept, but not part of the host's transcript. */
function showLocalNotice(text: string): void {
  const entry = { id: `local-${Date.now().toString(36)}-${++localIds}`, role: 'notice' as const, text, markdown: true };
  applyTranscript({ type: 'entry', entry });
}

function applyTranscript(message: Parameters<typeof applyToTranscript>[1]): void {
  const entry = applyToTranscript(state.view.entries, message, MAX_TRANSCRIPT_ENTRIES);
  if (!entry) return;
  transcript.apply(message, entry);
  if (message.type === 'assistantDelta') return;
  transcript.trimTo(state.view.entries.length); // applyToTranscript dropped the oldest past the cap
  transcript.redrawContinued(state.view.entries);
  refreshActions();
}

/** The context panel: the budget of the last request, and the traces of the turns under it. */
function renderContext(): void {
  const restoreFocus = keepFocus(budgetPanel);
  renderTraces(tracesSection, state.view.traces, traceActions);
  renderBudget(budgetPanel, state.view.budget, tracesSection);
  restoreFocus(budgetPanel);
}

function renderPanels(): void {
  renderPlan(planPanel, state.view.plan);
  renderContext();
}

function renderAll(at?: ScrollPosition): void {
  renderConnection(header, state.view.connection, act, connectionStatus);
  renderPanels();
  transcript.renderAll(state.view.entries, at);
  renderPendingEdits(pendingBar, state.view.pendingEdits, editAction, () => composer.focus());
  composer.setRunning(state.view.run === 'running');
  refreshActions();
}

function receive(message: HostToWebview): void {
  if (isTranscriptMessage(message)) { applyTranscript(message); return; }
  switch (message.type) {
    case 'state': {
      // Fields the host left out keep what the panel had.
      const next = message.state;
      state.view = {
        entries: paintedTail(next.entries),
        connection: next.connection,
        run: next.run ?? state.view.run,
        plan: next.plan !== undefined ? next.plan : state.view.plan,
        budget: next.budget !== undefined ? next.budget : state.view.budget,
        traces: next.traces ?? state.view.traces,
        pendingEdits: next.pendingEdits ?? state.view.pendingEdits,
      };
      // The first one after the panel was shown again: back where the reader was, mid-edit if so.
      renderAll(restored ? undefined : ui.scroll);
      if (!restored && ui.editing && !entryActions.resumeEditing(ui.editing)) { delete ui.editing; save(); }
      restored = true;
      break;
    }
    case 'focusInput':
      focusRequest.request();
      return;
    case 'connection':
      state.view.connection = message.connection;
      renderConnection(header, message.connection, act, connectionStatus);
      break;
    case 'runState':
      state.view.run = message.run;
      composer.setRunning(message.run === 'running');
      refreshActions();
      break;
    case 'plan':
      state.view.plan = message.plan;
      renderPlan(planPanel, message.plan);
      break;
    case 'budget':
      state.view.budget = message.budget;
      renderContext();
      break;
    case 'traces':
      state.view.traces = message.traces;
      renderContext();
      break;
    case 'traceDetail':
      budgetPanel.open = true;
      showTraceDetail(tracesSection, message.detail, traceActions);
      return;
    case 'mentionResults':
      composer.receiveMentions(message.id, message.items);
      return;
    case 'history':
      historyPanel.render(message.history);
      if (message.show) historyPanel.show(false);
      return;
    case 'pendingEdits':
      state.view.pendingEdits = message.pending;
      renderPendingEdits(pendingBar, message.pending, editAction, () => composer.focus());
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebview(event.data)) receive(event.data);
});

// Escape stops a running reply from anywhere in the panel; the completion list claims it first.
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !composer.completionOpen && !event.defaultPrevented && closePanels()) {
    event.preventDefault();
    return;
  }
  if (event.key === 'Escape' && state.view.run === 'running' && !composer.completionOpen && !event.defaultPrevented) {
    event.preventDefault();
    post({ type: 'stop' });
  }
});

renderAll();
if (ui.history !== undefined) historyPanel.reopen(ui.history);
post({ type: 'ready' });
