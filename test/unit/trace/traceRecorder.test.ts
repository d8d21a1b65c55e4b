// The trace of a scripted run: what the model saw is kept, redacted; repairs, tokens, timings and the
// detail sections are there. The model's own view is never redacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, runSession } from '../agent/helpers';
import { TraceRecorder } from '../../../src/core/trace';

const KEY = 'sk-proj-Abc123def456GHI789jkl012MNO345pqr';
const PASSWORD = 'hunter2-very-secret';

async function tracedRun() {
  const recorder = new TraceRecorder({ id: 'run1', task: `Fix the config (db password=${PASSWORD})`, model: 'smollm3-3b' });
  const s = await runSession(`Fix the config (db password=${PASSWORD})`, [
    { text: hermes('read_file', { path: '.env' }) },
    // the trailing comma is repaired by the parser
    { text: '<tool_call>\n{"name": "patch", "arguments": {"path": "src/a.ts", "search": "1", "replace": "2",}}\n</tool_call>' },
    { text: 'Done: a is 2 now.' },
  ], {
    files: { '.env': `OPENAI_API_KEY=${KEY}\nDEBUG=1\n`, 'src/a.ts': 'export const a = 1;\n' },
    onAgent: (agent) => { recorder.attach(agent); },
  });
  return { s, recorder };
}

test('a secret the model read is in its request but nowhere in the trace', async () => {
  const { s, recorder } = await tracedRun();
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.ok(s.sent(1).includes(KEY), 'the model saw the real key');
    const json = JSON.stringify(recorder.toJSON());
    assert.ok(!json.includes(KEY), 'the key is not in the trace');
    assert.ok(!json.includes(PASSWORD), 'the password in the task is not in the trace');
    assert.ok(json.includes('[REDACTED]'));
    assert.match(json, /OPENAI_API_KEY=\[REDACTED\]/, 'the redacted read is still recognisable');
  } finally {
    cleanup(s.root);
  }
});

test('repairs, tokens, timings and tool results are recorded per turn', async () => {
  const { s, recorder } = await tracedRun();
  try {
    const trace = recorder.toJSON();
    assert.equal(trace.turns.length, 3);
    assert.equal(trace.end?.stopReason, 'done');
    const [read, patch, answer] = trace.turns;
    assert.deepEqual(read!.reply!.repairs, []);
    assert.ok(patch!.reply!.repairs.some((r) => /trailing comma/.test(r)), JSON.stringify(patch!.reply!.repairs));
    assert.deepEqual(patch!.tools[0]!.repairs, patch!.reply!.repairs, 'the call carries its reply\'s repairs');
    assert.equal(patch!.tools[0]!.ok, true);
    assert.equal(read!.tools[0]!.name, 'read_file');
    assert.match(read!.tools[0]!.result!, /OPENAI_API_KEY=\[REDACTED\]/);
    for (const t of trace.turns) {
      assert.ok(t.request!.promptTokens > 0 && t.request!.maxTokens > 0);
      assert.ok(t.request!.messages.length >= 2);
      assert.ok(t.reply!.usage && t.reply!.usage.completionTokens > 0, 'usage from the server');
      assert.ok(t.reply!.durationMs >= 0 && t.durationMs !== undefined);
    }
    assert.ok(read!.tools[0]!.durationMs! >= 0);
    assert.equal(answer!.reply!.calls.length, 0);
    assert.equal(trace.totals.requests, 3);
    assert.equal(trace.totals.toolCalls, 2);
    assert.ok(trace.totals.repairs >= 1);
    assert.ok(trace.totals.completionTokens > 0 && trace.totals.promptTokens > 0);

    const summaries = recorder.summaries();
    assert.deepEqual(summaries.map((x) => x.id), ['run1:1', 'run1:2', 'run1:3']);
    assert.ok(summaries.every((x) => !x.current), 'a finished run has no current turn');
    assert.ok(summaries[1]!.repairs >= 1 && summaries[1]!.calls === 1);
    assert.ok(!summaries[0]!.label.includes(PASSWORD));

    const titles = recorder.detail(2)!.map((x) => x.title).slice(0, 5); // then Notes (the checks after the edit)
    assert.deepEqual(titles, ['Request', 'Reply', 'Parsed calls', 'Repairs', 'Tool results']);
    const detail = recorder.detail(2)!.map((x) => x.text).join('\n');
    assert.match(detail, /trailing comma/);
    assert.ok(!detail.includes(KEY));
    assert.equal(recorder.detail(9), undefined);
  } finally {
    cleanup(s.root);
  }
});

