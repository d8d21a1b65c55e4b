// A conversation as the model saw it, in a form that can be saved and given back to an agent: the
// earlier tasks' messages as last sent, the summary of what the budget dropped, and where each task
// starts. Restored messages are not marked as sent, so the next request puts them through the budget
// like any others (a conversation saved with a larger window is compacted to fit the current one).
import type { ChatMessage } from '../llm';
import { isString } from '../isString';
import { writtenAs, writtenText } from '../budget/writtenReplies';
import { redactFileContent, redactSecrets, redactTaskText, redactToolArguments, scrubKnown, scrubKnownValues } from '../security';

export const CONVERSATION_VERSION = 1;

export interface AgentConversation {
  version: typeof CONVERSATION_VERSION;
  /** Earlier tasks and their messages, oldest first. */
  messages: ChatMessage[];
  /** The model's summary of earlier messages the budget dropped ('' when none). */
  summary: string;
  /**
   * For each task of the conversation (in order), the index in `messages` of its task message, or -1
   * when a compaction dropped it (its gist is in `summary`).
   */
  tasks: number[];
  /**
   * What closed the system prompt besides the agent's settings: the conversation's repo map and pinned
   * context, so that an agent that restores it (rebuilt for a new setting, or after a window reload) sends
   * the same prompt and the server's cache still holds it. Absent in conversations saved before they were
   * kept: the next task then gets a map of its own.
   */
  repoMap?: string;
  pinned?: string;
  /**
   * Replies the text protocol sends back as the model wrote them (see budget/writtenReplies), by their
   * index in `messages`: so that a restored conversation is sent byte for byte as before. Absent: none.
   */
  written?: Record<string, string>;
}

/** Thrown by `Agent.restore` for data that is not a conversation this version can continue. */
export class ConversationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversationError';
  }
}

function isMessage(value: unknown): value is ChatMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.role) {
    case 'system':
    case 'user':
      return isString(m.content);
    case 'assistant':
      return (m.content === null || isString(m.content)) && (m.tool_calls === undefined || (Array.isArray(m.tool_calls) && m.tool_calls.every((c) => {
        const call = c as Record<string, unknown> | null;
        const fn = call?.function as Record<string, unknown> | undefined;
        return !!call && isString(call.id) && isString(fn?.name) && isString(fn?.arguments);
      })));
    case 'tool':
      return isString(m.content) && isString(m.tool_call_id) && (m.name === undefined || isString(m.name));
    default:
      return false;
  }
}

/** Checks saved data before an agent takes it; throws ConversationError saying what is wrong. */
export function checkConversation(value: unknown): AgentConversation {
  if (typeof value !== 'object' || value === null) throw new ConversationError('A saved conversation must be an object.');
  const c = value as Record<string, unknown>;
  if (c.version !== CONVERSATION_VERSION) throw new ConversationError(`Unknown conversation version ${JSON.stringify(c.version)} (expected ${CONVERSATION_VERSION}).`);
  if (!Array.isArray(c.messages)) throw new ConversationError('A saved conversation has no message list.');
  const bad = c.messages.findIndex((m) => !isMessage(m));
  if (bad >= 0) throw new ConversationError(`Message ${bad + 1} of the saved conversation is not a chat message.`);
  if (!isString(c.summary)) throw new ConversationError('A saved conversation\'s summary must be text.');
  const messages = c.messages as ChatMessage[];
  if (!Array.isArray(c.tasks) || !c.tasks.every((t) => Number.isInteger(t) && (t === -1 || (t >= 0 && t < messages.length && messages[t as number]!.role === 'user')))) {
    throw new ConversationError('A saved conversation\'s task list does not match its messages.');
  }
  for (const field of ['repoMap', 'pinned'] as const) {
    if (c[field] !== undefined && !isString(c[field])) throw new ConversationError(`A saved conversation's ${field} must be text.`);
  }
  if (c.written !== undefined && !isWrittenReplies(c.written, messages)) throw new ConversationError('A saved conversation\'s written replies do not match its messages.');
  return { version: CONVERSATION_VERSION, messages, summary: c.summary, tasks: c.tasks as number[], ...promptContext(c as Partial<AgentConversation>), ...writtenReplies(c as Partial<AgentConversation>) };
}

function isWrittenReplies(value: unknown, messages: readonly ChatMessage[]): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.entries(value).every(([at, text]) => /^(0|[1-9]\d*)$/.test(at) && messages[Number(at)]?.role === 'assistant' && isString(text));
}

/** The written replies that `keep` keeps, as a conversation's field (absent when none). */
function writtenWhere(written: AgentConversation['written'], keep: (at: number, text: string) => boolean): Pick<AgentConversation, 'written'> {
  const kept = Object.entries(written ?? {}).filter(([at, text]) => keep(Number(at), text));
  return kept.length ? { written: Object.fromEntries(kept) } : {};
}

