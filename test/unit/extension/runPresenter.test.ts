// What a run looks like in the chat: the agent's events, through the real RunPresenter, into the real
// host transcript (in-memory storage) and the messages the panel gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentRunResult } from '../../../src/core/agent';
import { ChatTranscript, type TranscriptStorage } from '../../../src/extension/chatTranscript';
import * as security from '../../../src/core/security';
import { RunPresenter } from '../../../src/extension/agentHost/runPresenter';
import type { ViewMessage } from '../../../src/extension/chatViewProvider';
import { applyToTranscript, type ChatEntry, type TranscriptMessage } from '../../../src/shared/chatProtocol';

function memoryStorage(): TranscriptStorage & { saved: unknown } {
  const store = { saved: undefined as unknown, get: <T>(_key: string, fallback: T): T => (store.saved as T) ?? fallback, update: async (_key: string, value: unknown) => { store.saved = structuredClone(value); } };
  return store;
}

function setup() {
  const storage = memoryStorage();
  const transcript = new ChatTranscript(storage);
  const panel: ChatEntry[] = []; // what the webview would hold, from the forwarded changes
  const forwarded: TranscriptMessage[] = [];
  transcript.onDidChange((change) => { if (change) { forwarded.push(change); applyToTranscript(panel, change); } });
  const posted: ViewMessage[] = [];
  let now = 1000;
  const presenter = new RunPresenter(transcript, { post: (m) => posted.push(m) }, security, () => now);
  return { storage, transcript, panel, forwarded, posted, presenter, tick: (ms: number) => { now += ms; } };
}

const result = (over: Partial<AgentRunResult>): AgentRunResult => ({
  success: true, response: '', stopReason: 'done', toolCalls: [], filesCreated: [], filesEdited: [], turns: 1, durationMs: 1,
  usage: { requests: 1, promptTokens: 1, completionTokens: 1 }, ...over,
} as AgentRunResult);

test('a streamed reply, a tool card and the final answer land in the transcript and the panel alike', () => {
  const s = setup();
  assert.deepEqual(s.posted, [{ type: 'runState', run: 'running' }]);
  s.presenter.handle({ type: 'turn-start', turn: 1 } as never);
  s.presenter.handle({ type: 'text', delta: '  ' } as never); // leading whitespace alone shows nothing
  s.presenter.handle({ type: 'text', delta: 'Reading ' } as never);
  s.presenter.handle({ type: 'text', delta: 'the file.' } as never);
  s.presenter.handle({ type: 'tool-start', id: 'call1', name: 'read_file', args: { path: 'src/a.ts' }, repairs: ['trailing comma'] } as never);
  s.tick(25);
  s.presenter.handle({ type: 'tool-end', id: 'call1', ok: true, summary: 'src/a.ts (3 lines)' } as never);
  s.presenter.handle({ type: 'text', delta: 'Done' } as never);
  s.presenter.finish(result({ response: 'Done: a.ts has 3 lines.' }));

  const entries = s.transcript.all();
  assert.deepEqual(entries.map((e) => [e.role, e.text]), [['assistant', 'Reading the file.'], ['tool', ''], ['assistant', 'Done: a.ts has 3 lines.']]);
  assert.deepEqual(entries[1]!.tool, { id: 'call1', name: 'read_file', args: 'path: src/a.ts', headline: 'src/a.ts', state: 'ok', repairs: ['trailing comma'], result: 'src/a.ts (3 lines)', durationMs: 25 });
  assert.ok(entries.every((e) => !e.streaming), 'nothing is left streaming');
  assert.deepEqual(s.panel, entries, 'the panel holds what the host holds');
  assert.deepEqual(s.storage.saved, entries, 'and so does workspace state');
  assert.deepEqual(s.forwarded.filter((m) => m.type === 'assistantDelta').map((m) => (m as { delta: string }).delta), ['Reading ', 'the file.', 'Done']);
  assert.deepEqual(s.posted.at(-1), { type: 'runState', run: 'idle' });
});

test('a failed run ends its reply, marks unfinished tools failed and says why', () => {
  const s = setup();
  s.presenter.handle({ type: 'tool-start', id: 'c', name: 'run_command', args: { command: 'npm test' }, repairs: [] } as never);
  s.presenter.finish(result({ success: false, stopReason: 'error', error: 'The server closed the connection.' }));
  const entries = s.transcript.all();
  assert.equal(entries[0]!.tool?.state, 'failed');
  assert.equal(entries[0]!.tool?.result, 'Not finished: the run ended.');
  assert.deepEqual(entries.at(-1), { id: entries.at(-1)!.id, role: 'notice', text: 'The server closed the connection.', level: 'error', action: 'retry' });
});