test('the events carry the request, the reply and the repairs of each call', async () => {
  const { s } = await tracedRun();
  try {
    const requests = s.events.filter((e) => e.type === 'request');
    const replies = s.events.filter((e) => e.type === 'reply');
    assert.equal(requests.length, 3);
    assert.equal(replies.length, 3);
    const first = requests[0]!;
    assert.equal(first.turn, 1);
    assert.ok(['native', 'text'].includes(first.mode));
    const starts = s.events.filter((e) => e.type === 'tool-start');
    assert.deepEqual(starts[0]!.repairs, []);
    assert.ok(starts[1]!.repairs.some((r) => /trailing comma/.test(r)));
    assert.deepEqual(replies[1]!.calls.map((c) => c.name), ['patch']);
    assert.match(replies[1]!.text, /"replace": "2",\}/, 'the raw reply, as received');
  } finally {
    cleanup(s.root);
  }
});

test('a long text is capped with a note; a running run marks its last turn current', () => {
  let now = 1000;
  const recorder = new TraceRecorder({ id: 'r', task: 't', model: 'm', now: () => now, maxChars: 100 });
  recorder.handle({ type: 'turn-start', turn: 1 });
  recorder.handle({ type: 'request', turn: 1, messages: [{ role: 'user', content: 'x'.repeat(500) }], maxTokens: 10, promptTokens: 5, mode: 'text' });
  now += 250;
  const trace = recorder.toJSON();
  assert.match(trace.turns[0]!.request!.messages[0]!.content, /^x{100}\n… \[trace: 400 more characters not kept\]$/);
  const [summary] = recorder.summaries();
  assert.equal(summary!.current, true);
  assert.equal(summary!.durationMs, 250);
  assert.equal(summary!.promptTokens, 5, 'the budgeted count until the server reports one');
  assert.equal(recorder.detail(1)![1]!.text, 'No reply.');
});

