// The host's transcript as it is loaded after a crash or reload, and as a conversation is shown anew:
// nothing in it still looks alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatTranscript, TOOL_INTERRUPTED, type TranscriptStorage } from '../../../src/extension/chatTranscript';
import type { ChatEntry } from '../../../src/shared/chatProtocol';

function storage(saved: ChatEntry[] = []): TranscriptStorage {
  const data = new Map<string, unknown>([['smallcode.transcript', saved]]);
  return { get: <T>(key: string, fallback: T) => (data.has(key) ? structuredClone(data.get(key)) as T : fallback), update: async (key, value) => { data.set(key, structuredClone(value)); } };
}

const approval = (id: string, state: 'pending' | 'approved'): ChatEntry => ({ id, role: 'approval', text: '', approval: { command: 'npm test', warnings: [], state } });
const states = (t: ChatTranscript) => t.all().map((e) => [e.id, e.approval?.state ?? (e.streaming ? 'streaming' : 'done')]);

test('a window that crashed while a command waited for approval reloads with the card withdrawn, not with live Run/Skip', () => {
  const transcript = new ChatTranscript(storage([
    approval('a1', 'approved'),
    { id: 'r1', role: 'assistant', text: 'Running the tes', streaming: true },
    approval('a2', 'pending'),
  ]));
  assert.deepEqual(states(transcript), [['a1', 'approved'], ['r1', 'done'], ['a2', 'cancelled']]);
});

test('a conversation shown anew (opened from the history) has no card waiting for an answer', () => {
  const transcript = new ChatTranscript(storage());
  transcript.show([approval('a1', 'pending'), { id: 'r1', role: 'assistant', text: 'half', streaming: true }]);
  assert.deepEqual(states(transcript), [['a1', 'cancelled'], ['r1', 'done']]);
});

test('a window that closed while a tool ran reloads with that card over (failed, saying why), not spinning', () => {
  const card = (id: string, state: 'running' | 'ok'): ChatEntry => ({ id, role: 'tool', text: '', tool: { id, name: 'read_file', args: 'path: a.ts', state, repairs: [], ...(state === 'ok' ? { result: '12 lines' } : {}) } });
  const transcript = new ChatTranscript(storage([card('t1', 'ok'), card('t2', 'running')]));
  assert.deepEqual(transcript.all().map((e) => [e.id, e.tool?.state, e.tool?.result]), [['t1', 'ok', '12 lines'], ['t2', 'failed', TOOL_INTERRUPTED]]);
  transcript.show([card('t3', 'running')]);
  assert.deepEqual(transcript.all().map((e) => [e.id, e.tool?.state]), [['t3', 'failed']]);
});
