// The controller between the chat and the agent, driven as the panel drives it: every step that changes
// the conversation goes in turn, a run is saved to the conversation it started in, Retry and Continue
// are accepted only where the chat offers them, and dropping runs that changed files is confirmed first.
// The agent session is scripted (the agent itself is tested in test/unit/agent); the transcript, the
// history and its files on disk are the real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withTaskAsked, type AgentConversation, type AgentEvent, type AgentRunResult } from '../../../src/core/agent';
import * as security from '../../../src/core/security';
import { ChatController } from '../../../src/extension/agentHost/chatController';
import { PROGRESS_SAVE_MS } from '../../../src/extension/agentHost/progressSaves';
import type { AgentSession } from '../../../src/extension/agentHost/agentSession';
import { ConversationHistory } from '../../../src/extension/agentHost/conversationHistory';
import { RunCheckpoints } from '../../../src/extension/agentHost/runCheckpoints';
import { RunStoppedError } from '../../../src/extension/agentHost/notReady';
import type { ConversationTraces } from '../../../src/extension/agentHost/traces';
import { ChatTranscript } from '../../../src/extension/chatTranscript';
import { redactedEntry } from '../../../src/node/historyRedaction';
import { HistoryStore, newConversationId } from '../../../src/node/historyStore';
import { MAX_TRANSCRIPT_ENTRIES } from '../../../src/shared/chatProtocol';
import { StoreNotes, WorkingMemory } from '../../../src/core/memory';
import { runMemoryCommand } from '../../../src/extension/codeIndex/memoryCommand';
import { attachMentions, type ResolveMention } from '../../../src/extension/mentionAttachments';

/** The workspace the @ mentions read, as the extension's resolver reads VS Code's: files and the selection. */
interface MentionWorld { files: Map<string, string>; selection?: string }
const resolverOf = (world: MentionWorld): ResolveMention => async (ref) => {
  if (ref.kind === 'problems') return { text: 'Problems: none.' };
  if (ref.kind === 'selection') return world.selection ? { text: `Selection in src/a.ts (lines 1-1):\n${world.selection}` } : { missing: 'nothing is selected in the editor' };
  const content = world.files.get(ref.value);
  return content === undefined ? { missing: 'no such file in the workspace', absent: true } : { text: `File ${ref.value}:\n${content}\n[end of file]` };
};

type Emit = (event: AgentEvent) => void;
/** What the scripted agent does for a task: emits events, then returns its result or throws. */
type Script = (task: string, emit: Emit, signal: AbortSignal) => Promise<Partial<AgentRunResult>>;

/** The session's surface the controller uses, scripted; its conversation is the tasks it ran. */
class ScriptedSession {
  tasks: string[] = [];
  script: Script = async () => ({});
  private abort: AbortController | undefined;

  get running(): boolean { return this.abort !== undefined; }

  async run(task: string, onEvent: Emit): Promise<AgentRunResult> {
    if (this.abort) throw new Error('The agent is already running a task.');
    const abort = new AbortController();
    this.abort = abort;
    this.current = task;
    try {
      const r = await this.script(task, onEvent, abort.signal);
      const cancelled = abort.signal.aborted;
      const result: AgentRunResult = {
        response: 'Done.', toolCalls: [], filesCreated: [], filesEdited: [], usage: { promptTokens: 1, completionTokens: 1, requests: 1 }, durationMs: 1, turns: 1,
        success: !cancelled, stopReason: cancelled ? 'cancelled' : 'done', ...r,
      };
      result.task = this.tasks.push(task) - 1;
      return result;
    } finally {
      this.abort = undefined;
      this.current = undefined;
    }
  }

  stop(): void { this.abort?.abort(); }
  reset(): void { this.tasks = []; }
  rewind(task: number): void {
    if (this.abort) throw new Error('The agent is already running a task.');
    this.tasks = this.tasks.slice(0, task);
  }
  restore(conversation: AgentConversation | undefined): void {
    if (this.abort) throw new Error('The agent is already running a task.');
    this.tasks = conversation ? conversation.tasks.map((i) => String(conversation.messages[i]?.content)) : [];
  }
  /** The task running, if any: the export holds it, as the agent's export does during a run. */
  private current: string | undefined;

  exportConversation(): AgentConversation {
    const done: AgentConversation = { version: 1, messages: this.tasks.flatMap((t) => [{ role: 'user' as const, content: t }, { role: 'assistant' as const, content: 'Done.' }]), summary: '', tasks: this.tasks.map((_, i) => i * 2) };
    return this.current === undefined ? done : withTaskAsked(done, this.current);
  }
  exportAsking(task: string): AgentConversation {
    return withTaskAsked(this.exportConversation(), task);
  }
}

/** `reload`: the window before, whose workspace state and storage this one comes back to. */
function setup(reload?: { root: string; values: Map<string, unknown>; world?: MentionWorld }) {
  const world: MentionWorld = reload?.world ?? { files: new Map() };
  const root = reload?.root ?? mkdtempSync(join(tmpdir(), 'smallcode-controller-'));
  const dir = join(root, 'history');
  const values = reload?.values ?? new Map<string, unknown>();
  const state = { get: <T>(key: string, fallback: T): T => (values.has(key) ? values.get(key) as T : fallback), update: async (key: string, value: unknown) => { values.set(key, value); } };
  const history = new ConversationHistory({ dir, state, openStore: (d) => new HistoryStore(d), newId: () => newConversationId() });
  // workspace state keeps the chat redacted, as the extension's does
  const transcript = new ChatTranscript(state, redactedEntry);
  const session = new ScriptedSession();
  const confirms: string[] = [];
  let answer = true;
  const logged: string[] = [];
  /** The conversation each run's trace was tagged with as it was written. */
  const traced: (string | undefined)[] = [];
  /** What the runs' traces found secret (a .env read the trace redacted). */
  const tracesKnown = new Set<string>();
  const traces = { start: () => ({}), handle: () => undefined, finish: async (_r: unknown, conversation?: string) => { traced.push(conversation); }, clear: () => undefined, forget: async () => undefined, knownSecrets: () => tracesKnown } as unknown as ConversationTraces;
  /** What the panel was sent besides the transcript (plan, budget, run state). */
  const posted: { type: string; plan?: unknown }[] = [];
  const checkpoints = new RunCheckpoints(transcript);
  /** The controller's clock (ms): moved by hand. */
  const clock = { now: 0 };
  const controller = new ChatController(transcript, session as unknown as AgentSession, { info: () => undefined, warn: (m) => logged.push(m), error: (m) => logged.push(m) }, { post: (m) => { posted.push(m); } }, traces, {
    history, confirm: async (message) => { confirms.push(message); return answer; }, connection: () => ({ model: 'qwen', endpoint: 'http://127.0.0.1:1/v1' }), redaction: () => security, now: () => clock.now,
    attachMentions: (text, picked) => attachMentions(text, picked, resolverOf(world)),
  }, checkpoints);
  /** The saved conversations on disk, by their first message. */
  const saved = () => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { id: string; title: string; transcript: { role: string; text: string }[]; extra: { plan?: unknown } });
  const texts = (role: string) => transcript.all().filter((e) => e.role === role).map((e) => e.text);
  return {
    root, values, world, controller, session, transcript, history, confirms, logged, saved, texts, traced, posted, checkpoints, tracesKnown, dir, clock,
    answer: (a: boolean) => { answer = a; },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A promise and the function that settles it. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => { open = resolve; });
  return { open, opened };
}

