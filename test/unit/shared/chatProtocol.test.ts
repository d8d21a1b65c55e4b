// The chat protocol: every declared message passes its guard in a valid form and fails it when broken,
// the host's handler table gets each message (a request's answer goes back with its id), and
// applyToTranscript means the same on both sides, within the one cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyToTranscript, dispatchToHost, isHostToWebview, isTranscriptMessage, isWebviewToHost,
  HOST_TO_WEBVIEW, MAX_TRANSCRIPT_ENTRIES, paintedTail, WEBVIEW_TO_HOST,
  type ChatEntry, type HostHandlers, type HostToWebview, type ToolCardView, type WebviewToHost,
} from '../../../src/shared/chatProtocol';

const connection = { status: 'ready', model: 'qwen2.5-coder-7b', endpoint: 'http://127.0.0.1:1234/v1' } as const;
const tool: ToolCardView = { id: 'c1', name: 'read_file', args: 'path: "a.ts"', state: 'running', repairs: [] };

/** A valid example of every message, and a broken copy of each that has fields. */
const TO_HOST: WebviewToHost[] = [
  { type: 'ready' }, { type: 'send', text: 'hi', mentions: [{ kind: 'file', value: 'a.ts' }] }, { type: 'newChat' },
  { type: 'connectionAction', action: 'retry' }, { type: 'stop' }, { type: 'slashCommand', name: 'plan', args: 'add a flag' },
  { type: 'mentionQuery', id: 3, query: 'ma' }, { type: 'openTrace', id: 't1' }, { type: 'exportTrace' },
  { type: 'openLink', url: 'https://example.com' }, { type: 'editAction', action: 'acceptAll' },
  { type: 'approvalDecision', id: 'ap1', choice: 'always' },
  { type: 'entryAction', action: 'edit', id: 'u1', text: 'Fix it differently' }, { type: 'historyQuery', query: 'loop' },
  { type: 'historyAction', action: 'rename', id: 'c1', title: 'Loop fix' },
  { type: 'undoRun', id: 'checkpoint-1' },
  { type: 'codeBlockAction', action: 'apply', code: 'x = 1', info: 'py src/a.py', before: '**src/a.py**' },
];
const BROKEN_TO_HOST: unknown[] = [
  { type: 'send', text: 3 }, { type: 'send', text: 'hi', mentions: [{ kind: 'folder', value: 'a' }] },
  { type: 'connectionAction', action: 'reboot' }, { type: 'slashCommand', name: 'rm', args: '' },
  { type: 'mentionQuery', query: 'ma' }, { type: 'openTrace' }, { type: 'exportTrace', id: 5 },
  { type: 'openLink', url: 'javascript:alert(1)' }, { type: 'editAction', action: 'acceptSome' },
  { type: 'approvalDecision', id: 'ap1', choice: 'maybe' }, { type: 'approvalDecision', choice: 'run' },
  { type: 'undoRun' }, { type: 'codeBlockAction', action: 'run', code: 'x', info: '' }, { type: 'codeBlockAction', action: 'insert', code: 'x' },
  { type: 'entryAction', action: 'edit', id: 'u1' }, { type: 'entryAction', action: 'undo', id: 'u1' },
  { type: 'historyAction', action: 'rename', id: 'c1' }, { type: 'historyQuery' },
  { type: 'unknown' }, null, 'ready', { type: 'traces', traces: [] },
];
const TO_WEBVIEW: HostToWebview[] = [
  { type: 'state', state: { entries: [{ id: 'u1', role: 'user', text: 'hi' }], connection } }, { type: 'focusInput' },
  { type: 'connection', connection }, { type: 'runState', run: 'running' },
  { type: 'plan', plan: { steps: [{ id: 1, text: 'Read', state: 'done' }], done: 1, total: 1 } }, { type: 'plan', plan: null },
  { type: 'budget', budget: { window: 8192, used: 4000, replyReserve: 1024, sections: [{ name: 'system', used: 900 }] } },
  { type: 'traces', traces: [{ id: 't1', turn: 1, promptTokens: 10, completionTokens: 5, durationMs: 40, calls: 1, repairs: 0 }] },
  { type: 'traceDetail', detail: { id: 't1', turn: 1, sections: [{ title: 'Request', text: '…' }] } },
  { type: 'pendingEdits', pending: { count: 2, files: ['a.ts'] } },
  { type: 'history', history: { items: [{ id: 'c1', title: 'Fix the loop', updatedAt: '2026-12-05T15:00:00.000Z', model: 'qwen2.5-coder-7b' }], query: '', current: 'c1', warnings: [] }, show: true },
  { type: 'mentionResults', id: 3, items: [{ kind: 'file', value: 'src/main.ts', detail: 'src', matches: [0] }] },
  { type: 'entry', entry: { id: 'n1', role: 'notice', text: '**careful**', level: 'warning', action: 'retry', markdown: true } },
  { type: 'entry', entry: { id: 'ap1', role: 'approval', text: '', approval: { command: 'npm test', warnings: [], state: 'pending' } } },
  { type: 'entry', entry: { id: 'cp1', role: 'checkpoint', text: '', checkpoint: { files: [{ path: 'a.ts', change: 'created' }], state: 'available' } } },
  { type: 'assistantStart', id: 'a1' }, { type: 'assistantDelta', id: 'a1', delta: 'Hel' }, { type: 'assistantDiscard', id: 'a1' },
  { type: 'assistantEnd', id: 'a1', text: 'Hello' }, { type: 'toolStart', tool },
  { type: 'toolEnd', id: 'c1', ok: true, result: '3 lines', durationMs: 12 },
];
const BROKEN_TO_WEBVIEW: unknown[] = [
  { type: 'state', state: { entries: [{ id: 'x', role: 'robot', text: '' }], connection } },
  { type: 'state', state: { entries: [], connection: { status: 'sleeping', model: '', endpoint: '' } } },
  { type: 'runState', run: 'paused' }, { type: 'plan', plan: { steps: [{ id: 1, text: 'x', state: 'maybe' }], done: 0, total: 1 } },
  { type: 'budget', budget: { window: '8k', used: 1, replyReserve: 1, sections: [] } },
  { type: 'mentionResults', items: [] }, { type: 'entry', entry: { id: 't', role: 'tool', text: '' } },
  { type: 'entry', entry: { id: 'ap', role: 'approval', text: '' } }, { type: 'entry', entry: { id: 'cp', role: 'checkpoint', text: '' } },
  { type: 'entry', entry: { id: 'cp', role: 'checkpoint', text: '', checkpoint: { files: [{ path: 'a.ts', change: 'moved' }], state: 'available' } } },
  { type: 'entry', entry: { id: 'ap', role: 'approval', text: '', approval: { command: 'ls', warnings: [], state: 'granted' } } },
  { type: 'entry', entry: { id: 'n1', role: 'notice', text: 'x', action: 'undo' } }, { type: 'entry', entry: { id: 'n2', role: 'notice', text: 'x', markdown: 'yes' } }, { type: 'history', history: { items: [{ id: 'c1' }], query: '', warnings: [] } },
  { type: 'assistantDelta', id: 'a1' }, { type: 'toolEnd', id: 'c1', ok: 'yes', result: '', durationMs: 1 },
  { type: 'send', text: 'hi' },
];

