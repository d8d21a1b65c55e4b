// The typed message protocol between the extension host and the sidebar chat webview, imported by
// both sides. Each message is declared once, with its guard (after GitLens' IpcCommand / IpcRequest /
// IpcNotification): commands go from the webview to the host, requests too but are answered with a
// correlated response, notifications go from the host to the webview. The unions, the guards and the
// host's handler table are derived from those declarations, so a new message touches this file and
// one handler. Neither side acts on a message it does not understand. The host owns the
// conversation; the webview renders it. Everything here is plain data.

export type ChatRole = 'user' | 'assistant' | 'notice' | 'tool' | 'approval' | 'checkpoint';
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
  /** Approval entries only: a shell command waiting for (or decided by) the user. */
  approval?: ApprovalCardView;
  /** Checkpoint entries only: what a run changed, and whether it can still be undone. */
  checkpoint?: CheckpointCardView;
  /** Notices only: the way on that the notice offers (Retry after an error, Continue after a cut reply). */
  action?: NoticeAction;
  /**
   * Notices only: the text is markdown (SmallCode's own formatted answers: /help, /budget). Otherwise a
   * notice shows as written: file paths (`__init__.py`) and checker output (`int*`, `# `, `- `) are not markdown.
   */
  markdown?: boolean;
  /**
   * User entries only: the paths picked from the completion list that the text holds. They spell paths
   * with spaces, which a typed mention cannot (mentionText.ts): kept so Edit and Up-arrow read them again.
   */
  mentions?: MentionRef[];
}

/** What a notice offers: ask again from the same point, or ask for the rest of a reply cut at the length limit. */
export type NoticeAction = 'retry' | 'continue';
/** The buttons on an entry: Retry (the last reply, an error), Edit and resend (a message of the user's), Continue. */
export type EntryActionName = NoticeAction | 'edit';

/** One saved conversation in the history list. */
export interface HistoryItemView {
  id: string;
  title: string;
  /** ISO time of its last change. */
  updatedAt: string;
  model: string;
}
export interface HistoryView {
  items: HistoryItemView[];
  /** The search these items answer ('' for all). */
  query: string;
  /** The conversation shown in the chat now. */
  current?: string;
  /** Saved conversations that could not be read (skipped). */
  warnings: string[];
}

/** How a run changed a file: edited it, created it, or left it deleted. */
export type CheckpointChange = 'edited' | 'created' | 'deleted';
/** "Undo this run": the files a run changed (their contents stay on the host, never in the transcript). */
export interface CheckpointCardView {
  files: { path: string; change: CheckpointChange }[];
  /** 'unavailable': the host no longer holds the run's contents (the window was reloaded). */
  state: 'available' | 'undone' | 'unavailable';
  /** What the undo did, or why it cannot be done. */
  note?: string;
}

export type ApprovalState = 'pending' | 'approved' | 'declined' | 'always' | 'cancelled';
/** A command the model wants to run, asked in the chat: Run, Skip, or always allow this command. */
export interface ApprovalCardView {
  command: string;
  /** Why it deserves a second look (deletes files, pipes to a shell…). */
  warnings: string[];
  state: ApprovalState;
}
export type ApprovalChoice = 'run' | 'skip' | 'always';

/** One tool call as a compact card. */
export interface ToolCardView {
  id: string;
  name: string;
  /** The arguments, one per line (the host caps them), shown when the card is opened. */
  args: string;
  /** The call in a few words (`src/a.ts:3–9`, `npm test`) for the card's line; cards saved before it have none. */
  headline?: string;
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

/** Whether the agent is working on a message (the Send button becomes Stop). */
export type RunActivity = 'idle' | 'running';

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
  run?: RunActivity;
  plan?: PlanView | null;
  budget?: BudgetView | null;
  traces?: TraceSummaryView[];
  pendingEdits?: PendingEditsView;
}

export type ConnectionStatus = 'unknown' | 'detecting' | 'ready' | 'no-server' | 'error';

/** Why a server that answered cannot be used (status 'error'): each has its own title and fix. */
export type ConnectionProblem = 'unauthorised' | 'not-found' | 'server-error' | 'bad-url' | 'unreachable' | 'timeout' | 'model-missing';