const edited = (path: string): AgentEvent => ({ type: 'edit-accepted', path, created: false, partial: false });

test('Retry is only for the last exchange; Continue only on the notice of a cut reply that is still the last', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => (task.startsWith('Describe') ? { response: 'The pelican is', cut: { tokens: 64 } } : { response: `Answer to ${task}` });
    await s.controller.submit('First question');
    const firstReply = s.transcript.all().find((e) => e.role === 'assistant')!;
    await s.controller.submit('Describe the pelican');
    const cutNotice = s.transcript.all().find((e) => e.action === 'continue')!;
    assert.ok(cutNotice, 'the cut reply offers Continue');

    await s.controller.retry(firstReply.id);
    assert.match(s.texts('notice').at(-1)!, /Retry is not possible here/);
    assert.deepEqual(s.session.tasks, ['First question', 'Describe the pelican'], 'nothing was asked again');

    await s.controller.continueReply(firstReply.id);
    assert.match(s.texts('notice').at(-1)!, /Continue is not possible here/, 'Continue needs the cut reply\'s notice');
    await s.controller.continueReply(cutNotice.id);
    assert.equal(s.session.tasks.length, 3, 'the cut reply is continued');
    await s.controller.continueReply(cutNotice.id);
    assert.match(s.texts('notice').at(-1)!, /Continue is not possible here/, 'once continued, that notice is no longer the last exchange');
    assert.equal(s.session.tasks.length, 3);

    const last = s.transcript.all().filter((e) => e.role === 'assistant').at(-1)!;
    await s.controller.retry(last.id);
    assert.equal(s.session.tasks.length, 3, 'the last task was asked again in its own place');
    assert.equal(s.texts('user').length, 3);
  } finally {
    s.cleanup();
  }
});

test('Retry and Edit both confirm before dropping runs that changed files; declined, nothing changes', async () => {
  const s = setup();
  try {
    s.session.script = async (task, emit) => {
      if (task.includes('write')) emit(edited('notes.txt'));
      return { response: `Answer to ${task}`, ...(task.includes('write') ? { filesEdited: ['notes.txt'] } : {}) };
    };
    await s.controller.submit('Hello');
    await s.controller.submit('Please write notes');
    const reply = s.transcript.all().filter((e) => e.role === 'assistant').at(-1)!;
    s.answer(false);
    await s.controller.retry(reply.id);
    assert.equal(s.confirms.length, 1);
    assert.match(s.confirms[0]!, /changed notes\.txt.*Retry\?/);
    assert.deepEqual(s.session.tasks, ['Hello', 'Please write notes'], 'declined: nothing dropped');
    const hello = s.transcript.all().find((e) => e.role === 'user' && e.text === 'Hello')!;
    await s.controller.edit(hello.id, 'Hi there');
    assert.match(s.confirms[1]!, /changed notes\.txt.*Edit and resend\?/);
    assert.deepEqual(s.texts('user'), ['Hello', 'Please write notes']);
    s.answer(true);
    await s.controller.edit(hello.id, 'Hi there');
    assert.deepEqual(s.texts('user'), ['Hi there']);
    assert.deepEqual(s.session.tasks, ['Hi there']);
  } finally {
    s.cleanup();
  }
});

test('files a run changed count for Edit\'s question even when the run then threw', async () => {
  const s = setup();
  try {
    s.session.script = async (task, emit) => {
      if (task === 'Break things') { emit(edited('src/a.ts')); throw new Error('the connection dropped'); }
      return { response: 'Fine.' };
    };
    await s.controller.submit('Start');
    await s.controller.submit('Break things');
    assert.match(s.texts('notice').at(-1)!, /the connection dropped/);
    const start = s.transcript.all().find((e) => e.role === 'user' && e.text === 'Start')!;
    s.answer(false);
    await s.controller.edit(start.id, 'Start over');
    assert.equal(s.confirms.length, 1, 'the user is asked');
    assert.match(s.confirms[0]!, /changed src\/a\.ts/);
  } finally {
    s.cleanup();
  }
});

test('a first message still being answered when New chat is pressed is saved to its own conversation; the new chat starts empty', async () => {
  const s = setup();
  try {
    const started = gate();
    s.session.script = async (task, _emit, signal) => {
      if (task !== 'Slow first message') return { response: 'Quick.' };
      started.open();
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      return { response: 'Stopped.' };
    };
    const first = s.history.currentId;
    const sending = s.controller.submit('Slow first message');
    await started.opened;
    const newChat = s.controller.newChat();
    await Promise.all([sending, newChat]);
    assert.notEqual(s.history.currentId, first);
    assert.deepEqual(s.transcript.all(), [], 'the new chat shows nothing of the old one');
    assert.deepEqual(s.session.tasks, [], 'and the agent starts it empty');
    await s.controller.submit('Next');
    await s.history.rename(s.history.currentId, 'Second'); // waits for the saves before it
    const files = s.saved();
    const old = files.find((f) => f.id === first);
    assert.ok(old, 'the interrupted conversation is in the history');
    assert.equal(old.title, 'Slow first message');
    assert.ok(old.transcript.some((e) => e.role === 'notice' && /Stopped/.test(e.text)), 'with how its run ended');
    assert.ok(!files.find((f) => f.id !== first)!.transcript.some((e) => e.text === 'Slow first message'), 'nothing of it in the new one');
  } finally {
    s.cleanup();
  }
});

