// A conversation as it grows in use, one task at a time, for the history save's benchmark and its
// property test: the model's messages (file reads, command output, writes, sometimes a .env read or an
// API key typed by the user) and the transcript the user saw (tool cards with their results), plus the
// host's extra (each task as sent, plan, token use). Seeded, so a failure reproduces.
import type { ChatMessage } from '../../src/core/llm';
import type { SavedConversation } from '../../src/node/historyStore';
import { prng, pickWith } from './prng';

interface Entry {
  id: string;
  role: string;
  text: string;
  tool?: { id: string; name: string; args: string; state: string; result?: string; repairs: string[] };
}

export interface GrowingOptions {
  seed: number;
  /** Lines per file read (each ~50 characters). */
  fileLines?: number;
  /** Chance that a task brings a new secret (a .env read, a key typed in the task, an attached .env). */
  secretChance?: number;
  /**
   * Chance that a reply mentions, as plain text no pattern catches, a value a .env read shows (or will
   * show in a later task: it must be hidden in the earlier entries too once found).
   */
  mentionChance?: number;
}

const WORDS = ['const', 'value', 'return', 'parse', 'config', 'client', 'request', 'handler', 'result', 'index', 'token', 'items', 'await', 'export', 'function', 'string'];

export class GrowingConversation {
  private readonly rand: () => number;
  private readonly pick: <T>(xs: readonly T[]) => T;
  private readonly messages: ChatMessage[] = [];
  private readonly tasks: number[] = [];
  private readonly transcript: Entry[] = [];
  private readonly taskRecords: { entry: string; task: string; attached: string; index: number; files: string[] }[] = [];
  /** Per task: where its messages and its transcript entries start. */
  private readonly starts: { message: number; entry: number; secrets: number }[] = [];
  /** Values .env reads will show: mentioned before or after; some are a prefix of another (they overlap). */
  private readonly pending: string[] = [];
  private calls = 0;
  private taskCount = 0;
  /** Every secret value in the conversation now (none may reach the disk). */
  readonly secrets: string[] = [];

  constructor(private readonly options: GrowingOptions) {
    this.rand = prng(options.seed);
    this.pick = pickWith(this.rand);
  }

  private word(): string {
    return this.pick(WORDS);
  }

  private line(n: number): string {
    return `${n}| ${Array.from({ length: 6 }, () => this.word()).join(' ')};`;
  }

  private fileText(lines: number): string {
    return Array.from({ length: lines }, (_, i) => this.line(i + 1)).join('\n');
  }

  private secret(prefix: string): string {
    const s = `${prefix}${Math.floor(this.rand() * 36 ** 8).toString(36).padStart(8, '0')}${Math.floor(this.rand() * 36 ** 8).toString(36).padStart(8, '0')}`;
    this.secrets.push(s);
    return s;
  }

  /** A value of a .env file, made before it is read: replies may mention it early. */
  private pendingSecret(): string {
    if (this.pending.length === 0 || this.rand() < 0.5) {
      const base = this.pending.length && this.rand() < 0.3 ? this.pick(this.pending) : '';
      this.pending.push(`${base}${base ? '' : 'v-'}${Math.floor(this.rand() * 36 ** 6).toString(36).padStart(6, '0')}`);
    }
    return this.pick(this.pending);
  }

  private call(name: string, args: Record<string, unknown>, result: string): void {
    const id = `call${String(++this.calls).padStart(5, '0')}`;
    this.messages.push({ role: 'assistant', content: this.rand() < 0.3 ? `Let me ${name} next.` : null, tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });
    this.messages.push({ role: 'tool', tool_call_id: id, name, content: result });
    this.transcript.push({ id: `t${this.transcript.length}`, role: 'tool', text: '', tool: { id, name, args: JSON.stringify(args).slice(0, 120), state: 'ok', result: result.slice(0, 2000), repairs: [] } });
  }

