// A value the conversation found secret stays hidden in every later save of it: the model side's .env
// read that revealed it may be gone (compaction evicts old tool results), and the host may know values
// the record no longer shows (the chat's tool cards, the trace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evictedResult } from '../../../src/core/budget/eviction';
import type { ChatMessage } from '../../../src/core/llm';
import { HistoryStore, newConversationId, type SavedConversation } from '../../../src/node/historyStore';

const VALUE = 'mauve-otter-42-Quill';
const REPLY = `I copied ${VALUE} into config/dev.json as you asked.`;

/** The conversation after "read .env", its read's result as given (the file, or the stub eviction leaves). */
function conversation(id: string, readResult: string): SavedConversation {
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const messages: ChatMessage[] = [
    { role: 'user', content: 'what is in .env' },
    { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":".env"}' } }] },
    { role: 'tool', tool_call_id: 'c1', name: 'read_file', content: readResult },
    { role: 'assistant', content: REPLY },
  ];
  return {
    version: 1, id, title: 'env', createdAt: at, updatedAt: at, model: 'm', endpoint: 'e',
    conversation: { version: 1, messages, summary: '', tasks: [0] },
    transcript: [
      { id: 'u', role: 'user', text: 'what is in .env' },
      { id: 't', role: 'tool', text: '', tool: { id: 'c1', name: 'read_file', args: 'path: .env', state: 'ok', result: '[REDACTED]', repairs: [] } },
      { id: 'a', role: 'assistant', text: REPLY },
    ],
    extra: {},
  };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-history-known-'));
  try {
    await fn(join(root, 'history'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const occurrences = (text: string) => text.split(VALUE).length - 1;

test('a .env value found in one save stays hidden once compaction evicted the read that showed it', async () => {
  await withDir(async (dir) => {
    const store = new HistoryStore(dir);
    const id = newConversationId();
    await store.save(conversation(id, `SESSION_SECRET=${VALUE}\n`));
    assert.equal(occurrences(readFileSync(join(dir, `${id}.json`), 'utf8')), 0, 'hidden while the read is there');
    await store.save(conversation(id, evictedResult('read_file')));
    const written = readFileSync(join(dir, `${id}.json`), 'utf8');
    assert.equal(occurrences(written), 0, 'still hidden after the eviction');
    assert.match(written, /I copied \[REDACTED\] into config\/dev\.json/, 'the reply is kept around it');
  });
});

test('the values the host knows are secret (the chat\'s cards, the trace) are hidden though the record shows no read', async () => {
  await withDir(async (dir) => {
    const store = new HistoryStore(dir);
    const id = newConversationId();
    await store.save(conversation(id, evictedResult('read_file')), { known: new Set([VALUE]) });
    assert.equal(occurrences(readFileSync(join(dir, `${id}.json`), 'utf8')), 0);
    // another conversation is not scrubbed with this one's values
    const other = newConversationId();
    await store.save(conversation(other, evictedResult('read_file')));
    assert.equal(occurrences(readFileSync(join(dir, `${other}.json`), 'utf8')), 2, 'only the values of the conversation saved are its own');
  });
});