test('a message sent while another conversation is opening waits for it, and goes to the opened one', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => ({ response: `Answer to ${task}` });
    await s.controller.submit('Remember pelican');
    const first = s.history.currentId;
    await s.controller.newChat();
    await s.controller.submit('Something else');
    await s.history.rename(s.history.currentId, 'Other'); // the saves are done
    const opening = s.controller.open(first);
    const sending = s.controller.submit('And the bird?');
    await Promise.all([opening, sending]);
    assert.equal(s.history.currentId, first);
    assert.deepEqual(s.texts('user'), ['Remember pelican', 'And the bird?']);
    assert.deepEqual(s.session.tasks, ['Remember pelican', 'And the bird?'], 'the agent ran it in the opened conversation');
    assert.equal(s.logged.length, 0, s.logged.join('\n'));
  } finally {
    s.cleanup();
  }
});

test('New chat right after a message, before its run reached the agent, stops it too: the new chat waits for nothing', { timeout: 10_000 }, async () => {
  const s = setup();
  try {
    const asked: string[] = [];
    s.session.script = async (task, _emit, signal) => {
      asked.push(task);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })); // only a stop ends it
      return {};
    };
    const first = s.history.currentId;
    const sending = s.controller.submit('A long task');
    assert.deepEqual(s.texts('user'), ['A long task'], 'the message shows at once');
    await Promise.all([sending, s.controller.newChat()]);
    assert.deepEqual(asked, [], 'the agent was never asked');
    assert.deepEqual(s.transcript.all(), []);
    await s.history.rename(first, 'The long one'); // waits for the saves before it
    assert.ok(s.saved().find((f) => f.id === first)?.transcript.some((e) => /Stopped/.test(e.text)), 'saved in its conversation as stopped');
  } finally {
    s.cleanup();
  }
});

test('Stop while the run still waits for the model server ends it as stopped, not as an error', { timeout: 10_000 }, async () => {
  const s = setup();
  try {
    const waiting = gate();
    // as AgentSession does while a detection runs: only the stop ends the wait
    s.session.script = async (_task, _emit, signal) => {
      waiting.open();
      await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new RunStoppedError()), { once: true }));
      return {};
    };
    const sending = s.controller.submit('Fix the tests');
    await waiting.opened;
    s.controller.stop();
    await sending;
    const last = s.transcript.all().at(-1)!;
    assert.equal(last.text, 'Stopped. No partial edit was written.');
    assert.equal(last.level, undefined, 'an info notice, not an error');
    assert.deepEqual(s.logged, [], 'no "Run failed" in the log');
    assert.equal(s.controller.running, false);
  } finally {
    s.cleanup();
  }
});

test('a mention typed in full is attached; one that cannot be is said in the chat, and to the model, not sent as bare text', async () => {
  const s = setup();
  try {
    s.world.selection = 'const total = sum(values);';
    await s.controller.submit('explain @selection please');
    assert.deepEqual(s.session.tasks, ['explain @selection please\n\nSelection in src/a.ts (lines 1-1):\nconst total = sum(values);']);
    assert.deepEqual(s.texts('notice'), []);

    delete s.world.selection;
    const text = 'and now @selection and @docs/gone.md, with @property as a decorator';
    await s.controller.submit(text);
    assert.equal(s.session.tasks[1], `${text}\n\n@selection: not attached (nothing is selected in the editor)\n\nFile docs/gone.md: not attached (no such file in the workspace)`);
    const after = s.transcript.all().slice(s.transcript.all().findIndex((e) => e.text === text) + 1)[0]!;
    assert.equal(after.role, 'notice', 'said right after the message');
    assert.equal(after.level, 'warning');
    assert.match(after.text, /^Not attached: @selection \(nothing is selected in the editor\); @docs\/gone\.md \(no such file in the workspace\)\. /);
    assert.ok(!after.text.includes('@property'), 'a word that names no file is not taken for one');
  } finally {
    s.cleanup();
  }
});

test('Edit and resend attaches the mentions of the edited text as they are now, one added in the edit too, also after a reload', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => ({ response: `Answer to ${task}` });
    s.world.files.set('src/server.ts', 'listen(8080);');
    await s.controller.submit('Why does @src/server.ts listen on 8080?');
    assert.deepEqual(s.session.tasks, ['Why does @src/server.ts listen on 8080?\n\nFile src/server.ts:\nlisten(8080);\n[end of file]']);
    await s.history.rename(s.history.currentId, 'Port'); // waits for the saves before it
    const reloaded = setup(s); // a window reload: the same workspace state, storage and files
    reloaded.session.script = s.session.script;
    const message = reloaded.transcript.all().find((e) => e.role === 'user')!;
    assert.equal(message.text, 'Why does @src/server.ts listen on 8080?', 'the chat shows the message as typed');
    s.world.files.set('src/server.ts', 'listen(port);'); // the dropped run changed it: the model sees it as it is
    await reloaded.controller.edit(message.id, 'Which port does @src/server.ts listen on?');
    assert.deepEqual(reloaded.session.tasks, ['Which port does @src/server.ts listen on?\n\nFile src/server.ts:\nlisten(port);\n[end of file]']);
    await reloaded.controller.edit(message.id, 'And the host? @src/server.ts @problems');
    assert.deepEqual(reloaded.session.tasks, ['And the host? @src/server.ts @problems\n\nFile src/server.ts:\nlisten(port);\n[end of file]\n\nProblems: none.'], 'a mention added in the edit is attached');
    await reloaded.controller.edit(message.id, 'And the host?');
    assert.deepEqual(reloaded.session.tasks, ['And the host?'], 'a mention the edit took out attaches nothing');
  } finally {
    s.cleanup();
  }
});