/** What the panel shows above the conversation: where the model lives and how much it can see. */
export interface ConnectionInfo {
  status: ConnectionStatus;
  model: string;
  /** How to name the model when its id is a file path (llama.cpp without --alias): the file's name. */
  modelLabel?: string;
  endpoint: string;
  serverKind?: string;
  serverName?: string;
  /** Tokens the model is really loaded with, and where that figure came from. */
  contextWindow?: number;
  contextSource?: string;
  /** 'ollama': Ollama's own API, which loads the model with `contextWindow` as num_ctx. */
  api?: 'openai' | 'ollama';
  /** The window the server confirmed after the first request (Ollama /api/ps). */
  loadedContext?: number;
  /** The window the agent budgets with now, when the server refused a prompt as too long and it shrank
   * below `contextWindow` (absent otherwise). Filled in for the views from AgentSession.windowInForce. */
  windowInForce?: number;
  /** How to fix a window too small for agent work, for this server. */
  advice?: string;
  /** Where detection looked when no server answered. */
  tried?: string[];
  models?: string[];
  message?: string;
  /** What went wrong, when something answered (or the URL is bad); absent for "nothing found". */
  problem?: ConnectionProblem;
}

export const SLASH_COMMANDS = ['clear', 'plan', 'budget', 'tokens', 'trace', 'memory', 'index', 'model', 'profile', 'rules', 'mcp', 'help'] as const;
export type SlashCommandName = typeof SLASH_COMMANDS[number];
/** `/memory forget <key>` (or `delete`) deletes notes; any other `/memory` lists them. */
export const forgetsMemory = (args: string): boolean => /^(forget|delete)\b/i.test(args);

// ---- field guards ----
type Fields = Record<string, unknown>;
function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}
const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const arrayOf = <T>(guard: (v: unknown) => v is T) => (value: unknown): value is T[] => Array.isArray(value) && value.every(guard);
const optional = <T>(guard: (v: unknown) => v is T) => (value: unknown): value is T | undefined => value === undefined || guard(value);
const nullable = <T>(guard: (v: unknown) => v is T) => (value: unknown): value is T | null => value === null || guard(value);
const oneOf = <T extends string>(...values: readonly T[]) => (value: unknown): value is T => isString(value) && (values as readonly string[]).includes(value);

const isConnectionStatus = oneOf<ConnectionStatus>('unknown', 'detecting', 'ready', 'no-server', 'error');
const isRole = oneOf<ChatRole>('user', 'assistant', 'notice', 'tool', 'approval', 'checkpoint');
const isApprovalState = oneOf<ApprovalState>('pending', 'approved', 'declined', 'always', 'cancelled');
const isLevel = oneOf<NoticeLevel>('info', 'warning', 'error');
const isStepState = oneOf<PlanStepState>('pending', 'in_progress', 'done', 'failed');
const isMentionKind = oneOf<MentionKind>('file', 'selection', 'problems');
const isRunActivity = oneOf<RunActivity>('idle', 'running');
const isNoticeAction = oneOf<NoticeAction>('retry', 'continue');
const isHistoryItem = (value: unknown): value is HistoryItemView => isRecord(value) && isString(value.id) && isString(value.title) && isString(value.updatedAt) && isString(value.model);
const isHistory = (value: unknown): value is HistoryView => isRecord(value) && arrayOf(isHistoryItem)(value.items) && isString(value.query)
  && optional(isString)(value.current) && isStringArray(value.warnings);
const isPendingEdits = (value: unknown): value is PendingEditsView => isRecord(value) && isNumber(value.count) && isStringArray(value.files);

function isConnection(value: unknown): value is ConnectionInfo {
  return isRecord(value) && isConnectionStatus(value.status) && isString(value.model) && isString(value.endpoint);
}

function isToolCard(value: unknown): value is ToolCardView {
  return isRecord(value) && isString(value.id) && isString(value.name) && isString(value.args)
    && optional(isString)(value.headline) && oneOf('running', 'ok', 'failed')(value.state)
    && optional(isString)(value.result) && optional(isNumber)(value.durationMs) && isStringArray(value.repairs);
}

