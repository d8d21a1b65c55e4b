// The history search (src/node/historyStore.ts list(query)) on a full history: 200 conversations in
// 100 MB (the store's limits), as the history view runs it while the user types a word (one search per
// pause). Two kinds of conversation: as GrowingConversation makes them (the file is mostly tool output,
// of which a search looks only in each card's headline and first lines: the searched text fits the store's
// cache) and with replies that carry the code (the file is mostly searched text, more than the cache
// holds: the searches after the first read again what did not fit). Figures:
// the first search (every file read), the searches that follow, and the heap the store still holds
// after them (garbage collected) — right away, and once the searches have been idle for the store's
// idle time (shortened here to 1 s).
//   npm run bench -- historySearch
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HistoryStore, MAX_CONVERSATIONS, MAX_TOTAL_BYTES, newConversationId, type SavedConversation } from '../src/node/historyStore';
import { GrowingConversation } from '../test/support/growingConversation';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Distinct conversations; each is written MAX_CONVERSATIONS / DISTINCT times under its own id. */
const DISTINCT = 20;
const IDLE_MS = 1000;

type Kind = 'tool output' | 'replies with code';

function conversation(seed: number, kind: Kind, bytes: number): SavedConversation {
  const growing = new GrowingConversation({ seed, secretChance: 0 });
  const record = () => {
    const r = growing.record('x', '');
    if (kind === 'tool output') return r;
    // the code goes into the replies (searched), the tool cards keep a line of their results
    const code = (r.conversation.messages.filter((m) => m.role === 'tool').map((m) => String(m.content)).join('\n'));
    r.conversation.messages = r.conversation.messages.filter((m) => m.role !== 'tool' && !('tool_calls' in m && m.tool_calls));
    r.conversation.tasks = r.conversation.messages.flatMap((m, i) => (m.role === 'user' ? [i] : []));
    r.transcript = r.transcript.filter((e) => e.role !== 'tool').map((e) => (e.role === 'assistant' ? { ...e, text: `${e.text}\n\`\`\`ts\n${code.slice(0, 6000)}\n\`\`\`` } : e));
    return r;
  };
  while (Buffer.byteLength(JSON.stringify(record())) < bytes) growing.addTask();
  return record() as SavedConversation;
}

async function run(kind: Kind): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-history-search-bench-'));
  try {
    const bytes = MAX_TOTAL_BYTES / MAX_CONVERSATIONS;
    for (let d = 0; d < DISTINCT; d++) {
      const c = conversation(d, kind, bytes * 0.98);
      for (let copy = 0; copy < MAX_CONVERSATIONS / DISTINCT; copy++) {
        const n = d * 100 + copy;
        const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
        const id = newConversationId(1_000_000 + n);
        writeFileSync(join(dir, `${id}.json`), `${JSON.stringify({ ...c, id, title: `${c.title} (${copy})`, createdAt: at, updatedAt: at })}\n`);
      }
    }
    const store = new HistoryStore(dir, { searchTextIdleMs: IDLE_MS });
    await store.list(); // the view opens on the whole list
    const before = heapMb();
    const times: number[] = [];
    const found: number[] = [];
    for (const query of ['h', 'ha', 'han', 'hand', 'handl', 'handle', 'handler', 'handler r', 'task 33:']) {
      const start = performance.now();
      found.push((await store.list(query)).items.length);
      times.push(performance.now() - start);
    }
    const kept = heapMb() - before;
    await sleep(IDLE_MS + 100);
    const idle = heapMb() - before;
    const [first, ...next] = times;
    console.log(`${kind.padEnd(17)} (${MAX_CONVERSATIONS} conversations, ${(MAX_TOTAL_BYTES / 1048576).toFixed(0)} MB): first search ${first!.toFixed(0)} ms; next ${next.length} (a word typed): median ${median(next).toFixed(0)} ms, max ${Math.max(...next).toFixed(0)} ms (found ${found.join(' ')}); heap kept after them ${kept.toFixed(1)} MB, after ${IDLE_MS} ms idle ${idle.toFixed(1)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  for (const kind of ['tool output', 'replies with code'] as const) await run(kind);
}

main().catch((e) => { console.error(e); process.exit(1); });