test('a path with spaces picked from the list stays one mention through Edit and resend and Retry, also after a reload', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => ({ response: `Answer to ${task}` });
    s.world.files.set('docs/my notes.md', 'todo: ship');
    s.world.files.set('docs/my', 'a folder');
    const notes = 'File docs/my notes.md:\ntodo: ship\n[end of file]';
    await s.controller.submit('summarise @docs/my notes.md', [{ kind: 'file', value: 'docs/my notes.md' }]);
    assert.deepEqual(s.session.tasks, [`summarise @docs/my notes.md\n\n${notes}`]);
    const message = s.transcript.all().find((e) => e.role === 'user')!;
    await s.controller.edit(message.id, 'summarise @docs/my notes.md in one line');
    assert.deepEqual(s.session.tasks, [`summarise @docs/my notes.md in one line\n\n${notes}`], 'the edited text still names the picked path');
    await s.controller.retry(s.transcript.all().find((e) => e.role === 'assistant')!.id);
    assert.deepEqual(s.session.tasks, [`summarise @docs/my notes.md in one line\n\n${notes}`], 'Retry asks the edited task again');
    await s.history.rename(s.history.currentId, 'Notes'); // waits for the saves before it
    const reloaded = setup(s);
    reloaded.session.script = s.session.script;
    await reloaded.controller.edit(message.id, 'list the todos of @docs/my notes.md');
    assert.deepEqual(reloaded.session.tasks, [`list the todos of @docs/my notes.md\n\n${notes}`], 'after a reload too');
    await reloaded.controller.edit(message.id, 'what is @docs/my');
    assert.deepEqual(reloaded.session.tasks, ['what is @docs/my\n\nFile docs/my:\na folder\n[end of file]'], 'a path the edit took out is no longer spelled');
  } finally {
    s.cleanup();
  }
});

test('after a reload, Retry and Edit refuse a message the history took a secret out of, and say to type it again; nothing is sent', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => ({ response: `Answer to ${task}` });
    await s.controller.submit('Put the staging password Tr0ub4dor&3xyz into config/staging.yml as db.password');
    await s.history.rename(s.history.currentId, 'Staging'); // waits for the saves before it
    const saved = JSON.stringify(s.saved());
    assert.ok(!saved.includes('Tr0ub4dor') && !saved.includes('3xyz'), `the whole password is hidden on disk: ${saved}`);

    const reloaded = setup(s);
    reloaded.session.script = s.session.script;
    const message = reloaded.transcript.all().find((e) => e.role === 'user')!;
    const reply = reloaded.transcript.all().find((e) => e.role === 'assistant')!;
    await reloaded.controller.retry(reply.id);
    assert.match(reloaded.texts('notice').at(-1)!, /^Retry is not possible here: this message held a secret, .*type the secret where \[REDACTED\] stands, or type the message again\.$/);
    await reloaded.controller.edit(message.id, 'Put the staging password [REDACTED] into config/staging.yml');
    assert.match(reloaded.texts('notice').at(-1)!, /^Edit and resend is not possible here: this message held a secret/);
    assert.deepEqual(reloaded.session.tasks, ['Put the staging password [REDACTED] into config/staging.yml as db.password'], 'only the restored conversation: nothing was sent');
    assert.equal(reloaded.texts('user').length, 1, 'the conversation is as it was');

    await reloaded.controller.edit(message.id, 'Put the staging password N3w-pass&word into config/staging.yml');
    assert.deepEqual(reloaded.session.tasks, ['Put the staging password N3w-pass&word into config/staging.yml'], 'the secret typed again is sent');
  } finally {
    s.cleanup();
  }
});

test('after a reload, Edit reads a mentioned .env file again: the history kept none of its values, the file has them', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => ({ response: `Answer to ${task}` });
    s.world.files.set('.env', 'PORT=8080');
    await s.controller.submit('Why does the server listen on the port in @.env?');
    await s.history.rename(s.history.currentId, 'Port');
    const reloaded = setup(s);
    const message = reloaded.transcript.all().find((e) => e.role === 'user')!;
    await reloaded.controller.edit(message.id, 'Which port does @.env set?');
    assert.deepEqual(reloaded.session.tasks, ['Which port does @.env set?\n\nFile .env:\nPORT=8080\n[end of file]']);
    assert.deepEqual(reloaded.texts('notice'), []);
  } finally {
    s.cleanup();
  }
});

test('a secret a .env card showed in one conversation is not hidden from the next one\'s saved chat (New chat or opening another)', async () => {
  const s = setup();
  try {
    const secret = 'blue-harbor-42';
    s.session.script = async (task, emit) => {
      if (task.startsWith('Check')) {
        emit({ type: 'tool-start', id: 'c1', name: 'read_file', args: { path: '.env' }, repairs: [] });
        emit({ type: 'tool-end', id: 'c1', name: 'read_file', ok: true, summary: `.env (2 lines):\n1| PORT=8080\n2| SESSION_SECRET=${secret}` });
      }
      return { response: `Answer to ${task}` };
    };
    const kept = () => (s.values.get('smallcode.transcript') as { role: string; text: string }[]).filter((e) => e.role === 'user').map((e) => e.text);
    await s.controller.submit(`Check the .env; is ${secret} right?`);
    assert.deepEqual(kept(), ['Check the .env; is [REDACTED] right?'], 'hidden in the conversation that read it');
    const first = s.history.currentId;

    await s.controller.newChat();
    await s.controller.submit(`Name the release branch ${secret} on port 8080`);
    assert.deepEqual(kept(), [`Name the release branch ${secret} on port 8080`], 'the new conversation knows nothing of the old one');
    const second = s.history.currentId;
    await s.history.rename(second, 'Release'); // waits for its save

    await s.controller.open(first);
    await s.controller.open(second);
    await s.controller.submit(`And tag ${secret}`);
    assert.deepEqual(kept(), [`Name the release branch ${secret} on port 8080`, `And tag ${secret}`], 'nor after the other one was opened in between');
  } finally {
    s.cleanup();
  }
});