test('a reply cut at the length limit is followed by a notice that offers Continue', () => {
  const s = setup();
  s.presenter.handle({ type: 'text', delta: 'The first half' } as never);
  s.presenter.finish(result({ response: 'The first half', cut: { tokens: 2048 } }));
  const entries = s.transcript.all();
  assert.deepEqual(entries.map((e) => [e.role, e.text]), [['assistant', 'The first half'], ['notice', 'The reply was cut off at 2,048 tokens.']]);
  assert.equal(entries[1]!.action, 'continue');
  s.presenter.fail('No model server is running.');
  assert.deepEqual(s.transcript.all().at(-1)!.action, 'retry', 'a run that could not start offers Retry too');
});

test('an answer the run does not back is followed by a plain notice saying what is not done', () => {
  const s = setup();
  s.presenter.finish(result({ response: 'Done.', checksFailing: '1 error after the last edit' }));
  s.presenter.finish(result({ response: 'Fixed.', noChanges: true }));
  s.presenter.finish(result({ response: 'Here is how add works.' }));
  assert.deepEqual(s.transcript.all().map((e) => [e.role, e.text, e.level]), [
    ['assistant', 'Done.', undefined],
    ['notice', 'The model said it was done, but the checks still report 1 error after the last edit.', 'warning'],
    ['assistant', 'Fixed.', undefined],
    ['notice', 'The model said it was done, but no file was changed.', 'warning'],
    ['assistant', 'Here is how add works.', undefined],
  ]);
});

test('plan and budget go to the panel, not the transcript; a retry discards the streamed text', () => {
  const s = setup();
  s.presenter.handle({ type: 'text', delta: 'Wrong start' } as never);
  s.presenter.handle({ type: 'retry' } as never);
  s.presenter.handle({ type: 'plan-updated', plan: { steps: [], done: 0, total: 0 } } as never);
  s.presenter.handle({ type: 'budget-updated', report: { window: 4096, used: 1200, sections: [{ name: 'reply', used: 512, limit: 512 }, { name: 'history', used: 300, limit: 900 }], counter: 'estimate' } } as never);
  assert.deepEqual(s.transcript.all().map((e) => e.text), ['']);
  assert.deepEqual(s.posted.slice(1), [
    { type: 'plan', plan: { steps: [], done: 0, total: 0 } },
    { type: 'budget', budget: { window: 4096, used: 1200, replyReserve: 512, counter: 'estimate', sections: [{ name: 'history', used: 300, limit: 900 }] } },
  ]);
});

test('a cut reply whose retry shows no text leaves no empty reply behind, in the transcript or the panel', () => {
  const s = setup();
  s.presenter.handle({ type: 'text', delta: 'Let me re' } as never);
  s.presenter.handle({ type: 'retry' } as never);
  s.presenter.handle({ type: 'tool-start', id: 'c1', name: 'read_file', args: { path: 'a.ts' }, repairs: [] } as never); // the retry went straight to a call
  s.presenter.handle({ type: 'tool-end', id: 'c1', ok: true, summary: 'a.ts (1 line)' } as never);
  s.presenter.handle({ type: 'text', delta: 'It rea' } as never);
  s.presenter.handle({ type: 'retry' } as never);
  s.presenter.finish(result({ response: '' })); // and the final one wrote nothing either
  assert.deepEqual(s.transcript.all().map((e) => e.role), ['tool']);
  assert.deepEqual(s.panel, s.transcript.all());
  assert.deepEqual(s.storage.saved, s.transcript.all());
});

test('a transcript saved mid-stream comes back without the streaming mark', () => {
  const storage = memoryStorage();
  const first = new ChatTranscript(storage);
  first.apply({ type: 'assistantStart', id: 'a1' });
  first.apply({ type: 'assistantDelta', id: 'a1', delta: 'never saved alone' });
  first.add('user', 'next');
  assert.deepEqual(new ChatTranscript(storage).all(), [{ id: 'a1', role: 'assistant', text: 'never saved alone' }, { id: first.all()[1]!.id, role: 'user', text: 'next' }]);
});

test('what workspace state keeps is redacted; the panel keeps the text as typed', async () => {
  const { redactStructured } = await import('../../../src/core/security');
  const storage = memoryStorage();
  const transcript = new ChatTranscript(storage, (entry) => redactStructured(entry) as ChatEntry);
  const key = 'sk-proj-abcdefghijklmnopqrstuvwx1234';
  transcript.add('user', `use the key ${key} for the call`);
  assert.equal(transcript.all()[0]!.text, `use the key ${key} for the call`);
  const saved = JSON.stringify(storage.saved);
  assert.ok(!saved.includes(key), saved);
  assert.match(saved, /use the key .+ for the call/);
});