test('every message the webview may send passes its guard, and broken ones fail', () => {
  assert.deepEqual(new Set(TO_HOST.map((m) => m.type)), new Set(WEBVIEW_TO_HOST.map((d) => d.type)), 'an example for every declared message');
  for (const message of TO_HOST) assert.ok(isWebviewToHost(message), JSON.stringify(message));
  for (const message of BROKEN_TO_HOST) assert.equal(isWebviewToHost(message), false, JSON.stringify(message));
});

test('every message the host may send passes its guard, and broken ones fail', () => {
  assert.deepEqual(new Set(TO_WEBVIEW.map((m) => m.type)), new Set(HOST_TO_WEBVIEW.map((d) => d.type)), 'an example for every declared message');
  for (const message of TO_WEBVIEW) assert.ok(isHostToWebview(message), JSON.stringify(message));
  for (const message of BROKEN_TO_WEBVIEW) assert.equal(isHostToWebview(message), false, JSON.stringify(message));
  assert.deepEqual(TO_WEBVIEW.filter(isTranscriptMessage).map((m) => m.type), ['entry', 'entry', 'entry', 'assistantStart', 'assistantDelta', 'assistantDiscard', 'assistantEnd', 'toolStart', 'toolEnd']);
});

function recordingHandlers(seen: WebviewToHost[]): HostHandlers {
  const record = (message: WebviewToHost) => { seen.push(message); };
  return {
    ready: record, send: record, newChat: record, connectionAction: record, stop: record, slashCommand: record,
    openTrace: record, exportTrace: record, openLink: record, editAction: record, approvalDecision: record,
    entryAction: record, historyQuery: record, historyAction: record, undoRun: record, codeBlockAction: record,
    mentionQuery: async (message) => { seen.push(message); return { items: [{ kind: 'file', value: `src/${message.query}.ts` }] }; },
  };
}