test('a value the chat\'s card or the trace found secret stays out of the history file though the model\'s side no longer holds the read (compaction)', async () => {
  const s = setup();
  try {
    const [carded, traced] = ['mauve-otter-42-Quill', 'teal-heron-77-Sprocket'];
    s.session.script = async (task, emit) => {
      if (task.startsWith('Copy')) {
        emit({ type: 'tool-start', id: 'c1', name: 'read_file', args: { path: '.env' }, repairs: [] });
        emit({ type: 'tool-end', id: 'c1', name: 'read_file', ok: true, summary: `.env (1 line):\n1| SESSION_SECRET=${carded}` });
        return { response: `I copied ${carded} into config/dev.json.` };
      }
      s.tracesKnown.add(traced);
      return { response: `The token is ${traced}; and before that ${carded}.` };
    };
    // the scripted model side never holds the .env read: as after the budget evicted it
    await s.controller.submit('Copy the session secret from .env into config/dev.json');
    await s.controller.submit('What did the other file say?');
    await s.history.saved();
    const file = readFileSync(join(s.dir, `${s.history.currentId}.json`), 'utf8');
    assert.ok(!file.includes(carded), 'the card\'s value is hidden');
    assert.ok(!file.includes(traced), 'the trace\'s value is hidden');
    assert.match(file, /I copied \[REDACTED\] into config\/dev\.json/);
  } finally {
    s.cleanup();
  }
});

test('a run saves what it did while it goes on — after an accepted edit, else at most every PROGRESS_SAVE_MS, one save at a time — and its end\'s save is the last word', async () => {
  const s = setup();
  try {
    let saves = 0;
    const save = s.history.save.bind(s.history);
    s.history.save = (snapshot) => { saves++; return save(snapshot); };
    const file = () => s.saved()[0]! as unknown as { transcript: { id: string; role: string; text: string }[]; extra: { tasks: { files: string[]; index: number }[] }; conversation: AgentConversation };
    const cards = () => file().transcript.filter((e) => e.role === 'tool').length;
    const card = (id: string): AgentEvent[] => [
      { type: 'tool-start', id, name: 'read_file', args: { path: `src/${id}.ts` }, repairs: [] },
      { type: 'tool-end', id, name: 'read_file', ok: true, summary: 'export const x = 1;' },
    ];
    // the saves asked so far written, and what follows each (its ProgressSaves turn ends) run: the promise
    // jobs all done, the next macrotask
    const written = async () => { await s.history.saved(); await new Promise((resolve) => setImmediate(resolve)); };
    s.session.script = async (_task, emit) => {
      await written();
      assert.equal(saves, 1, 'the run\'s start is saved');
      s.clock.now = 1_000;
      card('c1').forEach(emit);
      assert.equal(saves, 1, 'a tool card soon after is not saved on its own');
      for (const path of ['src/a.ts', 'src/b.ts', 'src/c.ts']) emit(edited(path));
      assert.equal(saves, 2, 'an accepted edit is saved at once, one save at a time');
      await written();
      assert.deepEqual(file().extra.tasks[0]!.files, ['src/a.ts'], 'with the files changed so far');
      assert.equal(cards(), 1);
      assert.equal(file().conversation.tasks.length, 1, 'and the model\'s side with the task');
      s.clock.now = 5_000;
      card('c2').forEach(emit);
      await written();
      assert.equal(saves, 3, 'the edits accepted while it was written are saved with the next change');
      assert.deepEqual(file().extra.tasks[0]!.files, ['src/a.ts', 'src/b.ts', 'src/c.ts']);
      s.clock.now = 6_000;
      card('c3').forEach(emit);
      await written();
      assert.equal(cards(), 2, 'not again within PROGRESS_SAVE_MS');
      s.clock.now = 5_000 + PROGRESS_SAVE_MS;
      card('c4').forEach(emit);
      await written();
      assert.equal(cards(), 4, 'then the next change is saved');
      emit(edited('src/d.ts')); // its save is still being written as the run ends
      return { response: 'All four edited.' };
    };
    await s.controller.submit('Edit the four files');
    await s.history.saved();
    const last = file();
    assert.equal(last.transcript.at(-1)!.text, 'All four edited.', 'the end\'s save is not overwritten by one taken before');
    assert.deepEqual(last.extra.tasks[0]!.files, ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts']);
    assert.equal(last.extra.tasks[0]!.index, 0);
  } finally {
    s.cleanup();
  }
});

test('a conversation deleted in another window while this one has it open is kept here under a new id, and the chat says so once', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => ({ response: `Answer to ${task}` });
    await s.controller.submit('First');
    const deleted = s.history.currentId;
    await new HistoryStore(s.dir).delete(deleted); // the other window
    await s.controller.submit('Second');
    await s.controller.submit('Third');
    await s.history.saved();
    assert.notEqual(s.history.currentId, deleted);
    assert.deepEqual(s.texts('notice').filter((t) => /deleted from the history in another window/.test(t)).length, 1);
  } finally {
    s.cleanup();
  }
});

test('opening a conversation shows it with one change: cards of runs this window does not hold already say the undo is unavailable', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => ({ response: 'Written.', ...(task === 'Write a.ts' ? { checkpoint: { files: [{ path: 'a.ts', before: 'old', after: 'new' }] } } : {}) });
    await s.controller.submit('Write a.ts');
    const first = s.history.currentId;
    await s.controller.newChat();
    await s.controller.submit('Something else');
    await s.history.rename(s.history.currentId, 'Other'); // waits for the saves before it
    const cards = () => s.transcript.all().filter((e) => e.role === 'checkpoint').map((e) => e.checkpoint?.state);

    const reloaded = setup(s); // a window reload: this window holds no checkpoint
    reloaded.session.script = s.session.script;
    const changes: unknown[] = [];
    reloaded.transcript.onDidChange((change) => changes.push(change));
    await reloaded.controller.open(first);
    assert.deepEqual(reloaded.transcript.all().filter((e) => e.role === 'checkpoint').map((e) => e.checkpoint?.state), ['unavailable']);
    assert.deepEqual(changes, [undefined], 'one replace, no card put after it');

    await s.controller.open(first); // the window the run ran in holds its checkpoint
    assert.deepEqual(cards(), ['available']);
  } finally {
    s.cleanup();
  }
});