test('secrets written through tools are nowhere in the trace: escaped newlines, prose, flags, memory', async () => {
  const secrets = ['wr1teF1leSecret', 'pr0sePassw0rd', 'fl4gT0kenValue', 'mem0ryS3cret', 'env-v4lue-9'];
  const recorder = new TraceRecorder({ id: 'run2', task: 'Set up the config.', model: 'smollm3-3b' });
  const s = await runSession('Set up the config.', [
    { text: hermes('write_file', { path: 'config.ini', content: `[db]\nhost=localhost\npassword=${secrets[0]}\n` }) },
    { text: `The admin password is ${secrets[1]}.\n${hermes('run', { command: `deploy --token ${secrets[2]}` })}` },
    { text: hermes('memory_remember', { key: 'db', value: `password=${secrets[3]}` }) },
    { text: hermes('write_file', { path: '.env', content: `DEPLOY_TOKEN=${secrets[4]}\n` }) },
    { text: 'Done.' },
  ], { onAgent: (agent) => { recorder.attach(agent); } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    const json = JSON.stringify(recorder.toJSON());
    for (const secret of secrets) assert.ok(!json.includes(secret), `${secret} is in the trace`);
    assert.match(json, /password=\[REDACTED\]/);
  } finally {
    cleanup(s.root);
  }
});

test('a turn\'s time leaves out the time it waited for the user\'s review; a turn with no reply says so', () => {
  let now = 0;
  const recorder = new TraceRecorder({ id: 'run2', task: 'Fix it', model: 'm', now: () => now });
  const result = { response: '', toolCalls: [], filesCreated: [], filesEdited: [], usage: { promptTokens: 0, completionTokens: 0, requests: 1 }, durationMs: 0, turns: 2, success: false, stopReason: 'cancelled' as const };
  recorder.handle({ type: 'turn-start', turn: 1 });
  recorder.handle({ type: 'reply', turn: 1, text: 'patching', finishReason: 'stop', durationMs: 800, calls: [{ name: 'patch', args: {} }], repairs: [] });
  now = 1_000;
  recorder.handle({ type: 'tool-start', id: 'c1', name: 'patch', args: {}, repairs: [] });
  recorder.handle({ type: 'edit-proposed', path: 'a.ts', original: 'a', proposed: 'b', hunks: [] });
  now = 61_000; // a minute reading the diff
  assert.equal(recorder.summaries()[0]!.durationMs, 1_000, 'the review in progress is not the turn\'s time');
  recorder.handle({ type: 'edit-accepted', path: 'a.ts', created: false, partial: false });
  now = 61_500;
  recorder.handle({ type: 'tool-end', id: 'c1', name: 'patch', ok: true, summary: 'ok' });
  recorder.handle({ type: 'turn-start', turn: 2 });
  now = 62_000; // stopped before a reply arrived
  recorder.handle({ type: 'done', result });
  const [first, second] = recorder.summaries();
  assert.equal(first!.durationMs, 1_500);
  assert.equal(recorder.toJSON().turns[0]!.userWaitMs, 60_000);
  assert.equal(second!.durationMs, 500);
  assert.equal(recorder.detail(2)!.find((s) => s.title === 'Parsed calls')!.text, 'None: no reply arrived (the turn was stopped or failed).');
  assert.equal(recorder.detail(1)!.find((s) => s.title === 'Parsed calls')!.text, 'patch {}');
});

const ENV_VALUES = ['482913', 'bob:pa55w0rd!', '4f9a8b7c6d5e4f3a2b1c'];
const ENV_FILE = `ADMIN_PIN=${ENV_VALUES[0]}\nSMTP_LOGIN=${ENV_VALUES[1]}\nSIGNING=${ENV_VALUES[2]}\n`;

test('a .env file\'s values are nowhere in the trace: not in the tool result, the requests after, nor the reply that repeats them', async () => {
  const recorder = new TraceRecorder({ id: 'run3', task: 'What is in my env?', model: 'smollm3-3b' });
  const s = await runSession('What is in my env?', [
    // the path as a small model writes it: quoted, with ./
    { text: hermes('read_file', { path: '"./.env"' }) },
    { text: `Your .env has:\n\`\`\`\n${ENV_FILE}\`\`\`\nThe PIN is ${ENV_VALUES[0]}.` },
  ], { files: { '.env': ENV_FILE }, onAgent: (agent) => { recorder.attach(agent); } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.ok(s.sent(1).includes(ENV_VALUES[2]!), 'the model saw the real values');
    const trace = recorder.toJSON();
    const json = JSON.stringify(trace);
    for (const value of ENV_VALUES) assert.ok(!json.includes(JSON.stringify(value).slice(1, -1)), `${value} is in the trace`);
    assert.match(trace.turns[0]!.tools[0]!.result!, /ADMIN_PIN=\[REDACTED\]/, 'the redacted read is still recognisable');
    assert.match(trace.turns[1]!.reply!.text, /The PIN is \[REDACTED\]\./);
    assert.ok(recorder.detail(2)!.every((section) => !ENV_VALUES.some((v) => section.text.includes(v))), 'nor in the panel\'s detail');
  } finally {
    cleanup(s.root);
  }
});

test('a value found secret late is hidden in the turns before it; recorders sharing a set carry it to the next run', () => {
  const known = new Set<string>();
  const first = new TraceRecorder({ id: 'a', task: 'hi', model: 'm', known });
  first.handle({ type: 'turn-start', turn: 1 });
  first.handle({ type: 'reply', turn: 1, text: `I will check whether ${ENV_VALUES[2]} is the signing key.`, finishReason: 'stop', durationMs: 1, calls: [], repairs: [] });
  first.handle({ type: 'turn-start', turn: 2 });
  first.handle({ type: 'tool-start', id: 'c1', name: 'read_file', args: { path: 'config\\prod.env' }, repairs: [] });
  first.handle({ type: 'tool-end', id: 'c1', name: 'read_file', ok: true, summary: ENV_FILE.replace(/^/gm, '1| ') });
  const json = JSON.stringify(first.toJSON());
  for (const value of ENV_VALUES) assert.ok(!json.includes(JSON.stringify(value).slice(1, -1)), `${value} is in the first trace`);
  assert.match(json, /whether \[REDACTED\] is the signing key/);
  assert.match(json, /"id":"a"/, 'names and ids are not scrubbed');

  const second = new TraceRecorder({ id: 'b', task: `Is ${ENV_VALUES[0]} still the PIN?`, model: 'm', known });
  assert.equal(second.toJSON().task, 'Is [REDACTED] still the PIN?');
});

test('a model without native tools (text protocol): a .env file read is hidden in the requests after it too, its plain values and those past the 2,000 characters of the call\'s summary', async () => {
  // a login that is no credential by its look, and a random key after the summary's cut
  const filler = Array.from({ length: 60 }, (_, i) => `SETTING_${i}=value_number_${i}_of_the_file`).join('\n');
  const env = `MAIL_LOGIN=mysupersecret12\n${filler}\nSERVICE_ID=Hq72kLmn99PxAz\n`;
  assert.ok(env.indexOf('Hq72kLmn99PxAz') > 2000);
  const recorder = new TraceRecorder({ id: 'run4', task: 'Check my env', model: 'gemma-3-4b' });
  const s = await runSession('Check my env', [
    { text: '```json\n{"name": "read_file", "arguments": {"path": ".env"}}\n```' },
    { text: 'It holds 62 settings.' },
  ], { model: 'gemma-3-4b', files: { '.env': env }, onAgent: (agent) => { recorder.attach(agent); } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.ok(s.sent(1).includes('mysupersecret12') && s.sent(1).includes('Hq72kLmn99PxAz'), 'the model saw them');
    const trace = recorder.toJSON();
    assert.equal(trace.turns[1]!.request!.mode, 'text');
    assert.match(trace.turns[1]!.request!.messages.map((m) => m.content).join('\n'), /read_file result:\n[^]*MAIL_LOGIN=\[REDACTED\]/, 'shown as the text protocol sent it');
    const json = JSON.stringify(trace);
    for (const value of ['mysupersecret12', 'Hq72kLmn99PxAz', 'value_number_7_of_the_file']) assert.ok(!json.includes(value), `${value} is in the trace`);
  } finally {
    cleanup(s.root);
  }
});

test('a value of a .env file is learned from the whole result, not the head a trace keeps of it: a reply that repeats one is scrubbed', () => {
  const env = `${'# comment line\n'.repeat(20)}SIGNING=4f9a8b7c6d5e4f3a2b1c\n`;
  const recorder = new TraceRecorder({ id: 'run5', task: 'Check', model: 'm', maxChars: 100 });
  recorder.handle({ type: 'turn-start', turn: 1 });
  recorder.handle({ type: 'tool-start', id: 'c1', name: 'read_file', args: { path: '.env' }, repairs: [] });
  recorder.handle({ type: 'tool-end', id: 'c1', name: 'read_file', ok: true, summary: env.slice(0, 100), content: env });
  recorder.handle({ type: 'turn-start', turn: 2 });
  recorder.handle({ type: 'reply', turn: 2, text: 'The signing value is 4f9a8b7c6d5e4f3a2b1c.', finishReason: 'stop', durationMs: 1, calls: [], repairs: [] });
  const json = JSON.stringify(recorder.toJSON());
  assert.ok(!json.includes('4f9a8b7c6d5e4f3a2b1c'), json);
});

test('a reply sent back as the model wrote it (text protocol) is traced as it was sent, its secrets hidden', async () => {
  const recorder = new TraceRecorder({ id: 'run6', task: 'Check my env', model: 'gemma-3-4b' });
  const written = 'The login is 4f9a8b7c6d5e4f3a2b1c.\n<tool_call>{"name":"read_file","arguments":{"path":"a.ts"}}</tool_call>';
  const s = await runSession('Check my env', [
    { text: '<tool_call>{"name": "read_file", "arguments": {"path": ".env"}}</tool_call>' },
    { text: written },
    { text: 'Done.' },
  ], { model: 'gemma-3-4b', files: { '.env': 'SIGNING=4f9a8b7c6d5e4f3a2b1c\n', 'a.ts': 'export {};\n' }, onAgent: (agent) => { recorder.attach(agent); } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.ok(s.sent(2).includes(JSON.stringify(written).slice(1, -1)), 'the model got its reply back as written');
    const trace = recorder.toJSON();
    const replied = trace.turns[2]!.request!.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    assert.deepEqual(replied.at(-1), written.replace('4f9a8b7c6d5e4f3a2b1c', '[REDACTED]'));
    assert.ok(!JSON.stringify(trace).includes('4f9a8b7c6d5e4f3a2b1c'));
  } finally {
    cleanup(s.root);
  }
});