function isApprovalCard(value: unknown): value is ApprovalCardView {
  return isRecord(value) && isString(value.command) && isStringArray(value.warnings) && isApprovalState(value.state);
}

function isCheckpointCard(value: unknown): value is CheckpointCardView {
  return isRecord(value) && oneOf('available', 'undone', 'unavailable')(value.state) && optional(isString)(value.note)
    && arrayOf((f: unknown): f is CheckpointCardView['files'][number] => isRecord(f) && isString(f.path) && oneOf<CheckpointChange>('edited', 'created', 'deleted')(f.change))(value.files);
}

function isEntry(value: unknown): value is ChatEntry {
  return isRecord(value) && isString(value.id) && isString(value.text) && isRole(value.role)
    && optional(isLevel)(value.level) && optional(isToolCard)(value.tool) && optional(isApprovalCard)(value.approval)
    && optional(isCheckpointCard)(value.checkpoint)
    && optional(isNoticeAction)(value.action) && optional(isBoolean)(value.markdown)
    && optional(arrayOf(isMentionRef))(value.mentions)
    && (value.role !== 'tool' || value.tool !== undefined)
    && (value.role !== 'approval' || value.approval !== undefined)
    && (value.role !== 'checkpoint' || value.checkpoint !== undefined);
}

function isPlan(value: unknown): value is PlanView {
  return isRecord(value) && isNumber(value.done) && isNumber(value.total) && Array.isArray(value.steps)
    && value.steps.every((s) => isRecord(s) && isNumber(s.id) && isString(s.text) && isStepState(s.state));
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
  return isRecord(value) && isMentionKind(value.kind) && isString(value.value);
}

function isMentionItem(value: unknown): value is MentionItem {
  return isRecord(value) && isMentionRef(value) && optional(isString)(value.detail);
}

function isState(value: unknown): value is ChatViewState {
  return isRecord(value) && arrayOf(isEntry)(value.entries) && isConnection(value.connection)
    && optional(isRunActivity)(value.run)
    && optional(nullable(isPlan))(value.plan)
    && optional(nullable(isBudget))(value.budget)
    && optional(arrayOf(isTraceSummary))(value.traces)
    && optional(isPendingEdits)(value.pendingEdits);
}

// ---- how a message is declared ----

/** One message: its `type` and the guard of its other fields, declared together. */
abstract class IpcMessageType<Type extends string, F extends object> {
  /** Only for the types derived below: the message's fields besides `type`. */
  declare readonly fields: F;

  constructor(readonly type: Type, private readonly check: (message: Fields) => boolean) {}

  /** True when `value` is this message, with valid fields. */
  is(value: unknown): value is { type: Type } & F {
    return isRecord(value) && value.type === this.type && this.check(value);
  }
}

/** Webview → host; nothing answers. */
export class IpcCommand<Type extends string, F extends object> extends IpcMessageType<Type, F> {
  readonly kind = 'command';
}

/** Host → webview. */
export class IpcNotification<Type extends string, F extends object> extends IpcMessageType<Type, F> {
  readonly kind = 'notification';
}

/** Correlates a request with its response: the webview picks it, the host sends it back. */
interface Correlated { id: number }

/** Webview → host, answered by the host with `response` carrying the request's `id`. */
export class IpcRequest<Type extends string, F extends object, ResponseType extends string, R extends object> extends IpcMessageType<Type, F & Correlated> {
  readonly kind = 'request';

  constructor(type: Type, check: (message: Fields) => boolean, readonly response: IpcNotification<ResponseType, R & Correlated>) {
    super(type, (m) => isNumber(m.id) && check(m));
  }
}

