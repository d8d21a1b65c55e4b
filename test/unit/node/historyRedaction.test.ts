// The history save redacts only what changed since its last save (src/node/historyRedaction.ts), and
// writes byte for byte what a save without a cache writes — and what the whole-record redaction the save
// used before writes (kept here as the oracle). Random conversations grow task by task, entries change in
// place, tasks are dropped (Retry), and values a .env read shows late were mentioned earlier (some
// overlapping): each must be hidden everywhere from the save that finds it on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactedConversation, scrubbedConversation } from '../../../src/core/agent';
import { attachedFileText, mapStringValues, redactStructured, redactTaskText, scrubKnownValues } from '../../../src/core/security';
import { HistoryRedaction, STRUCTURAL_KEYS, type RedactedParts } from '../../../src/node/historyRedaction';
import { HistoryStore, newConversationId, type SavedConversation } from '../../../src/node/historyStore';
import { GrowingConversation } from '../../support/growingConversation';
import { prng } from '../../support/prng';

/** The whole-record redaction as the save did it before it kept anything between saves. */
function oracle(record: SavedConversation): RedactedParts {
  const known = new Set<string>();
  const conversation = redactedConversation(record.conversation, known);
  const rest = redactStructured(mapStringValues({ title: record.title, model: record.model, endpoint: record.endpoint, transcript: record.transcript, extra: record.extra }, (t) => redactTaskText(t, known), STRUCTURAL_KEYS), known);
  return { ...(scrubKnownValues(rest, known, STRUCTURAL_KEYS) as Omit<RedactedParts, 'conversation'>), conversation: scrubbedConversation(conversation, known) };
}

