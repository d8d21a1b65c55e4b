// The typed message protocol between the extension host and the sidebar chat webview.
// Imported by both sides; each message has a literal `type` and a type guard, so neither side
// acts on a message it does not understand. The host owns the conversation; the webview renders it.
// Everything here is plain data: the host maps the agent's events (src/core) onto these views.

export type ChatRole = 'user' | 'assistant' | 'notice' | 'tool';
export type NoticeLevel = 'info' | 'warning' | 'error';

export interface ChatEntry {
  id: string;
  role: ChatRole;
  text: string;
  /** Notices only: how loud (a governor warning, an error). Absent means 'info'. */
  level?: NoticeLevel;
  /** Assistant entries only: true while the reply is still streaming. */
  streaming?: boolean;
  /** Tool entries only: the card. */
  tool?: ToolCardView;
}

/** One tool call as a compact card. */
export interface ToolCardView {
  id: string;
  name: string;
  /** The arguments, summarised for one or two lines (the host caps it). */
  args: string;
  state: 'running' | 'ok' | 'failed';
  /** The result as the model saw it, summarised. */
  result?: string;
  durationMs?: number;
  /** What the forgiving parser had to repair to read this call (e.g. "trailing comma"); empty if none. */
  repairs: string[];
}

export type PlanStepState = 'pending' | 'in_progress' | 'done' | 'failed';
/** Mirrors PlanSnapshot of src/core/plan: the host can send the snapshot as is. */
export interface PlanView {
  steps: { id: number; text: string; state: PlanStepState; note?: string }[];
  done: number;
  total: number;
  current?: number;
}

export interface BudgetSectionView {
  name: string;
  used: number;
  /** The section's cap. Omit it for sections that take what they need (system prompt, tool schemas,
   *  the task): those show their share of the window and never a warning. */
  limit?: number;
}
/** How the context window is spent (from BudgetReport of src/core/budget). */
export interface BudgetView {
  window: number;
  /** Prompt tokens + reply reserve + safety margin. */
  used: number;
  /** Tokens kept free for the reply (BudgetReport's 'reply' section). */
  replyReserve: number;
  sections: BudgetSectionView[];
  /** Which token counter measured it (exact tokenizer or an estimate). */
  counter?: string;
}

/** One model turn, for the traces view. */
export interface TraceSummaryView {
  id: string;
  turn: number;
  /** What the turn was about (the user's request, shortened). */
  label?: string;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  calls: number;
  repairs: number;
  /** The turn still running. */
  current?: boolean;
}
export interface TraceDetailView {
  id: string;
  turn: number;
  /** Titled blocks of plain text: request, raw reply, parsed calls, repairs, results. */
  sections: { title: string; text: string }[];
}

export type MentionKind = 'file' | 'selection' | 'problems';
export interface MentionItem {
  kind: MentionKind;
  /** What is inserted after '@' (a workspace-relative path, 'selection', 'problems'). */
  value: string;
  /** A second line: the folder, or what the special item means. */
  detail?: string;
  /** Indices in `value` matched by the query, to highlight. */
  matches?: number[];
}
export interface MentionRef { kind: MentionKind; value: string }

export type RunState = 'idle' | 'running';

/** Proposed edits waiting for the user's decision (the chat offers Accept all / Reject all). */
export interface PendingEditsView {
  /** Hunks still undecided, over all files. */
  count: number;
  files: string[];
}