const always = () => true;
/** `command('send').with<{ text: string }>((m) => isString(m.text))`: the type is written once, the fields with their guard. */
const command = <const Type extends string>(type: Type) => ({
  with: <F extends object = Record<never, never>>(check: (message: Fields) => boolean = always) => new IpcCommand<Type, F>(type, check),
});
const notification = <const Type extends string>(type: Type) => ({
  with: <F extends object = Record<never, never>>(check: (message: Fields) => boolean = always) => new IpcNotification<Type, F>(type, check),
});
/** `request('q').with<{ query: string }>(check).answeredBy('r').with<{ items: Item[] }>(check)`. */
const request = <const Type extends string>(type: Type) => ({
  with: <F extends object>(check: (message: Fields) => boolean) => ({
    answeredBy: <const ResponseType extends string>(responseType: ResponseType) => ({
      with: <R extends object>(responseCheck: (message: Fields) => boolean) =>
        new IpcRequest<Type, F, ResponseType, R>(type, check, new IpcNotification<ResponseType, R & Correlated>(responseType, (m) => isNumber(m.id) && responseCheck(m))),
    }),
  }),
});

/** The message a declaration stands for. */
export type MessageOf<D> = D extends IpcMessageType<infer Type, infer F> ? { type: Type } & F : never;

// ---- webview → host ----
export const Ready = command('ready').with();
/** `mentions`: the completions the user picked that are still in the text. The host reads every mention
 * from the text (mentionText.ts); these spell the paths with spaces a typed token would cut. */
export const Send = command('send').with<{ text: string; mentions?: MentionRef[] }>((m) => isString(m.text) && optional(arrayOf(isMentionRef))(m.mentions));
export const NewChat = command('newChat').with();
/** Buttons of the connection header and the setup state. */
export type ConnectionActionName = 'retry' | 'detect' | 'selectModel' | 'setApiKey' | 'openSettings';
export const ConnectionAction = command('connectionAction').with<{ action: ConnectionActionName }>((m) => oneOf<ConnectionActionName>('retry', 'detect', 'selectModel', 'setApiKey', 'openSettings')(m.action));
export const Stop = command('stop').with();
/** `/clear`, `/plan <task>`, `/budget`… (all but /help, which the panel answers itself). */
export const SlashCommand = command('slashCommand').with<{ name: SlashCommandName; args: string }>((m) => oneOf(...SLASH_COMMANDS)(m.name) && isString(m.args));
/** Workspace files for the `@` completion list; a stale answer is recognised by its id. */
export const MentionQuery = request('mentionQuery').with<{ query: string }>((m) => isString(m.query))
  .answeredBy('mentionResults').with<{ items: MentionItem[] }>((m) => arrayOf(isMentionItem)(m.items));