/** A script whose task `slow` waits until the run is stopped (the model still answering when the window goes). */
function untilStopped(slow: string, started: () => void) {
  return async (task: string, _emit: Emit, signal: AbortSignal): Promise<Partial<AgentRunResult>> => {
    if (task !== slow) return { response: `Answer to ${task}` };
    started();
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    return {};
  };
}

/**
 * `task` sent in the window `s`, which dies (a crash, a kill: no deactivate) while the model answers: the
 * next window on the same workspace state and storage, and `endRun` for the dead window's run.
 */
async function killedMidRun(s: ReturnType<typeof setup>, task: string) {
  const started = gate();
  s.session.script = untilStopped(task, started.open);
  const sending = s.controller.submit(task);
  await started.opened;
  await s.history.saved(); // what is on disk is the run-start save
  return { reloaded: setup(s), endRun: async () => { s.controller.stop(); await sending; } };
}

test('a window that goes away while the first message is answered leaves it in the history: the run saves as it starts', async () => {
  const s = setup();
  try {
    // the window is gone without a word (a crash, a kill): the next one finds the conversation listed
    const { reloaded, endRun } = await killedMidRun(s, 'Refactor the login flow into its own module');
    const listed = await reloaded.history.list('');
    assert.deepEqual(listed.items.map((i) => i.title), ['Refactor the login flow into its own module']);
    await reloaded.controller.newChat();
    await reloaded.controller.open(listed.items[0]!.id);
    assert.deepEqual(reloaded.texts('user'), ['Refactor the login flow into its own module'], 'opened again, the message is there');
    await endRun();
  } finally {
    s.cleanup();
  }
});

test('a window killed mid-run leaves the task on the model\'s side too: after the reload "Go on" reaches a model that has it, and Edit asks it again in its place', async () => {
  const s = setup();
  try {
    await s.controller.submit('Read the login module');
    const { reloaded, endRun } = await killedMidRun(s, 'Now split it in two');
    reloaded.session.script = async (task) => ({ response: `Answer to ${task}` });
    await reloaded.controller.resumeSaved();
    assert.deepEqual(reloaded.texts('user'), ['Read the login module', 'Now split it in two']);
    await reloaded.controller.submit('Go on');
    assert.deepEqual(reloaded.session.tasks, ['Read the login module', 'Now split it in two', 'Go on'], 'the model was given the interrupted task');
    const split = reloaded.transcript.all().find((e) => e.role === 'user' && e.text === 'Now split it in two')!;
    await reloaded.controller.edit(split.id, 'Now split it in three');
    assert.deepEqual(reloaded.session.tasks, ['Read the login module', 'Now split it in three'], 'the edited message replaces the interrupted task, not follows it');
    await endRun();
  } finally {
    s.cleanup();
  }
});

test('closing the window mid-run stops the run and saves it: after the reload the model is given the interrupted exchange, and the plan shows again', async () => {
  const s = setup();
  try {
    const plan = { steps: [{ id: 1, text: 'Read the module', state: 'done' as const }, { id: 2, text: 'Split it', state: 'in_progress' as const }], done: 1, total: 2, current: 2 };
    s.session.script = async (task, emit) => { emit({ type: 'plan-updated', plan }); return { response: `Answer to ${task}` }; };
    await s.controller.submit('Read the login module');
    const started = gate();
    s.session.script = untilStopped('Now split it in two', started.open);
    const sending = s.controller.submit('Now split it in two');
    await started.opened;
    await s.controller.close(5_000); // what deactivate does
    await sending;
    const reloaded = setup(s);
    reloaded.session.script = async (task) => ({ response: `Answer to ${task}` });
    await reloaded.controller.resumeSaved(); // the panel is there
    assert.deepEqual(reloaded.posted.filter((m) => m.type === 'plan'), [{ type: 'plan', plan }], 'the plan panel shows it');
    assert.deepEqual(reloaded.controller.lastRun.plan, plan, '/plan has it');
    await reloaded.controller.submit('Go on');
    assert.deepEqual(reloaded.session.tasks, ['Read the login module', 'Now split it in two', 'Go on']);
    assert.deepEqual(reloaded.saved()[0]!.extra.plan, plan, 'a run that did not change the plan saves it again');
    assert.ok(reloaded.texts('notice').some((t) => /Stopped/.test(t)), 'the chat says the run was stopped');
  } finally {
    s.cleanup();
  }
});

test('a long conversation keeps its beginning and its title in the history; the chat keeps only the newest entries in workspace state', async () => {
  const s = setup();
  try {
    const CARDS = 60;
    s.session.script = async (task, emit) => {
      for (let i = 0; i < CARDS; i++) {
        emit({ type: 'tool-start', id: `${task}-${i}`, name: 'read_file', args: { path: `src/f${i}.ts` }, repairs: [] });
        emit({ type: 'tool-end', id: `${task}-${i}`, name: 'read_file', ok: true, summary: 'export const x = 1;' });
      }
      return { response: `Answer to ${task}` };
    };
    await s.controller.submit('Add OAuth login with GitHub');
    for (let n = 2; n <= 9; n++) await s.controller.submit(`Follow-up ${n}`);
    await s.history.saved();
    const entries = s.transcript.all().length;
    assert.ok(entries > MAX_TRANSCRIPT_ENTRIES, `${entries} entries`);
    const [file] = s.saved();
    assert.equal(file!.title, 'Add OAuth login with GitHub');
    assert.equal(file!.transcript.length, entries, 'the history holds the whole conversation');
    assert.equal(file!.transcript.find((e) => e.role === 'user')!.text, 'Add OAuth login with GitHub');
    assert.equal((s.values.get('smallcode.transcript') as unknown[]).length, MAX_TRANSCRIPT_ENTRIES, 'workspace state holds what the panel paints');

    // after a reload the chat shows the newest entries; the first task brings the beginning back, and the next save keeps it
    const reloaded = setup(s);
    reloaded.session.script = async (task) => ({ response: `Answer to ${task}` });
    assert.equal(reloaded.transcript.all().length, MAX_TRANSCRIPT_ENTRIES);
    await reloaded.controller.submit('One more');
    await reloaded.history.saved();
    assert.equal(reloaded.texts('user')[0], 'Add OAuth login with GitHub');
    const [again] = reloaded.saved();
    assert.equal(again!.transcript.length, entries + 2);
    assert.equal(again!.title, 'Add OAuth login with GitHub');
  } finally {
    s.cleanup();
  }
});

