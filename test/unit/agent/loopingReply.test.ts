// A reply that falls into a loop is stopped while it streams (the server stops generating when the
// client hangs up), kept as what came before the loop, and answered with a note that says what happened;
// calls in it that change files are not run; a second loop in one task ends the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, hermes, runSession } from './helpers';
import { LOOP_STOP } from '../../../src/core/agent/loopNotes';

const messagesOf = (body: any): { role: string; content: string }[] => body?.messages ?? [];

for (const emulate of ['llamacpp', 'ollama'] as const) test(`${emulate}: a looping answer is stopped as it streams; the model is told and answers again`, async () => {
  let looping = 0;
  const session = await runSession('What does the parser do?', (_req, i) => {
    if (i === 0) { looping++; return { endless: { before: 'The parser reads ', text: 'the tokens and ' } }; }
    return { text: 'It reads tokens into a tree.' };
  }, { toolMode: 'native', server: { emulate, models: ['smollm3-3b'] } });
  try {
    assert.equal(looping, 1);
    assert.equal(session.result.success, true, session.result.error);
    assert.equal(session.result.response, 'It reads tokens into a tree.');
    const warning = session.events.find((e) => e.type === 'warning' && (e as any).source === 'loop') as any;
    assert.ok(warning, 'the user is told');
    assert.match(warning.message, /kept writing the same text \("(the tokens and|tokens and the|and the tokens)"/);
    const second = messagesOf(session.server.chatRequests[1]?.body);
    const answered = second.find((m) => m.role === 'assistant');
    assert.ok(answered && answered.content.length < 60, `the looping reply is sent back without its loop: ${JSON.stringify(answered?.content)}`);
    assert.match(answered.content, /^The parser reads (the tokens and ?)+/);
    assert.match(JSON.stringify(second.at(-1)), /Your reply was stopped: it kept writing the same text/);
  } finally {
    cleanup(session.root);
  }
});

test('a file whose content loops in a native call is not written; a second loop ends the run', async () => {
  const args = (text: string) => ({ index: 0, function: { arguments: text } });
  const loopingCall = [
    { index: 0, id: 'call_1', type: 'function', function: { name: 'write_file', arguments: '{"path": "notes.txt", "content": "' } },
    ...Array.from({ length: 400 }, () => args('again and again\\n')),
    args('"}'),
  ];
  const session = await runSession('Write notes.txt', (_req, i) => (i < 2 ? { toolCallDeltas: loopingCall, finishReason: 'tool_calls' } : { text: 'Done.' }), { toolMode: 'native' });
  try {
    assert.equal(session.result.success, false);
    assert.equal(session.result.stopReason, 'governor');
    assert.equal(session.result.error ?? session.result.response, LOOP_STOP);
    assert.equal(existsSync(join(session.root, 'notes.txt')), false, 'nothing was written');
    assert.equal(session.server.chatRequests.length, 2);
    assert.match(JSON.stringify(messagesOf(session.server.chatRequests[1]?.body).at(-1)), /Your reply was stopped: it kept writing the same text/);
  } finally {
    cleanup(session.root);
  }
});

test('in the text protocol, a looping reply after a call holds the call back', async () => {
  const call = hermes('write_file', { path: 'a.txt', content: 'hello\n' });
  const session = await runSession('Write a.txt', (_req, i) => (i === 0 ? { endless: { before: `${call}\n\nNow I will check it. `, text: 'Checking again. ' } } : { text: 'I stopped.' }), { toolMode: 'text' });
  try {
    assert.equal(session.result.success, true, session.result.error);
    assert.equal(existsSync(join(session.root, 'a.txt')), false, 'the write in a looping reply is held back');
    assert.match(session.sent(1), /Not run: your reply was stopped because it kept repeating itself/);
  } finally {
    cleanup(session.root);
  }
});

test('native calls written whole before the loop stay: a read before a looping write runs, the write does not', async () => {
  const looping = [
    { index: 0, id: 'call_r', type: 'function', function: { name: 'read_file', arguments: '{"path": "a.txt"}' } },
    { index: 1, id: 'call_w', type: 'function', function: { name: 'write_file', arguments: '{"path": "b.txt", "content": "' } },
    ...Array.from({ length: 500 }, () => ({ index: 1, function: { arguments: 'again and again\\n' } })),
    { index: 1, function: { arguments: '"}' } },
  ];
  const session = await runSession('Copy a.txt', (_req, i) => (i === 0 ? { toolCallDeltas: looping, finishReason: 'tool_calls' } : { text: 'Read it.' }), { toolMode: 'native', files: { 'a.txt': 'alpha\n' } });
  try {
    assert.equal(session.result.success, true, session.result.error);
    assert.deepEqual(session.result.toolCalls.map((c) => c.name), ['read_file']);
    assert.equal(existsSync(join(session.root, 'b.txt')), false);
    assert.match(session.sent(1), /alpha/, 'the read ran and its result was sent');
  } finally {
    cleanup(session.root);
  }
});