test('tool cards hold a .env file\'s values neither in the arguments nor in the result; each change redacts only the entry it touched', async () => {
  const storage = memoryStorage();
  let redactions = 0;
  const transcript = new ChatTranscript(storage, (entry) => { redactions += 1; return security.redactStructured(entry) as ChatEntry; });
  const presenter = new RunPresenter(transcript, { post: () => undefined }, security);
  presenter.handle({ type: 'tool-start', id: 'c1', name: 'write_file', args: { path: '.env', content: 'PORT=8080\nDB_PASS=hunter2-quite-long\n' }, repairs: [] });
  presenter.handle({ type: 'tool-end', id: 'c1', name: 'write_file', ok: true, summary: 'Created .env' });
  presenter.handle({ type: 'tool-start', id: 'c2', name: 'read_file', args: { path: '.env' }, repairs: [] });
  presenter.handle({ type: 'tool-end', id: 'c2', name: 'read_file', ok: true, summary: '.env (2 lines):\n1| PORT=8080\n2| DB_PASS=hunter2-quite-long' });
  presenter.handle({ type: 'tool-start', id: 'c3', name: 'run', args: { command: 'curl -H "Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789" https://api.github.com' }, repairs: [] });
  const runCard = transcript.all().at(-1)!.tool!;
  assert.match(runCard.headline ?? '', /^curl -H /, 'the card names the command');
  const saved = JSON.stringify(storage.saved);
  for (const value of ['8080', 'hunter2', 'ghp_abcdef']) assert.ok(!saved.includes(value), `${value} is in workspace state: ${saved}`);
  for (const value of ['hunter2', 'ghp_abcdef']) assert.ok(!JSON.stringify(transcript.all()).includes(value), `the card shown is redacted too (${value})`);
  const before = redactions;
  transcript.add('user', 'next');
  for (let i = 0; i < 5; i++) transcript.apply({ type: i === 0 ? 'assistantStart' : 'assistantEnd', id: 'r1', ...(i === 0 ? {} : { text: `reply ${i}` }) } as TranscriptMessage);
  assert.equal(redactions - before, 6, 'one entry redacted per change, not the whole transcript');
  assert.match(JSON.stringify(storage.saved), /reply 4/);
});

test('a reply that repeats a .env file\'s lines is saved without its values, as the history saves it; the panel keeps the reply as written', async () => {
  const { redactedEntry } = await import('../../../src/node/historyRedaction');
  const storage = memoryStorage();
  const transcript = new ChatTranscript(storage, redactedEntry);
  transcript.add('user', 'I think the signing key is 4f9a8b7c6d5e4f3a2b1c, check');
  const presenter = new RunPresenter(transcript, { post: () => undefined }, security);
  presenter.handle({ type: 'tool-start', id: 'c1', name: 'read_file', args: { path: '"./.env"' }, repairs: [] });
  presenter.handle({ type: 'tool-end', id: 'c1', name: 'read_file', ok: true, summary: '.env (3 lines):\n1| ADMIN_PIN=482913\n2| SMTP_LOGIN=bob:pa55w0rd!\n3| SIGNING=4f9a8b7c6d5e4f3a2b1c' });
  const reply = 'Your .env has:\n```\nADMIN_PIN=482913\nSMTP_LOGIN=bob:pa55w0rd!\nSIGNING=4f9a8b7c6d5e4f3a2b1c\n```';
  presenter.handle({ type: 'text', delta: reply } as never);
  presenter.finish(result({ response: reply }));
  const saved = JSON.stringify(storage.saved);
  for (const value of ['482913', 'pa55w0rd', '4f9a8b7c6d5e4f3a2b1c']) assert.ok(!saved.includes(value), `${value} is in workspace state: ${saved}`);
  assert.match(saved, /ADMIN_PIN=\[REDACTED\]/);
  assert.match(saved, /"role":"assistant"/, 'roles and ids are kept');
  assert.equal(transcript.all().at(-1)!.text, reply);
});

test('a stopped run says which files it already changed (an edit accepted before Stop stays written); none, that nothing was written', () => {
  const s = setup();
  s.presenter.handle({ type: 'edit-accepted', path: 'src/math.js', created: false, partial: true } as never);
  s.presenter.finish(result({ success: false, stopReason: 'cancelled', error: 'Cancelled.' }));
  const notice = s.transcript.all().at(-1)!;
  assert.equal(notice.text, 'Stopped. This run already changed src/math.js; those changes stay in your files ("Undo this run" takes them back).');
  assert.equal(notice.action, 'retry');
  const quiet = setup();
  quiet.presenter.stopped();
  assert.equal(quiet.transcript.all().at(-1)!.text, 'Stopped. No partial edit was written.');
});