test('a history that cannot be written is said once per failure, not at both saves of a run; a save that works again clears it', async () => {
  const s = setup();
  try {
    writeFileSync(join(s.root, 'history'), 'a file where the history folder should be');
    await s.controller.submit('Rename clamp to limit');
    await s.history.saved();
    const notices = () => s.texts('notice').filter((t) => /was not saved to the history/.test(t));
    assert.equal(notices().length, 1, JSON.stringify(s.texts('notice')));
    assert.equal(s.logged.filter((m) => /was not saved/.test(m)).length, 2, 'each failed save is logged');
    rmSync(join(s.root, 'history'));
    await s.controller.submit('Now export limit');
    await s.history.saved();
    assert.equal(notices().length, 1, 'the saves worked: nothing new');
    rmSync(join(s.root, 'history'), { recursive: true });
    writeFileSync(join(s.root, 'history'), 'broken again');
    await s.controller.submit('And document it');
    await s.history.saved();
    assert.equal(notices().length, 2, 'a new failure after a success is shown again');
  } finally {
    s.cleanup();
  }
});

/** Window A on a conversation window B (a second window on the folder, or the old one of a reload) saved since. */
async function twoWindows() {
  const a = setup();
  a.session.script = async (task) => ({ response: `Answer to ${task}` });
  await a.controller.submit('Shared start');
  await a.history.saved();
  const shared = a.history.currentId;
  const b = setup({ root: a.root, values: new Map(a.values) });
  b.session.script = a.session.script;
  await b.controller.submit('From B');
  await b.history.saved();
  return { a, shared };
}

/** The saved file `id`'s chat and model side. */
function fileOf(s: ReturnType<typeof setup>, id: string) {
  const file = s.saved().find((c) => c.id === id) as { transcript: { role: string; text: string }[]; conversation: AgentConversation } | undefined;
  return { chat: file?.transcript.map((e) => `${e.role}:${e.text}`), model: file?.conversation.messages.map((m) => m.content) };
}

test('a run whose first save finds its conversation saved by another window goes on in a new one: the run\'s end is saved there, with no warning and no third file', async () => {
  const { a, shared } = await twoWindows();
  try {
    const started = gate();
    const release = gate();
    a.session.script = async (task) => { started.open(); await release.opened; return { response: `Answer to ${task}` }; };
    const sending = a.controller.submit('From A');
    await started.opened;
    await a.history.saved(); // the first save met B's and went to a new id
    const forked = a.history.currentId;
    assert.notEqual(forked, shared);
    release.open();
    await sending;
    await a.history.saved();
    assert.equal(a.history.currentId, forked);
    assert.deepEqual(a.saved().map((c) => c.id).sort(), [shared, forked].sort(), 'B\'s file and A\'s, no third');
    const file = fileOf(a, forked);
    assert.deepEqual(file.chat?.filter((e) => e.startsWith('user:')), ['user:Shared start', 'user:From A']);
    assert.equal(file.chat?.at(-1), 'assistant:Answer to From A', 'the reply is saved');
    assert.deepEqual(file.model, ['Shared start', 'Done.', 'From A', 'Done.'], 'and the model side has the task');
    assert.deepEqual(a.texts('notice'), [], 'no warning');
    assert.deepEqual(a.traced, [shared, forked], 'the run\'s trace is tagged with the conversation it was saved in');
  } finally {
    a.cleanup();
  }
});

test('a quick run whose two saves were asked before the first was written lands both in the one new conversation', async () => {
  const { a, shared } = await twoWindows();
  try {
    await a.controller.submit('From A');
    await a.history.saved();
    const forked = a.history.currentId;
    assert.notEqual(forked, shared);
    assert.deepEqual(a.saved().map((c) => c.id).sort(), [shared, forked].sort());
    assert.equal(fileOf(a, forked).chat?.at(-1), 'assistant:Answer to From A');
    assert.deepEqual(a.traced.at(-1), forked);
    assert.deepEqual(a.texts('notice'), []);
  } finally {
    a.cleanup();
  }
});

/**
 * Conversation `first` saved, then a New chat where `second` is answered and `slow` waits until
 * `release` (a run still stopping: stop() does not end it at once). Returns both ids and the run.
 */
async function heldRun(s: ReturnType<typeof setup>, first: string, second: string, slow: string) {
  s.session.script = async (task) => ({ response: `Answer to ${task}` });
  await s.controller.submit(first);
  const older = s.history.currentId;
  await s.controller.newChat();
  await s.controller.submit(second);
  const current = s.history.currentId;
  const started = gate();
  const release = gate();
  s.session.script = async (task) => {
    if (task !== slow) return { response: `Answer to ${task}` };
    started.open();
    await release.opened;
    return { response: 'A long answer' };
  };
  const running = s.controller.submit(slow);
  await started.opened;
  return { older, current, running, release: release.open };
}

test('deleting the conversation on screen while an open of another waits for its run: the opened one stays, and keeps what it held', async () => {
  const s = setup();
  try {
    const { older: z, current: x, running, release } = await heldRun(s, 'Z: remember the pelican', 'X: first', 'X: slow task');
    const opening = s.controller.open(z);
    const deleting = s.controller.deleteConversation(x); // X is still on screen when asked
    release();
    await Promise.all([running, opening, deleting]);
    assert.equal(s.history.currentId, z);
    assert.deepEqual(s.texts('user'), ['Z: remember the pelican'], 'the chat shows Z');
    s.session.script = async (task) => ({ response: `Answer to ${task}` });
    await s.controller.submit('What bird?');
    await s.history.saved();
    assert.deepEqual(s.saved().map((c) => c.id), [z], 'X is deleted');
    assert.deepEqual(fileOf(s, z).chat?.filter((e) => e.startsWith('user:')), ['user:Z: remember the pelican', 'user:What bird?'], 'Z keeps its messages');
    assert.deepEqual(s.session.tasks, ['Z: remember the pelican', 'What bird?']);
  } finally {
    s.cleanup();
  }
});