/** Show one trace: the host answers with a TraceDetail notification. */
export const OpenTrace = command('openTrace').with<{ id: string }>((m) => isString(m.id));
/** Save a trace (the latest run's, without id) to a file. */
export const ExportTrace = command('exportTrace').with<{ id?: string }>((m) => optional(isString)(m.id));
/** A link in a reply: only http(s), opened by the host. */
export const OpenLink = command('openLink').with<{ url: string }>((m) => isString(m.url) && /^https?:\/\//i.test(m.url));
/** The chat's buttons for proposed edits: decide every pending hunk, or show the first one. */
export const EditAction = command('editAction').with<{ action: 'acceptAll' | 'rejectAll' | 'show' }>((m) => oneOf('acceptAll', 'rejectAll', 'show')(m.action));

/** The user's answer on a command's approval card (the entry's id). */
export const ApprovalDecision = command('approvalDecision').with<{ id: string; choice: ApprovalChoice }>((m) => isString(m.id) && oneOf<ApprovalChoice>('run', 'skip', 'always')(m.choice));

/** A button on an entry (its id): Retry, Continue, or Edit and resend with the edited `text`. */
export const EntryAction = command('entryAction').with<{ action: EntryActionName; id: string; text?: string }>((m) =>
  oneOf<EntryActionName>('retry', 'continue', 'edit')(m.action) && isString(m.id) && optional(isString)(m.text) && (m.action !== 'edit' || isString(m.text)));
/** The saved conversations whose title or text contains `query` ('' for all): the host answers with History. */
export const HistoryQuery = command('historyQuery').with<{ query: string }>((m) => isString(m.query));
/** Open a saved conversation (the chat and the model continue it), rename it, or delete it. */
export const HistoryAction = command('historyAction').with<{ action: 'open' | 'rename' | 'delete'; id: string; title?: string }>((m) =>
  oneOf('open', 'rename', 'delete')(m.action) && isString(m.id) && optional(isString)(m.title) && (m.action !== 'rename' || isString(m.title)));

/** "Undo this run" on a checkpoint card (the entry's id). */
export const UndoRun = command('undoRun').with<{ id: string }>((m) => isString(m.id));
export type CodeBlockActionName = 'insert' | 'apply';
/** A code block's buttons in a reply: insert it at the cursor, or apply it to a file through the review.
 *  `info`: the fence's info string (`ts src/app.ts`); `before`: the line just before the fence. */
export const CodeBlockAction = command('codeBlockAction').with<{ action: CodeBlockActionName; code: string; info: string; before?: string }>((m) =>
  oneOf<CodeBlockActionName>('insert', 'apply')(m.action) && isString(m.code) && isString(m.info) && optional(isString)(m.before));

/** Everything the webview may send. */
export const WEBVIEW_TO_HOST = [Ready, Send, NewChat, ConnectionAction, Stop, SlashCommand, MentionQuery, OpenTrace, ExportTrace, OpenLink, EditAction, ApprovalDecision, EntryAction, HistoryQuery, HistoryAction, UndoRun, CodeBlockAction] as const;
export type WebviewToHost = MessageOf<typeof WEBVIEW_TO_HOST[number]>;

// ---- host → webview ----
/** Everything the panel shows, at once (when it is shown again, or the conversation was replaced). */
export const State = notification('state').with<{ state: ChatViewState }>((m) => isState(m.state));
/** Adds an entry, or replaces the entry with the same id (e.g. a finished stream saved by the host). */
export const Entry = notification('entry').with<{ entry: ChatEntry }>((m) => isEntry(m.entry));
export const FocusInput = notification('focusInput').with();
export const Connection = notification('connection').with<{ connection: ConnectionInfo }>((m) => isConnection(m.connection));
export const RunStateChanged = notification('runState').with<{ run: RunActivity }>((m) => isRunActivity(m.run));
/** A streamed assistant reply: start, deltas, discard (the reply is retried), end. */
export const AssistantStart = notification('assistantStart').with<{ id: string }>((m) => isString(m.id));
export const AssistantDelta = notification('assistantDelta').with<{ id: string; delta: string }>((m) => isString(m.id) && isString(m.delta));
export const AssistantDiscard = notification('assistantDiscard').with<{ id: string }>((m) => isString(m.id));
/** `text`, when given, is the authoritative final reply (replaces what was streamed); a reply that ends
 * without text is removed. */
export const AssistantEnd = notification('assistantEnd').with<{ id: string; text?: string }>((m) => isString(m.id) && optional(isString)(m.text));
export const ToolStart = notification('toolStart').with<{ tool: ToolCardView }>((m) => isToolCard(m.tool));
export const ToolEnd = notification('toolEnd').with<{ id: string; ok: boolean; result: string; durationMs: number; repairs?: string[] }>((m) =>
  isString(m.id) && typeof m.ok === 'boolean' && isString(m.result) && isNumber(m.durationMs) && optional(isStringArray)(m.repairs));
export const Plan = notification('plan').with<{ plan: PlanView | null }>((m) => nullable(isPlan)(m.plan));
export const Budget = notification('budget').with<{ budget: BudgetView | null }>((m) => nullable(isBudget)(m.budget));
export const Traces = notification('traces').with<{ traces: TraceSummaryView[] }>((m) => arrayOf(isTraceSummary)(m.traces));
export const TraceDetail = notification('traceDetail').with<{ detail: TraceDetailView }>((m) => isTraceDetail(m.detail));
/** The history list (an answer to HistoryQuery, or fresh after a change); `show` opens the history view. */
export const History = notification('history').with<{ history: HistoryView; show?: boolean }>((m) => isHistory(m.history) && optional((v: unknown): v is boolean => typeof v === 'boolean')(m.show));
export const PendingEdits = notification('pendingEdits').with<{ pending: PendingEditsView }>((m) => isPendingEdits(m.pending));

/** The messages that change the transcript: both sides apply them with applyToTranscript. */
export const TRANSCRIPT_MESSAGES = [Entry, AssistantStart, AssistantDelta, AssistantDiscard, AssistantEnd, ToolStart, ToolEnd] as const;
export type TranscriptMessage = MessageOf<typeof TRANSCRIPT_MESSAGES[number]>;

/** Everything the host may send. */
export const HOST_TO_WEBVIEW = [State, FocusInput, Connection, RunStateChanged, Plan, Budget, Traces, TraceDetail, PendingEdits, History, MentionQuery.response, ...TRANSCRIPT_MESSAGES] as const;
export type HostToWebview = MessageOf<typeof HOST_TO_WEBVIEW[number]>;

const declaredFor = <D extends IpcMessageType<string, object>>(declarations: readonly D[]) => {
  const byType = new Map<string, D>(declarations.map((d) => [d.type, d]));
  return (value: unknown): D | undefined => {
    const declared = isRecord(value) && isString(value.type) ? byType.get(value.type) : undefined;
    return declared?.is(value) ? declared : undefined;
  };
};
const toHost = declaredFor<typeof WEBVIEW_TO_HOST[number]>(WEBVIEW_TO_HOST);
const toWebview = declaredFor<typeof HOST_TO_WEBVIEW[number]>(HOST_TO_WEBVIEW);
const transcript = declaredFor<typeof TRANSCRIPT_MESSAGES[number]>(TRANSCRIPT_MESSAGES);

export const isWebviewToHost = (value: unknown): value is WebviewToHost => toHost(value) !== undefined;
export const isHostToWebview = (value: unknown): value is HostToWebview => toWebview(value) !== undefined;
export const isTranscriptMessage = (value: unknown): value is TranscriptMessage => transcript(value) !== undefined;

// ---- the host's side: one handler per message ----

/** What the host does with each message; a request's handler returns the response's fields. */
export type HostHandlers = {
  [D in typeof WEBVIEW_TO_HOST[number] as D['type']]: D extends IpcRequest<string, object, string, infer R>
    ? (message: MessageOf<D>) => Promise<R>
    : (message: MessageOf<D>) => void | Promise<void>;
};

/**
 * Hands a message from the webview to its handler; a request's answer is sent back with the request's
 * id. Returns false (and does nothing) for a message the protocol does not declare.
 */
export async function dispatchToHost(value: unknown, handlers: HostHandlers, reply: (message: HostToWebview) => void): Promise<boolean> {
  const declared = toHost(value);
  if (!declared) return false;
  const message = value as WebviewToHost;
  const handler = handlers[message.type] as (m: WebviewToHost) => Promise<object | void> | object | void;
  const answer = await handler(message);
  if (declared instanceof IpcRequest) reply({ ...(answer as object), type: declared.response.type, id: (message as Correlated & WebviewToHost).id } as HostToWebview);
  return true;
}

// ---- the transcript, as both sides keep it ----

/**
 * Entries the panel paints (and the chat's copy in workspace state keeps): the newest. The host's
 * transcript keeps the whole conversation, which the history saves (its store bounds the file's size).
 */
export const MAX_TRANSCRIPT_ENTRIES = 500;

/** The newest entries, as many as the panel paints. */
export function paintedTail<T>(entries: readonly T[]): T[] {
  return entries.slice(-MAX_TRANSCRIPT_ENTRIES);
}

/**
 * What a transcript message means, in one place: the host's transcript and the webview's copy both
 * apply it. Mutates `entries` (keeping at most `cap`, the oldest going first: the panel passes
 * MAX_TRANSCRIPT_ENTRIES); returns the entry that changed (undefined when the message names no known entry).
 */
export function applyToTranscript(entries: ChatEntry[], message: TranscriptMessage, cap = Infinity): ChatEntry | undefined {
  const find = (id: string) => entries.find((e) => e.id === id);
  const upsert = (entry: ChatEntry) => {
    const at = entries.findIndex((e) => e.id === entry.id);
    if (at >= 0) entries[at] = entry;
    else {
      entries.push(entry);
      if (entries.length > cap) entries.splice(0, entries.length - cap);
    }
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
      // A reply that ends with nothing to show (a retry that wrote no text, blanks before a call) goes.
      if (!entry.text.trim()) entries.splice(entries.indexOf(entry), 1);
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