test('a failed command\'s card keeps the end of its output too (where the error is), a long successful one only its start', () => {
  const s = setup();
  const output = Array.from({ length: 80 }, (_, i) => `PASS tests/unit/case${i}.test.ts`).join('\n');
  const failed = `$ npm test\nexit code 1\n${output}\nFAIL tests/auth.test.ts\n  AssertionError: expected PelicanWidget to render`;
  s.presenter.handle({ type: 'tool-start', id: 'c1', name: 'run', args: { command: 'npm test' }, repairs: [] } as never);
  s.presenter.handle({ type: 'tool-end', id: 'c1', name: 'run', ok: false, summary: `${failed.slice(0, 2000)}…`, content: failed } as never);
  s.presenter.handle({ type: 'tool-start', id: 'c2', name: 'run', args: { command: 'npm test' }, repairs: [] } as never);
  s.presenter.handle({ type: 'tool-end', id: 'c2', name: 'run', ok: true, summary: `$ npm test\nexit code 0\n${output}`.slice(0, 2000), content: `$ npm test\nexit code 0\n${output}` } as never);
  const [bad, good] = s.transcript.all().map((e) => e.tool!.result!);
  assert.ok(bad.startsWith('$ npm test\nexit code 1\nPASS'), 'the command and its status lead');
  assert.ok(bad.endsWith('AssertionError: expected PelicanWidget to render'), 'the error at the end is in the card');
  assert.ok(bad.length <= 620, `about the card's usual size (${bad.length})`);
  assert.ok(good.length <= 600 && !good.includes('case79'), 'a successful command keeps its start');
});

test('a failed command\'s card is redacted before it is cut: a token where the kept end begins is hidden, not kept in part; the end starts at a line', () => {
  const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
  for (const shift of [0, 10, 20, 30]) {
    const s = setup();
    const end = `error: auth failed for ${token}\nhint: check the token\n${'x'.repeat(240)}\nfatal: 401`;
    // the token straddles where the last 300 characters begin
    const lead = `$ git push\nexit code 128\n${'remote: working\n'.repeat(60)}`;
    const failed = `${lead}${'y'.repeat(shift)} ${end}`;
    s.presenter.handle({ type: 'tool-start', id: 'c', name: 'run', args: { command: 'git push' }, repairs: [] } as never);
    s.presenter.handle({ type: 'tool-end', id: 'c', name: 'run', ok: false, summary: failed.slice(0, 2000), content: failed } as never);
    const shown = s.transcript.all()[0]!.tool!.result!;
    for (let k = 0; k + 8 <= token.length; k++) assert.ok(!shown.includes(token.slice(k, k + 8)), `no piece of the token (shift ${shift}): ${shown.slice(-320)}`);
    assert.match(shown, /…(?:[^\n]*\n)*fatal: 401$/);
    const kept = shown.slice(shown.lastIndexOf('…') + 1);
    assert.ok(security.redactSecrets(failed).endsWith(`\n${kept}`), `the kept end begins at a line: ${JSON.stringify(kept.slice(0, 40))}`);
  }
});

test('a failed card keeps an error line longer than its end, not only the short line after it', () => {
  const s = setup();
  const error = `src/app.ts(12,5): error TS2345: Argument of type '${'{ a: string; b: number }'.repeat(12)}' is not assignable to parameter of type 'Options'.`;
  const failed = `$ npx tsc\nexit code 2\n${'src/x.ts: checked\n'.repeat(50)}${error}\nFound 1 error.`;
  s.presenter.handle({ type: 'tool-start', id: 'c', name: 'run', args: { command: 'npx tsc' }, repairs: [] } as never);
  s.presenter.handle({ type: 'tool-end', id: 'c', name: 'run', ok: false, summary: failed.slice(0, 2000), content: failed } as never);
  const shown = s.transcript.all()[0]!.tool!.result!;
  assert.match(shown, /is not assignable to parameter of type 'Options'\.\nFound 1 error\.$/);
  const kept = shown.slice(shown.lastIndexOf('…') + 1);
  assert.ok(kept.length > 200, `most of the end is kept (${kept.length})`);
  assert.ok(failed.endsWith(kept) && /\s/.test(failed[failed.length - kept.length - 1]!), `cut at a word's start: ${JSON.stringify(kept.slice(0, 30))}`);
});