  /** Adds one task: the user's message, a few tool calls, the reply. */
  addTask(): void {
    const n = ++this.taskCount;
    this.starts.push({ message: this.messages.length, entry: this.transcript.length, secrets: this.secrets.length });
    const lines = this.options.fileLines ?? 120;
    const secretChance = this.options.secretChance ?? 0.15;
    let typed = `Task ${n}: ${Array.from({ length: 12 }, () => this.word()).join(' ')}`;
    let attached = '';
    if (this.rand() < secretChance) typed += ` and use the key ${this.secret('sk-proj-')} for it`;
    if (this.rand() < secretChance) attached = `\n\nFile .env:\nDB_PASSWORD=${this.secret('pw-')}\nPORT=8080\n[end of file]`;
    const task = typed + attached;
    this.tasks.push(this.messages.length);
    this.messages.push({ role: 'user', content: task });
    const entry = `u${this.transcript.length}`;
    this.transcript.push({ id: entry, role: 'user', text: typed });
    const files: string[] = [];
    const steps = 2 + Math.floor(this.rand() * 4);
    for (let s = 0; s < steps; s++) {
      const kind = this.rand();
      if (kind < 0.5) this.call('read_file', { path: `src/module${n}_${s}.ts` }, this.fileText(lines));
      else if (kind < 0.65) this.call('run_command', { command: 'npm test' }, `${this.fileText(lines / 4)}\n${Math.floor(this.rand() * 100)} passed`);
      else if (kind < 0.8 && this.rand() < secretChance * 3) {
        const value = this.options.mentionChance ? this.pendingSecret() : this.secret('tok-');
        if (this.options.mentionChance) this.secrets.push(value);
        this.call('read_file', { path: '.env' }, `1| API_TOKEN=${value}\n2| DEBUG=true`);
      }
      else {
        const path = `src/new${n}_${s}.ts`;
        files.push(path);
        this.call('write_file', { path, content: this.fileText(lines / 2).replace(/^\d+\| /gm, '') }, `Created ${path}`);
      }
    }
    let reply = `Done with task ${n}. ${Array.from({ length: 40 }, () => this.word()).join(' ')}`;
    if (this.rand() < (this.options.mentionChance ?? 0)) reply += ` It works with ${this.pendingSecret()} now.`;
    this.messages.push({ role: 'assistant', content: reply });
    this.transcript.push({ id: `a${this.transcript.length}`, role: 'assistant', text: reply });
    this.taskRecords.push({ entry, task, attached, index: this.tasks.length - 1, files });
  }

  /** Changes an entry in place (as a streamed reply or a tool card's result does). */
  editEntry(): void {
    const entry = this.transcript.length ? this.pick(this.transcript) : undefined;
    if (entry) entry.text += ` ${this.word()}${this.rand() < (this.options.mentionChance ?? 0) ? ` ${this.pendingSecret()}` : ''}`;
  }

  /** Drops the last task (Retry, Edit and resend). */
  dropLastTask(): void {
    const start = this.starts.pop();
    if (!start) return;
    this.messages.splice(start.message);
    this.transcript.splice(start.entry);
    this.secrets.splice(start.secrets);
    this.tasks.pop();
    this.taskRecords.pop();
  }

  /**
   * The record as the host hands it to a save: new arrays and objects each time (as the host's snapshot
   * makes them), with the same contents for what did not change.
   */
  record(id: string, updatedAt: string): SavedConversation<Entry> {
    const copy = <T>(v: T): T => structuredClone(v);
    return {
      version: 1, id, title: this.transcript[0]?.text.slice(0, 80) ?? 'Untitled', createdAt: '2026-01-01T00:00:00.000Z', updatedAt,
      model: 'qwen2.5-coder-7b', endpoint: 'http://127.0.0.1:8080/v1',
      conversation: { version: 1, messages: copy(this.messages), summary: this.taskCount > 3 ? 'Earlier: the user set up the project.' : '', tasks: [...this.tasks] },
      transcript: copy(this.transcript),
      extra: { tasks: copy(this.taskRecords), plan: { steps: [{ id: 1, text: `task ${this.taskCount}`, state: 'done' }], done: 1, total: 1 }, usage: { promptTokens: 100 * this.taskCount, completionTokens: 20 * this.taskCount, requests: 3 * this.taskCount } },
    };
  }

  /** The size of the record as JSON, in bytes. */
  size(): number {
    return Buffer.byteLength(JSON.stringify(this.record('x', '')));
  }
}