test('the host hands each message to its handler, and answers a request with the request\'s id', async () => {
  const seen: WebviewToHost[] = [];
  const replies: HostToWebview[] = [];
  for (const message of TO_HOST) assert.equal(await dispatchToHost(message, recordingHandlers(seen), (m) => replies.push(m)), true);
  assert.deepEqual(seen, TO_HOST);
  assert.deepEqual(replies, [{ type: 'mentionResults', id: 3, items: [{ kind: 'file', value: 'src/ma.ts' }] }]);
  assert.equal(await dispatchToHost({ type: 'send', text: 7 }, recordingHandlers(seen), (m) => replies.push(m)), false);
  assert.equal(seen.length, TO_HOST.length, 'a malformed message reaches no handler');
});

test('a handler that fails makes the dispatch fail, so the host can report it', async () => {
  const handlers = { ...recordingHandlers([]), stop: () => { throw new Error('no run'); } };
  await assert.rejects(dispatchToHost({ type: 'stop' }, handlers, () => {}), /no run/);
});

test('applyToTranscript: a streamed reply starts, grows, is discarded and ends with the final text', () => {
  const entries: ChatEntry[] = [];
  applyToTranscript(entries, { type: 'assistantStart', id: 'a1' });
  applyToTranscript(entries, { type: 'assistantDelta', id: 'a1', delta: 'Hel' });
  applyToTranscript(entries, { type: 'assistantDiscard', id: 'a1' });
  applyToTranscript(entries, { type: 'assistantDelta', id: 'a1', delta: 'Hi' });
  assert.deepEqual(entries, [{ id: 'a1', role: 'assistant', text: 'Hi', streaming: true }]);
  const ended = applyToTranscript(entries, { type: 'assistantEnd', id: 'a1', text: 'Hi there.' });
  assert.deepEqual(ended, { id: 'a1', role: 'assistant', text: 'Hi there.' });
  assert.equal(applyToTranscript(entries, { type: 'assistantDelta', id: 'nope', delta: 'x' }), undefined);
});

test('applyToTranscript: a tool card is finished in place, and an entry with a known id replaces it', () => {
  const entries: ChatEntry[] = [];
  applyToTranscript(entries, { type: 'toolStart', tool: { ...tool, repairs: ['trailing comma'] } });
  applyToTranscript(entries, { type: 'toolEnd', id: 'c1', ok: false, result: 'not found', durationMs: 9 });
  assert.deepEqual(entries[0]!.tool, { ...tool, state: 'failed', result: 'not found', durationMs: 9, repairs: ['trailing comma'] });
  applyToTranscript(entries, { type: 'entry', entry: { id: 'c1', role: 'notice', text: 'replaced' } });
  assert.deepEqual(entries, [{ id: 'c1', role: 'notice', text: 'replaced' }]);
});

test('applyToTranscript keeps everything for the host, and the newest MAX_TRANSCRIPT_ENTRIES for the panel', () => {
  const host: ChatEntry[] = [];
  const panel: ChatEntry[] = [];
  for (let i = 0; i < MAX_TRANSCRIPT_ENTRIES + 5; i++) {
    const message = { type: 'entry' as const, entry: { id: `e${i}`, role: 'user' as const, text: String(i) } };
    applyToTranscript(host, message);
    applyToTranscript(panel, message, MAX_TRANSCRIPT_ENTRIES);
  }
  assert.equal(host.length, MAX_TRANSCRIPT_ENTRIES + 5);
  assert.equal(panel.length, MAX_TRANSCRIPT_ENTRIES);
  assert.equal(panel[0]!.id, 'e5');
  assert.deepEqual(paintedTail(host), panel);
});