test('each save with the cache writes exactly what a fresh store writes, and what the whole-record redaction gives', async () => {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-history-redaction-'));
  try {
    for (let seed = 1; seed <= 12; seed++) {
      const rand = prng(seed * 7919);
      const growing = new GrowingConversation({ seed, fileLines: 6, secretChance: 0.3, mentionChance: 0.6 });
      const kept = new HistoryStore(join(root, `kept-${seed}`));
      const id = newConversationId(1_000_000 + seed);
      // the values found secret in the saves so far: the kept store hides them in later saves too (a
      // dropped task's .env read or an extra field that changed no longer shows them), so a fresh store
      // is given them as the host's known values
      const learned = new Set<string>();
      for (let save = 0; save < 14; save++) {
        const change = rand();
        if (change < 0.7 || save < 2) growing.addTask();
        else if (change < 0.85) growing.editEntry();
        else growing.dropLastTask();
        // extra fields the walk treats apart: a secret's name, a kept key, a nested list, and two values
        // found only there, one a prefix of the other, by the two passes (the order they are hidden in shows)
        const record = growing.record(id, new Date(Date.UTC(2026, 0, 1, 0, 0, save)).toISOString());
        const value = `plain-${seed}-value`;
        record.extra = {
          ...record.extra, apiKey: save % 3 ? `${value}-${save % 2}` : '', name: 'kept',
          notes: [[attachedFileText('.env', `K=${value}`), `seen ${value}-1 and ${growing.secrets.at(-1) ?? ''}`]],
          // found late, and only across or inside the REDACTED that hides the value before it
          log: [`seen ${value}-1`], ...(save >= 6 ? { secretHint: 'D]-1' } : {}), ...(save >= 9 ? { password: 'EDACT' } : {}),
        };
        // the prompt context is redacted as the summary is: a secret the conversation found is hidden there too
        record.conversation = { ...record.conversation, repoMap: `src/config.ts\n  const KEY = '${growing.secrets.at(-1) ?? ''}'`, ...(save % 2 ? { pinned: `seen ${value}-1` } : {}) };
        // and so is a reply kept as the model wrote it (text protocol): it may repeat a secret too
        const reply = record.conversation.messages.findLastIndex((m) => m.role === 'assistant');
        if (reply >= 0) record.conversation.written = { [reply]: `I will use ${growing.secrets.at(-1) ?? ''} and seen ${value}-1\n<tool_call>{"name":"read_file","arguments":{"path":"a.ts"}}</tool_call>` };
        const context = `seed ${seed}, save ${save}`;
        assert.deepEqual(new HistoryRedaction().redact(record), oracle(record), `${context}: a cold redaction is the whole-record one`);
        await kept.save(record);
        const fresh = new HistoryStore(join(root, `fresh-${seed}-${save}`));
        await fresh.save(record, { known: new Set(learned) });
        new HistoryRedaction().redact(record, learned);
        const written = readFileSync(join(kept.dir, `${id}.json`), 'utf8');
        assert.equal(written, readFileSync(join(fresh.dir, `${id}.json`), 'utf8'), `${context}: the cached save writes what a fresh one does`);
        for (const secret of growing.secrets) assert.ok(!written.includes(secret), `${context}: ${secret} was written`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a secret found late is hidden in the earlier entries the previous save kept', async () => {
  const redaction = new HistoryRedaction();
  const value = 'ledger-prod-7731';
  const record: SavedConversation = {
    version: 1, id: 'c', title: 't', createdAt: '', updatedAt: '', model: 'm', endpoint: 'e',
    conversation: { version: 1, messages: [{ role: 'user', content: `connect with ${value}` }], summary: '', tasks: [0] },
    transcript: [{ id: 'u', role: 'user', text: `connect with ${value}` }],
    extra: {},
  };
  assert.match(JSON.stringify(redaction.redact(record)), new RegExp(value), 'nothing says it is a secret yet');
  record.conversation.messages.push(
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":".env"}' } }] },
    { role: 'tool', tool_call_id: 'c1', name: 'read_file', content: `1| DB_PASSWORD=${value}` },
  );
  const safe = JSON.stringify(redaction.redact(record));
  assert.ok(!safe.includes(value), 'hidden in the earlier message and entry too');
  assert.equal(safe, JSON.stringify(oracle(record)));
});

test('a tool result is redacted again when the file its call names changes (a call id used again after a Retry)', () => {
  const redaction = new HistoryRedaction();
  const result = { role: 'tool' as const, tool_call_id: 'call_0', name: 'read_file', content: '1| REGION=ledger-prod-7731' };
  const reading = (path: string): SavedConversation => ({
    version: 1, id: 'c', title: 't', createdAt: '', updatedAt: '', model: 'm', endpoint: 'e', transcript: [], extra: {},
    conversation: { version: 1, summary: '', tasks: [], messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path }) } }] }, { ...result }] },
  });
  assert.match(JSON.stringify(redaction.redact(reading('notes.txt'))), /ledger-prod-7731/, 'not a secret in a plain file');
  assert.doesNotMatch(JSON.stringify(redaction.redact(reading('.env'))), /ledger-prod-7731/, 'a .env value');
});

test('a .env file read under a path the model wrote its own way has its values hidden in the history', () => {
  const env = '1| ADMIN_PIN=482913\n2| SMTP_LOGIN=bob:pa55w0rd!\n3| SIGNING=4f9a8b7c6d5e4f3a2b1c\n';
  for (const path of ['"./.env"', '`.env`', '.ENV', 'config\\prod.env']) {
    const record: SavedConversation = {
      version: 1, id: 'c', title: 't', createdAt: '', updatedAt: '', model: 'm', endpoint: 'e', extra: {},
      transcript: [{ id: 'a', role: 'assistant', text: 'Your PIN is 482913.' }],
      conversation: { version: 1, summary: '', tasks: [0], messages: [
        { role: 'user', content: 'read the env' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path }) } }] },
        { role: 'tool', tool_call_id: 'c1', name: 'read_file', content: env },
      ] },
    };
    const safe = JSON.stringify(new HistoryRedaction().redact(record));
    for (const value of ['482913', 'pa55w0rd', '4f9a8b7c6d5e4f3a2b1c']) assert.ok(!safe.includes(value), `${path}: ${value}`);
  }
});