export interface ChatViewState {
  entries: ChatEntry[];
  connection: ConnectionInfo;
  /** Optional so an older host snapshot stays valid; absent means "unchanged" to the webview. */
  run?: RunState;
  plan?: PlanView | null;
  budget?: BudgetView | null;
  traces?: TraceSummaryView[];
  pendingEdits?: PendingEditsView;
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

export const SLASH_COMMANDS = ['clear', 'plan', 'budget', 'tokens', 'trace', 'memory', 'index', 'model', 'profile', 'help'] as const;
export type SlashCommandName = typeof SLASH_COMMANDS[number];

// ---- webview → host ----
export interface ReadyMessage { type: 'ready' }
/** `mentions`: the completions the user picked that are still in the text, for the host to attach. */
export interface SendMessage { type: 'send'; text: string; mentions?: MentionRef[] }
export interface NewChatMessage { type: 'newChat' }
/** Buttons of the connection header and the setup state. */
export interface ConnectionActionMessage { type: 'connectionAction'; action: 'retry' | 'selectModel' | 'openSettings' }
export interface StopMessage { type: 'stop' }
export interface SlashCommandMessage { type: 'slashCommand'; name: SlashCommandName; args: string }
/** Request: the host answers with a MentionResultsMessage carrying the same id. */
export interface MentionQueryMessage { type: 'mentionQuery'; id: number; query: string }
/** Request: the host answers with a TraceDetailMessage. */
export interface OpenTraceMessage { type: 'openTrace'; id: string }
/** Save a trace (the latest run's, without id) to a file. */
export interface ExportTraceMessage { type: 'exportTrace'; id?: string }
/** A link in a reply: only http(s), opened by the host. */
export interface OpenLinkMessage { type: 'openLink'; url: string }
/** The chat's buttons for proposed edits: decide every pending hunk, or show the first one. */
export interface EditActionMessage { type: 'editAction'; action: 'acceptAll' | 'rejectAll' | 'show' }
export type WebviewToHost = ReadyMessage | SendMessage | NewChatMessage | ConnectionActionMessage | StopMessage | EditActionMessage
  | SlashCommandMessage | MentionQueryMessage | OpenTraceMessage | ExportTraceMessage | OpenLinkMessage;

// ---- host → webview ----
export interface StateMessage { type: 'state'; state: ChatViewState }
/** Adds an entry, or replaces the entry with the same id (e.g. a finished stream saved by the host). */
export interface EntryMessage { type: 'entry'; entry: ChatEntry }
export interface FocusInputMessage { type: 'focusInput' }
export interface ConnectionMessage { type: 'connection'; connection: ConnectionInfo }
export interface RunStateMessage { type: 'runState'; run: RunState }
/** A streamed assistant reply: start, deltas, discard (the reply is retried), end. */
export interface AssistantStartMessage { type: 'assistantStart'; id: string }
export interface AssistantDeltaMessage { type: 'assistantDelta'; id: string; delta: string }
export interface AssistantDiscardMessage { type: 'assistantDiscard'; id: string }
/** `text`, when given, is the authoritative final reply (replaces what was streamed). */
export interface AssistantEndMessage { type: 'assistantEnd'; id: string; text?: string }
export interface ToolStartMessage { type: 'toolStart'; tool: ToolCardView }
export interface ToolEndMessage { type: 'toolEnd'; id: string; ok: boolean; result: string; durationMs: number; repairs?: string[] }
export interface PlanMessage { type: 'plan'; plan: PlanView | null }
export interface BudgetMessage { type: 'budget'; budget: BudgetView | null }
export interface TracesMessage { type: 'traces'; traces: TraceSummaryView[] }
export interface TraceDetailMessage { type: 'traceDetail'; detail: TraceDetailView }
export interface MentionResultsMessage { type: 'mentionResults'; id: number; items: MentionItem[] }
export interface PendingEditsMessage { type: 'pendingEdits'; pending: PendingEditsView }
export type HostToWebview = StateMessage | EntryMessage | FocusInputMessage | ConnectionMessage | RunStateMessage | PendingEditsMessage
  | AssistantStartMessage | AssistantDeltaMessage | AssistantDiscardMessage | AssistantEndMessage
  | ToolStartMessage | ToolEndMessage | PlanMessage | BudgetMessage | TracesMessage | TraceDetailMessage
  | MentionResultsMessage;

/** The messages that change the transcript (both sides apply them with applyToTranscript). */
export type TranscriptMessage = EntryMessage | AssistantStartMessage | AssistantDeltaMessage | AssistantDiscardMessage
  | AssistantEndMessage | ToolStartMessage | ToolEndMessage;

/**
 * What a transcript message means, in one place: the webview applies it to what it shows and the
 * host to the entries it re-sends when a hidden panel comes back. Mutates `entries`; returns the
 * entry that changed (undefined when the message names no known entry).
 */
export function applyToTranscript(entries: ChatEntry[], message: TranscriptMessage): ChatEntry | undefined {
  const find = (id: string) => entries.find((e) => e.id === id);
  const upsert = (entry: ChatEntry) => {
    const at = entries.findIndex((e) => e.id === entry.id);
    if (at >= 0) entries[at] = entry; else entries.push(entry);
    return entry;
  };
  switch (message.type) {
    case 'entry':
      return upsert({ ...message.entry });
    case 'assistantStart':
      return upsert({ id: message.id, role: 'assistant', text: '', streaming: true });
    case 'assistantDelta': {
      const entry = find(message.id);
      if (entry) entry.text += message.delta;
      return entry;
    }
    case 'assistantDiscard': {
      const entry = find(message.id);
      if (entry) entry.text = '';
      return entry;
    }
    case 'assistantEnd': {
      const entry = find(message.id);
      if (!entry) return undefined;
      if (message.text !== undefined) entry.text = message.text;
      delete entry.streaming;
      return entry;
    }
    case 'toolStart':
      return upsert({ id: message.tool.id, role: 'tool', text: '', tool: { ...message.tool, repairs: [...message.tool.repairs] } });
    case 'toolEnd': {
      const entry = find(message.id);
      if (!entry?.tool) return undefined;
      entry.tool = {
        ...entry.tool, state: message.ok ? 'ok' : 'failed', result: message.result, durationMs: message.durationMs,
        repairs: message.repairs ?? entry.tool.repairs,
      };
      return entry;
    }
  }
}

export function isTranscriptMessage(message: HostToWebview): message is TranscriptMessage {
  return ['entry', 'assistantStart', 'assistantDelta', 'assistantDiscard', 'assistantEnd', 'toolStart', 'toolEnd'].includes(message.type);
}

// ---- type guards ----
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isPendingEdits = (value: unknown): value is PendingEditsView => isRecord(value) && isNumber(value.count) && isStringArray(value.files);
const optional = <T>(guard: (v: unknown) => v is T) => (value: unknown): boolean => value === undefined || guard(value);

const CONNECTION_STATUSES: readonly string[] = ['unknown', 'detecting', 'ready', 'no-server', 'error'];
const ROLES: readonly string[] = ['user', 'assistant', 'notice', 'tool'];
const LEVELS: readonly string[] = ['info', 'warning', 'error'];
const STEP_STATES: readonly string[] = ['pending', 'in_progress', 'done', 'failed'];
const MENTION_KINDS: readonly string[] = ['file', 'selection', 'problems'];

function isConnection(value: unknown): value is ConnectionInfo {
  return isRecord(value) && isString(value.status) && CONNECTION_STATUSES.includes(value.status)
    && isString(value.model) && isString(value.endpoint);
}

function isToolCard(value: unknown): value is ToolCardView {
  return isRecord(value) && isString(value.id) && isString(value.name) && isString(value.args)
    && (value.state === 'running' || value.state === 'ok' || value.state === 'failed')
    && optional(isString)(value.result) && optional(isNumber)(value.durationMs) && isStringArray(value.repairs);
}

function isEntry(value: unknown): value is ChatEntry {
  return isRecord(value) && isString(value.id) && isString(value.text) && isString(value.role) && ROLES.includes(value.role)
    && (value.level === undefined || (isString(value.level) && LEVELS.includes(value.level)))
    && (value.tool === undefined || isToolCard(value.tool))
    && (value.role !== 'tool' || value.tool !== undefined);
}

function isPlan(value: unknown): value is PlanView {
  return isRecord(value) && isNumber(value.done) && isNumber(value.total) && Array.isArray(value.steps)
    && value.steps.every((s) => isRecord(s) && isNumber(s.id) && isString(s.text) && isString(s.state) && STEP_STATES.includes(s.state));
}

function isBudget(value: unknown): value is BudgetView {
  return isRecord(value) && isNumber(value.window) && isNumber(value.used) && isNumber(value.replyReserve)
    && Array.isArray(value.sections)
    && value.sections.every((s) => isRecord(s) && isString(s.name) && isNumber(s.used) && optional(isNumber)(s.limit));
}

function isTraceSummary(value: unknown): value is TraceSummaryView {
  return isRecord(value) && isString(value.id) && isNumber(value.turn) && isNumber(value.promptTokens)
    && isNumber(value.completionTokens) && isNumber(value.durationMs) && isNumber(value.calls) && isNumber(value.repairs);
}

function isTraceDetail(value: unknown): value is TraceDetailView {
  return isRecord(value) && isString(value.id) && isNumber(value.turn) && Array.isArray(value.sections)
    && value.sections.every((s) => isRecord(s) && isString(s.title) && isString(s.text));
}

function isMentionRef(value: unknown): value is MentionRef {
  return isRecord(value) && isString(value.kind) && MENTION_KINDS.includes(value.kind) && isString(value.value);
}

function isMentionItem(value: unknown): value is MentionItem {
  return isRecord(value) && optional(isString)(value.detail) && isMentionRef(value);
}

const isNullable = <T>(guard: (v: unknown) => v is T) => (value: unknown): boolean => value === null || guard(value);
const isRun = (value: unknown): value is RunState => value === 'idle' || value === 'running';

function isState(value: unknown): value is ChatViewState {
  return isRecord(value) && Array.isArray(value.entries) && value.entries.every(isEntry) && isConnection(value.connection)
    && optional(isRun)(value.run)
    && (value.plan === undefined || isNullable(isPlan)(value.plan))
    && (value.budget === undefined || isNullable(isBudget)(value.budget))
    && (value.traces === undefined || (Array.isArray(value.traces) && value.traces.every(isTraceSummary)))
    && optional(isPendingEdits)(value.pendingEdits);
}

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'newChat':
    case 'stop':
      return true;
    case 'send':
      return isString(value.text) && (value.mentions === undefined || (Array.isArray(value.mentions) && value.mentions.every(isMentionRef)));
    case 'connectionAction':
      return value.action === 'retry' || value.action === 'selectModel' || value.action === 'openSettings';
    case 'slashCommand':
      return isString(value.name) && (SLASH_COMMANDS as readonly string[]).includes(value.name) && isString(value.args);
    case 'mentionQuery':
      return isNumber(value.id) && isString(value.query);
    case 'openTrace':
      return isString(value.id);
    case 'exportTrace':
      return optional(isString)(value.id);
    case 'openLink':
      return isString(value.url) && /^https?:\/\//i.test(value.url);
    case 'editAction':
      return value.action === 'acceptAll' || value.action === 'rejectAll' || value.action === 'show';
    default:
      return false;
  }
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'state':
      return isState(value.state);
    case 'entry':
      return isEntry(value.entry);
    case 'focusInput':
      return true;
    case 'connection':
      return isConnection(value.connection);
    case 'runState':
      return isRun(value.run);
    case 'assistantStart':
    case 'assistantDiscard':
      return isString(value.id);
    case 'assistantDelta':
      return isString(value.id) && isString(value.delta);
    case 'assistantEnd':
      return isString(value.id) && optional(isString)(value.text);
    case 'toolStart':
      return isToolCard(value.tool);
    case 'toolEnd':
      return isString(value.id) && typeof value.ok === 'boolean' && isString(value.result) && isNumber(value.durationMs)
        && optional(isStringArray)(value.repairs);
    case 'plan':
      return isNullable(isPlan)(value.plan);
    case 'budget':
      return isNullable(isBudget)(value.budget);
    case 'traces':
      return Array.isArray(value.traces) && value.traces.every(isTraceSummary);
    case 'traceDetail':
      return isTraceDetail(value.detail);
    case 'mentionResults':
      return isNumber(value.id) && Array.isArray(value.items) && value.items.every(isMentionItem);
    case 'pendingEdits':
      return isPendingEdits(value.pending);
    default:
      return false;
  }
}