/** The conversation's written replies when it has them (see AgentConversation), those of its first `count` messages. */
export function writtenReplies(c: Partial<AgentConversation>, count = Infinity): Pick<AgentConversation, 'written'> {
  return writtenWhere(c.written, (at) => at < count);
}

/** The written replies of `messages` (see budget/writtenReplies), as a conversation's field. */
export function writtenIn(messages: readonly ChatMessage[]): Pick<AgentConversation, 'written'> {
  const written = messages.flatMap((m, i) => { const text = writtenText(m); return text === undefined ? [] : [[String(i), text] as const]; });
  return written.length ? { written: Object.fromEntries(written) } : {};
}

/**
 * Whether a redacted copy may keep a reply's written text: only when redacting changed neither its message
 * (`before` → `after`) nor the text (`redact`). A call that wrote a secret (a .env value, hidden by the
 * arguments' structure) has it in the text too, where only patterns would find it: that reply is written
 * as taught in the copy, from its redacted message.
 */
export function keepsWritten(before: ChatMessage | undefined, after: ChatMessage | undefined, text: string, redact: (text: string) => string): boolean {
  return before !== undefined && after !== undefined && JSON.stringify(before) === JSON.stringify(after) && redact(text) === text;
}

/** The written replies (of `messages`, redacted as `redacted`) that a redacted copy keeps: see keepsWritten. */
export function writtenKept(written: AgentConversation['written'], messages: readonly ChatMessage[], redacted: readonly ChatMessage[], redact: (text: string) => string): Pick<AgentConversation, 'written'> {
  return writtenWhere(written, (at, text) => keepsWritten(messages[at], redacted[at], text, redact));
}

/** The conversation's repo map and pinned context when it has them (see AgentConversation), through `f` (a redaction). */
export function promptContext(c: Partial<AgentConversation>, f: (text: string) => string = (t) => t): Pick<AgentConversation, 'repoMap' | 'pinned'> {
  return { ...(c.repoMap !== undefined ? { repoMap: f(c.repoMap) } : {}), ...(c.pinned !== undefined ? { pinned: f(c.pinned) } : {}) };
}

/**
 * The conversation without task `task` (0-based) and the tasks after it, to ask again from just before it.
 * Compaction drops the oldest messages first: with the task's message gone, all that is left is of it or
 * later, and only the summary remains. Messages are not copied.
 */
export function rewoundConversation(conversation: AgentConversation, task: number): AgentConversation {
  if (!Number.isInteger(task) || task < 0) throw new RangeError(`Cannot rewind to task ${task}.`);
  if (task >= conversation.tasks.length) return conversation;
  const at = conversation.tasks[task]!;
  const messages = at >= 0 ? conversation.messages.slice(0, at) : [];
  // back to the start: the first task is asked anew (maybe edited), and gets a map of its own
  const { repoMap, written: _written, ...rest } = conversation;
  return {
    ...rest, ...(messages.length && repoMap !== undefined ? { repoMap } : {}), ...writtenReplies(conversation, messages.length),
    messages, tasks: conversation.tasks.slice(0, task),
  };
}

/**
 * Closes a task that was stopped (by the user, or a window that died mid-run) in the conversation the next
 * task follows: without it the next task comes after one with no answer, and a small model resumes that one.
 */
export const STOPPED_TASK_NOTE = '(This task was stopped before it was finished.)';

/**
 * The conversation once `task` is asked and nothing answered yet (undefined: an empty one): what a run
 * stopped before the model's first reply leaves (Agent.run adds its task, and the note, the same way), saved as a run
 * starts so that a window that dies mid-run continues with the task on the model's side. The task may
 * end the messages, after an earlier one like it: the next request joins the user messages in a row
 * (joinUserRuns), as it does after any stopped run, for templates that demand strict alternation.
 */
export function withTaskAsked(conversation: AgentConversation | undefined, task: string): AgentConversation {
  const base = conversation ?? { version: CONVERSATION_VERSION, messages: [], summary: '', tasks: [] };
  return { ...base, messages: [...base.messages, { role: 'user', content: task }, { role: 'user', content: STOPPED_TASK_NOTE }], tasks: [...base.tasks, base.messages.length] };
}

/**
 * The conversation with its secrets hidden, for writing to disk: texts through redactSecrets, each call's
 * arguments as a structure (a .env file's values hidden whole), and every value found secret on the way
 * hidden wherever else it recurs. `known` collects those values, for the caller's other texts.
 */
export function redactedConversation(conversation: AgentConversation, known: Set<string> = new Set()): AgentConversation {
  const messages = redactedMessages(conversation.messages, known);
  const redact = (t: string) => scrubKnown(redactSecrets(t), known);
  return {
    version: CONVERSATION_VERSION, messages, summary: redact(conversation.summary), tasks: [...conversation.tasks], ...promptContext(conversation, redact),
    ...writtenKept(conversation.written, conversation.messages, messages, redact),
  };
}

