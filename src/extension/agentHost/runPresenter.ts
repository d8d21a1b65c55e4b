// What a run looks like in the chat: the agent's events become streamed replies, tool cards, notices
// (all in the host-owned transcript, which forwards them to the panel), and the run state, the plan
// and the budget bars (posted to the panel). No `vscode` import: unit tests drive it as is.
import type { AgentEvent, AgentRunResult } from '../../core/agent';
import type { BudgetReport } from '../../core/budget';
import type { BudgetView, ChatEntry, NoticeAction, NoticeLevel, ToolCardView } from '../../shared/chatProtocol';
import { callHeadline } from '../../core/tools/callHeadline';
import type { ChatTranscript } from '../chatTranscript';
import type { ViewMessage } from '../chatViewProvider';

export interface ChatView {
  post(message: ViewMessage): void;
}

/**
 * The core's redaction for what goes to disk (from dist/core.js in the extension): tool cards are kept in
 * workspace state, so they show a call's arguments and result as the history file has them.
 */
export interface CardRedaction {
  /** core/security's redactToolArguments: values found secret are added to `hidden`. */
  redactToolArguments(args: unknown, hidden?: Set<string>): unknown;
  /** core/security's redactFileContent: values found secret are added to `hidden`. */
  redactFileContent(path: string, content: string, hidden?: Set<string>): string;
  /** core/security's redactSecrets: secrets by their shape. */
  redactSecrets(text: string): string;
  /** core/security's scrubKnown: the values found secret so far. */
  scrubKnown(text: string, known: ReadonlySet<string>): string;
}

const HEADLINE_CHARS = 160;
/** The arguments as the card's body shows them: enough to read a patch's search text, not a whole file. */
const ARGS_BODY_CHARS = 2_000;
const ARG_VALUE_CHARS = 600;
const RESULT_SUMMARY_CHARS = 600;
/** A failed call's card keeps its result's end as well (a command prints its error last); searched too (historySearchText). */
const FAILED_TAIL_CHARS = 300;

function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A failed result too long for the card: its start (the command, its exit code) and its end (the error),
 * cut between. The end starts at a line's start if that keeps most of it (an error line longer than the
 * end is not given up for the short summary line after it), else at a word's; never inside a character.
 */
function headAndTail(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = text.slice(-FAILED_TAIL_CHARS);
  const lineStart = tail.indexOf('\n');
  const wordStart = tail.search(/\s/);
  const kept = lineStart >= 0 && lineStart < FAILED_TAIL_CHARS / 2 ? tail.slice(lineStart + 1)
    : wordStart >= 0 && wordStart < WORD_CUT_CHARS ? tail.slice(wordStart + 1)
      : tail.replace(/^[\uDC00-\uDFFF]/, '');
  return `${text.slice(0, max - kept.length - 1).replace(/[\uD800-\uDBFF]$/, '')}…${kept}`;
}

/** How far into a failed result's end a word's start is looked for (a minified line may have none). */
const WORD_CUT_CHARS = 40;