test('opening the conversation on screen again while an open of another waits for its run: the chat ends on it, as its run saved it', async () => {
  const s = setup();
  try {
    const { older: b, current: a, running, release } = await heldRun(s, 'B: other topic', 'A: first', 'A: slow task');
    const openB = s.controller.open(b);
    const openA = s.controller.open(a);
    await s.history.saved(); // A's file holds its run's first save only
    release();
    await Promise.all([running, openB, openA]);
    assert.equal(s.history.currentId, a);
    assert.deepEqual(s.texts('assistant'), ['Answer to A: first', 'A long answer'], 'with its run\'s reply');
    assert.deepEqual(s.session.tasks, ['A: first', 'A: slow task']);
  } finally {
    s.cleanup();
  }
});

test('a slash command waiting for the code index shows Stop in the panel, and Stop ends its wait', { timeout: 10_000 }, async () => {
  const s = setup();
  try {
    const waiting = s.controller.stoppable((signal) => new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve(`ended: ${String(signal.reason)}`), { once: true })));
    assert.deepEqual(s.posted.filter((m) => m.type === 'runState'), [{ type: 'runState', run: 'running' }], 'the panel shows Stop while it waits');
    s.controller.stop();
    assert.equal(await waiting, 'ended: Error: stopped');
    assert.deepEqual(s.posted.filter((m) => m.type === 'runState').at(-1), { type: 'runState', run: 'idle' }, 'and Send again once it ended');
  } finally {
    s.cleanup();
  }
});

/** Project memory as the index's database serves it: every call fails once `signal` is aborted (the chat's Stop); `onRemove` runs as a removal starts. */
function indexedMemory(store: StoreNotes, signal: AbortSignal, onRemove: (key: string) => Promise<void> = async () => undefined) {
  const stoppable = async <T>(call: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    return call();
  };
  return new WorkingMemory({
    capacity: store.capacity,
    list: () => stoppable(() => store.list()),
    put: (note) => stoppable(() => store.put(note)),
    remove: (keys) => stoppable(async () => {
      await onRemove(keys[0]!);
      signal.throwIfAborted();
      return store.remove(keys);
    }),
  });
}

function notesStore() {
  const values = new Map<string, unknown>();
  return new StoreNotes({ get: async <T>(key: string) => values.get(key) as T | undefined, set: async (key, value) => { values.set(key, value); }, delete: async (key) => { values.delete(key); } });
}

test('/memory forget with no key: the panel shows Send while the picker is open (a Stop then changes nothing); Stop while the picked notes are deleted says how many were', async () => {
  const s = setup();
  try {
    const store = notesStore();
    for (const [key, value] of [['build', 'npm run build'], ['tests', 'npm test'], ['style', 'tabs']]) await new WorkingMemory(store).remember(key!, value!);
    const said: string[] = [];
    let whilePicking: unknown;
    const picker = (pick: (labels: string[]) => string[]) => ({
      showQuickPick: (async (items: { label: string }[]) => {
        whilePicking = s.posted.filter((m) => m.type === 'runState').at(-1);
        s.controller.stop(); // nothing of the command's is stoppable here
        return items.filter((i) => pick(items.map((n) => n.label)).includes(i.label));
      }) as never,
    });
    const deps = (ui: ReturnType<typeof picker>, onRemove?: (key: string) => Promise<void>) => ({
      memory: (signal: AbortSignal) => indexedMemory(store, signal, onRemove), stoppable: <T>(work: (signal: AbortSignal) => Promise<T>) => s.controller.stoppable(work), ui, say: (text: string) => { said.push(text); },
    });
    await runMemoryCommand('forget', deps(picker(() => ['build', 'tests'])));
    assert.deepEqual(whilePicking, { type: 'runState', run: 'idle' }, 'Send, not Stop, while the user picks');
    assert.deepEqual(said, ['Deleted 2 notes: build, tests.']);
    assert.deepEqual((await store.list()).map((n) => n.key), ['style']);
    // the index answers the list, then the user stops while the deletions wait for it
    await new WorkingMemory(store).remember('build', 'npm run build');
    const stopAt = (key: string) => async (removing: string) => { if (removing === key) s.controller.stop(); };
    await runMemoryCommand('forget', deps(picker((labels) => labels), stopAt('build')));
    assert.equal(said.at(-1), 'Stopped: 1 of 2 notes deleted (style); one asked before the Stop may be deleted all the same.');
    assert.deepEqual((await store.list()).map((n) => n.key), ['build']);
    assert.deepEqual(s.posted.filter((m) => m.type === 'runState').at(-1), { type: 'runState', run: 'idle' });
  } finally {
    s.cleanup();
  }
});

test('the checkpoints of runs whose cards Edit and resend cut off, or of the deleted current conversation, are no longer held', async () => {
  const s = setup();
  try {
    s.session.script = async (task) => ({ response: 'Written.', checkpoint: { files: [{ path: `${task}.ts`, before: 'old', after: 'new' }] } });
    await s.controller.submit('a');
    await s.controller.submit('b');
    assert.equal(s.checkpoints.size, 2);
    const b = s.transcript.all().find((e) => e.role === 'user' && e.text === 'b')!;
    await s.controller.edit(b.id, 'c');
    const cards = s.transcript.all().filter((e) => e.role === 'checkpoint').map((e) => e.id);
    assert.equal(cards.length, 2, 'the first run\'s card and the edited task\'s');
    assert.deepEqual([s.checkpoints.size, cards.every((id) => s.checkpoints.get(id))], [2, true], 'the card cut off is not held');
    await s.controller.deleteConversation(s.history.currentId);
    assert.equal(s.checkpoints.size, 0);
  } finally {
    s.cleanup();
  }
});