/**
 * Messages with their secrets hidden as redactedConversation hides them: for disk, and for a request that
 * leaves the machine (escalation). `known` collects the values found secret.
 */
export function redactedMessages(messages: readonly ChatMessage[], known: Set<string> = new Set()): ChatMessage[] {
  const paths = callPaths(messages);
  const redacted = messages.map((m) => redactedMessage(m, m.role === 'tool' ? paths.get(m.tool_call_id) : undefined, known));
  // every value found secret anywhere (a .env written late in the conversation) is hidden everywhere
  return redacted.map((m) => scrubbedMessage(m, known));
}

/**
 * Messages with their secrets hidden, for a request that leaves the machine (escalation): a reply sent as
 * the model wrote it stays so where hiding changed nothing in it (keepsWritten), as the budget counted it.
 */
export function redactedRequest(messages: readonly ChatMessage[]): ChatMessage[] {
  return redactedMessages(messages).map((copy, i) => {
    const text = writtenText(messages[i]!);
    return text !== undefined && keepsWritten(messages[i], copy, text, redactSecrets) ? writtenAs(copy, text) : copy;
  });
}

/** The path each tool call names (by call id): a tool's result is redacted like the file its call named. */
export function callPaths(messages: readonly ChatMessage[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const m of messages) {
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) { const path = callPath(c.function.arguments); if (path) paths.set(c.id, path); }
  }
  return paths;
}

/**
 * One message with its secrets hidden (before the conversation's known values are scrubbed from it):
 * `path` is the file a tool message's call named (a .env file read: every value hidden). Values found
 * secret are added to `known`.
 */
export function redactedMessage(m: ChatMessage, path: string | undefined, known: Set<string>): ChatMessage {
  if (m.role !== 'assistant') return { ...m, content: redactedText(m.role, m.content, path, known) };
  const calls = m.tool_calls?.length ? m.tool_calls.map((c) => ({ ...c, function: { ...c.function, arguments: redactedArguments(c.function.arguments, known) } })) : undefined;
  return { role: 'assistant', content: m.content === null ? null : redactSecrets(m.content), ...(calls ? { tool_calls: calls } : {}) };
}

/**
 * A message's text with its secrets hidden, by its role: a tool's result as the file its call named (`path`:
 * a .env file read has every value hidden), a user's task with its attached .env files hidden whole,
 * anything else by pattern. Values found secret are added to `known`. (The trace redacts the texts it
 * keeps with this too.)
 */
export function redactedText(role: ChatMessage['role'], text: string, path: string | undefined, known: Set<string>): string {
  if (role === 'tool') return path ? redactFileContent(path, text, known) : redactSecrets(text);
  if (role === 'user') return redactTaskText(text, known);
  return redactSecrets(text);
}

/**
 * The conversation with the `known` secret values hidden in its texts and in the values of its calls'
 * arguments — never in roles, call ids, tool names or the arguments' keys, so it still reads back.
 */
export function scrubbedConversation(conversation: AgentConversation, known: ReadonlySet<string>): AgentConversation {
  if (known.size === 0) return conversation;
  const scrub = (t: string) => scrubKnown(t, known);
  const { written, ...rest } = conversation;
  const messages = conversation.messages.map((m) => scrubbedMessage(m, known));
  return { ...rest, messages, summary: scrub(conversation.summary), ...promptContext(conversation, scrub), ...writtenKept(written, conversation.messages, messages, scrub) };
}

/** One message with the `known` secret values hidden (see scrubbedConversation); as it is when none are known. */
export function scrubbedMessage(m: ChatMessage, known: ReadonlySet<string>): ChatMessage {
  if (known.size === 0) return m;
  const text = (t: string) => scrubKnown(t, known);
  if (m.role !== 'assistant') return { ...m, content: text(m.content) };
  const calls = m.tool_calls?.map((c) => ({ ...c, function: { ...c.function, arguments: scrubbedArguments(c.function.arguments, known) } }));
  return { role: 'assistant', content: m.content === null ? null : text(m.content), ...(calls ? { tool_calls: calls } : {}) };
}

function callPath(json: string): string | undefined {
  try {
    const path = (JSON.parse(json) as { path?: unknown } | null)?.path;
    return typeof path === 'string' ? path : undefined;
  } catch {
    return undefined;
  }
}

function redactedArguments(json: string, known: Set<string>): string {
  try {
    return JSON.stringify(redactToolArguments(JSON.parse(json), known));
  } catch {
    return redactSecrets(json);
  }
}

function scrubbedArguments(json: string, known: ReadonlySet<string>): string {
  try {
    return JSON.stringify(scrubKnownValues(JSON.parse(json), known));
  } catch {
    return scrubKnown(json, known);
  }
}