/** `path: "src/a.ts", start_line: 3`: every argument on one line, for a tool without a headline (an MCP server's). */
function inlineArgs(args: Record<string, unknown>): string {
  return Object.entries(args).map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(cap(v, 60)) : JSON.stringify(v)}`).join(', ');
}

/** One argument per line; a text of several lines (a patch's search and replace) below its name, as written. */
function argsBody(args: Record<string, unknown>): string {
  return Object.entries(args).map(([k, v]) => {
    if (typeof v !== 'string') return `${k}: ${cap(JSON.stringify(v) ?? String(v), ARG_VALUE_CHARS)}`;
    return v.includes('\n') ? `${k}:\n${cap(v, ARG_VALUE_CHARS).replace(/^/gm, '  ')}` : `${k}: ${cap(v, ARG_VALUE_CHARS)}`;
  }).join('\n');
}

/**
 * What a card shows of a call: its headline (`src/a.ts:3–9`, `npm test`) and its arguments, redacted as
 * the history is (the card is kept in workspace state): a `.env` file's content hidden whole, secrets by
 * name and shape.
 */
export function cardArgs(tool: string, args: Record<string, unknown>, redact: CardRedaction, hidden?: Set<string>): { headline: string; args: string } {
  const safe = redact.redactToolArguments(args, hidden) as Record<string, unknown>;
  return { headline: cap(callHeadline(tool, safe) ?? inlineArgs(safe), HEADLINE_CHARS), args: cap(argsBody(safe), ARGS_BODY_CHARS) };
}

/** The budget bars: the reply reserve apart, and no cap shown for sections that take what they need. */
export function budgetView(report: BudgetReport): BudgetView {
  const reply = report.sections.find((s) => s.name === 'reply');
  return {
    window: report.window,
    used: report.used,
    replyReserve: reply?.used ?? 0,
    counter: report.counter,
    sections: report.sections.filter((s) => s.name !== 'reply').map((s) => (s.limit === s.used ? { name: s.name, used: s.used } : { name: s.name, used: s.used, limit: s.limit })),
  };
}

/** "a.ts, b.ts and 2 more": files named in a sentence, the first three of them. */
export function namedFiles(files: readonly string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
}

/** An answer the run's facts do not back (see core/agent/unbackedAnswer): what is not done, in plain words. */
function unbackedNotice(result: Pick<AgentRunResult, 'checksFailing' | 'noChanges'>): string | undefined {
  if (result.checksFailing !== undefined) return `The model said it was done, but the checks still report ${result.checksFailing}.`;
  return result.noChanges ? 'The model said it was done, but no file was changed.' : undefined;
}

export class RunPresenter {
  /** Files the run wrote so far (what the user accepted), for the notice of a stopped run. */
  private readonly changed = new Set<string>();
  /** The reply streaming in this turn, created at its first visible character. */
  private reply: { id: string; text: string } | undefined;
  private readonly tools = new Map<string, { started: number; path: string | undefined; entry: ChatEntry & { tool: ToolCardView } }>();

  constructor(private readonly transcript: ChatTranscript, private readonly view: ChatView, private readonly redact: CardRedaction, private readonly now = () => Date.now()) {
    view.post({ type: 'runState', run: 'running' });
  }

  handle(event: AgentEvent): void {
    switch (event.type) {
      case 'turn-start':
        this.closeReply();
        break;
      case 'text':
        // Leading whitespace alone (before a call whose markup is held back) shows nothing.
        if (!this.reply && !event.delta.trim()) break;
        if (!this.reply) {
          this.reply = { id: this.transcript.newId(), text: '' };
          this.transcript.apply({ type: 'assistantStart', id: this.reply.id });
        }
        this.reply.text += event.delta;
        this.transcript.apply({ type: 'assistantDelta', id: this.reply.id, delta: event.delta });
        break;
      case 'retry':
        if (this.reply) {
          this.reply.text = '';
          this.transcript.apply({ type: 'assistantDiscard', id: this.reply.id });
        }
        break;
      case 'tool-start': {
        this.closeReply();
        const shown = cardArgs(event.name, event.args, this.redact, this.transcript.knownSecrets);
        const card: ToolCardView = { id: event.id, name: event.label ?? event.name, ...shown, state: 'running', repairs: [...event.repairs] };
        const entry = { id: `tool-${this.transcript.newId()}`, role: 'tool' as const, text: '', tool: card };
        this.tools.set(event.id, { started: this.now(), path: typeof event.args.path === 'string' ? event.args.path : undefined, entry });
        this.transcript.put(entry);
        break;
      }
      case 'tool-end': {
        const running = this.tools.get(event.id);
        if (!running) break;
        // a failed call's whole result (its end is past the summary), redacted like the summary
        const shown = event.ok ? event.summary : event.content ?? event.summary;
        // redacted whole, before it is cut: a secret cut in two no longer has the shape redaction finds
        const result = running.path
          ? this.redact.redactFileContent(running.path, shown, this.transcript.knownSecrets)
          : this.redact.scrubKnown(this.redact.redactSecrets(shown), this.transcript.knownSecrets);
        const tool: ToolCardView = { ...running.entry.tool, state: event.ok ? 'ok' : 'failed', result: event.ok ? cap(result, RESULT_SUMMARY_CHARS) : headAndTail(result, RESULT_SUMMARY_CHARS), durationMs: this.now() - running.started };
        this.transcript.put({ ...running.entry, tool });
        this.tools.delete(event.id);
        break;
      }
      case 'edit-proposed':
        this.notice(`Proposed ${event.original === null ? 'a new file' : 'an edit to'} ${event.path} (${event.hunks.length} change${event.hunks.length === 1 ? '' : 's'}): review it in the editor, then Accept or Reject.`);
        break;
      case 'edit-accepted':
        this.changed.add(event.path);
        this.notice(`${event.created ? 'Created' : 'Edited'} ${event.path}${event.partial ? ' (the changes you accepted)' : ''}.`);
        break;
      case 'edit-rejected':
        this.notice(`Edit to ${event.path} not applied${event.reason ? `: ${event.reason}` : '.'}`, 'warning');
        break;
      case 'verification':
        if (!event.passed) this.notice(`Checks after the edit found ${event.errors} error${event.errors === 1 ? '' : 's'}:\n${event.text}`, 'warning');
        break;
      case 'warning':
        this.notice(event.message, 'warning');
        break;
      case 'reminder':
        this.notice(event.message);
        break;
      case 'plan-updated':
        this.view.post({ type: 'plan', plan: event.plan });
        break;
      case 'budget-updated':
        this.view.post({ type: 'budget', budget: budgetView(event.report) });
        break;
      default:
        break; // reasoning stays out of the chat; errors are reported by finish()
    }
  }

  /** The run ended: the final answer (or why it stopped) goes into the transcript. */
  finish(result: AgentRunResult): void {
    if (result.success) {
      const text = result.response || this.reply?.text || '';
      if (this.reply) {
        this.reply.text = text;
        this.closeReply(); // kept with its text, or dropped if a retry left it with none
      } else {
        this.transcript.put({ id: this.transcript.newId(), role: 'assistant', text });
      }
      const unbacked = unbackedNotice(result);
      if (unbacked) this.notice(unbacked, 'warning');
      if (result.cut) this.notice(`The reply was cut off at ${result.cut.tokens.toLocaleString('en-US')} tokens.`, 'warning', 'continue');
    } else if (result.stopReason === 'cancelled') {
      return this.stopped();
    } else {
      this.closeReply();
      this.notice(result.error ?? result.response, 'error', 'retry');
    }
    this.idle();
  }

  /** The run was stopped (by the user, or by New chat before it began). */
  stopped(): void {
    this.closeReply();
    const changed = [...this.changed].sort();
    this.notice(changed.length
      ? `Stopped. This run already changed ${namedFiles(changed)}; those changes stay in your files ("Undo this run" takes them back).`
      : 'Stopped. No partial edit was written.', 'info', 'retry');
    this.idle();
  }

  fail(message: string): void {
    this.closeReply();
    this.notice(message, 'error', 'retry');
    this.idle();
  }

  private idle(): void {
    for (const { entry } of this.tools.values()) this.transcript.put({ ...entry, tool: { ...entry.tool, state: 'failed', result: 'Not finished: the run ended.' } });
    this.tools.clear();
    this.view.post({ type: 'runState', run: 'idle' });
  }

  /** Keeps a reply that has text (prose before a call) and ends its streaming; one without text goes. */
  private closeReply(): void {
    const reply = this.reply;
    this.reply = undefined;
    if (reply && reply.text.trim()) this.transcript.put({ id: reply.id, role: 'assistant', text: reply.text });
    else if (reply) this.transcript.apply({ type: 'assistantEnd', id: reply.id, text: '' });
  }

  private notice(text: string, level: NoticeLevel = 'info', action?: NoticeAction): void {
    this.transcript.add('notice', text, { ...(level === 'info' ? {} : { level }), ...(action ? { action } : {}) });
  }
}
