// What a history search finds: what the chat showed of a conversation — its title, what was said, what
// its tool cards show (the call, its arguments, its result) and the files its tasks changed — by every
// word of the query in any order, whatever the case, accents and Unicode form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore, newConversationId, type SavedConversation } from '../../../src/node/historyStore';
import { searchedText } from '../../../src/node/historySearchText';

function conversation(title: string, transcript: unknown[], extra: Record<string, unknown> = {}): SavedConversation {
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  return {
    version: 1, id: newConversationId(), title, createdAt: at, updatedAt: at, model: 'm', endpoint: 'e',
    conversation: { version: 1, messages: [{ role: 'user', content: title }], summary: '', tasks: [0] },
    transcript, extra,
  };
}

async function withStore(fn: (store: HistoryStore) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-history-search-text-'));
  try {
    await fn(new HistoryStore(join(root, 'history')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The queries among `queries` that find `id`. */
async function finding(store: HistoryStore, id: string, queries: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const q of queries) if ((await store.list(q)).items.some((i) => i.id === id)) found.push(q);
  return found;
}

test('a search finds what only a tool card shows, and the files a task changed', async () => {
  await withStore(async (store) => {
    const c = conversation('Fix the login', [
      { id: 'u', role: 'user', text: 'Fix the login' },
      { id: 't1', role: 'tool', text: '', tool: { id: 'c1', name: 'edit_file', args: 'path: src/auth/session.ts', headline: 'src/auth/session.ts:12–30', state: 'ok', result: 'Edited', repairs: [] } },
      { id: 't2', role: 'tool', text: '', tool: { id: 'c2', name: 'run_command', args: 'command: pytest tests/test_flamingo_auth.py', headline: 'pytest tests/test_flamingo_auth.py', state: 'failed', result: 'AssertionError: expected PelicanWidget', repairs: [] } },
    ], { tasks: [{ entry: 'u', index: 0, files: ['src/auth/cookieJar.ts'] }] });
    const other = conversation('Something else', [{ id: 'u', role: 'user', text: 'Something else' }]);
    await store.save(c);
    await store.save(other);
    const queries = ['session.ts', 'src/auth/session.ts', 'test_flamingo_auth', 'PelicanWidget', 'cookieJar', 'edit_file'];
    assert.deepEqual(await finding(store, c.id, queries), queries);
    assert.deepEqual(await finding(store, other.id, queries), [], 'nor does it find the others');
  });
});

test('a search matches every word of the query in any order and place, whatever the case, accents and Unicode form', async () => {
  await withStore(async (store) => {
    const c = conversation('Fix the login redirect', [
      { id: 'u', role: 'user', text: 'Fix the login redirect' },
      { id: 'a', role: 'assistant', text: 'I changed the `parseConfig` function so the **session cookie** is read first; see café.md and Ünïcode notes.' },
    ]);
    await store.save(c);
    const queries = ['redirect parseConfig', 'login cookie', 'parseConfig function', 'COOKIE session', 'cafe', 'café', 'cafe\u0301', 'unicode', 'session cookie'];
    assert.deepEqual(await finding(store, c.id, queries), queries);
    assert.deepEqual(await finding(store, c.id, ['login pelican', 'cookies session', 'cafés']), [], 'every word must occur');
  });
});

test('a failed command\'s card is found by the error at the end of its output, below what the card shows first', async () => {
  await withStore(async (store) => {
    const passes = Array.from({ length: 12 }, (_, i) => `PASS tests/case${i}.test.ts`).join('\n');
    const result = `$ npm test\nexit code 1\n${passes}\n…\nFAIL tests/auth.test.ts\n  AssertionError: expected PelicanWidget to render`;
    const c = conversation('Run the tests', [
      { id: 'u', role: 'user', text: 'Run the tests' },
      { id: 't', role: 'tool', text: '', tool: { id: 'c', name: 'run', args: 'command: npm test', headline: 'npm test', state: 'failed', result, repairs: [] } },
    ]);
    await store.save(c);
    assert.deepEqual(await finding(store, c.id, ['PelicanWidget', 'auth.test.ts', 'npm test']), ['PelicanWidget', 'auth.test.ts', 'npm test']);
  });
});

test('a command written on several lines is found by what it ran, not only by its first line', async () => {
  await withStore(async (store) => {
    const c = conversation('Set up the database', [
      { id: 'u', role: 'user', text: 'Set up the database' },
      { id: 't', role: 'tool', text: '', tool: { id: 'c', name: 'run', args: 'command:\n  cd services/api\n  npx prisma migrate dev --name init', headline: 'cd services/api …', state: 'ok', result: '$ cd services/api\nexit code 0', repairs: [] } },
    ]);
    await store.save(c);
    assert.deepEqual(await finding(store, c.id, ['prisma migrate', 'services/api']), ['prisma migrate', 'services/api']);
  });
});

test('a long conversation\'s searched text stays small: each card\'s headline and first lines once, not every result whole (a full history fits the search cache)', () => {
  const code = (file: number) => Array.from({ length: 30 }, (_, line) => `export const value${file}_${line} = compute(${line}); // line ${line}`).join('\n');
  const cards = Array.from({ length: 400 }, (_, i) => {
    const file = `src/module${i % 20}.ts`;
    return { id: `t${i}`, role: 'tool', text: '', tool: { id: `c${i}`, name: 'read_file', args: `path: ${file}`, headline: file, state: 'ok', result: `${file} (30 lines):\n${code(i % 20)}`.slice(0, 600), repairs: [] } };
  });
  const c = conversation('Read the modules', [{ id: 'u', role: 'user', text: 'Read the modules' }, ...cards, { id: 'a', role: 'assistant', text: 'They all export values.' }]);
  const shown = cards.reduce((n, e) => n + e.tool.result.length + e.tool.args.length + e.tool.headline.length, 0);
  const text = searchedText(c);
  for (const i of [0, 7, 19]) assert.ok(text.includes(`src/module${i}.ts (30 lines):`), 'each distinct first line is in');
  assert.ok(text.includes('they all export values.'), 'and what was said');
  assert.ok(text.length < shown / 20, `${text.length} characters searched for ${shown} shown on the cards`);
});
