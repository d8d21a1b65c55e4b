// The history save (src/node/historyStore.ts) as it runs in use: after every run, on the extension host's
// main thread, while the conversation grows by one task at a time. Realistic conversations (file reads,
// command output, writes, sometimes a .env read or a key in a task) of ~0.3, 1 and 3 MB: each grows
// unsaved to 80 % of its size, then is saved after each task until it reaches it. The first save is
// cold (as after a window reload: nothing cached); the figures after it are the saves that follow, and
// the same saves by a store that keeps nothing between saves (what every save cost before it did).
//   npm run bench -- historySave
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore, newConversationId } from '../src/node/historyStore';
import { GrowingConversation } from '../test/support/growingConversation';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(targetBytes: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-history-bench-'));
  try {
    const store = new HistoryStore(dir);
    const growing = new GrowingConversation({ seed: 7 });
    const id = newConversationId(1_000_000);
    while (growing.size() < targetBytes * 0.8) growing.addTask();
    const times: number[] = [];
    const uncached: number[] = [];
    let saves = 0;
    let size = 0;
    while ((size = growing.size()) < targetBytes || saves < 8) {
      const record = growing.record(id, new Date(Date.UTC(2026, 0, 1, 0, 0, saves)).toISOString());
      const start = performance.now();
      await store.save(record);
      times.push(performance.now() - start);
      const fresh = new HistoryStore(dir);
      const again = performance.now();
      await fresh.save(record);
      uncached.push(performance.now() - again);
      saves++;
      growing.addTask();
    }
    const [cold, ...warm] = times;
    const mb = (size / 1024 / 1024).toFixed(2);
    const figures = (xs: number[]) => `median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
    console.log(`${mb.padStart(5)} MB, ${growing.secrets.length} secrets: cold save ${cold!.toFixed(1)} ms; next ${warm.length} saves (one task more each): ${figures(warm)}; without the cache: ${figures(uncached.slice(1))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  for (const target of [0.3, 1, 3]) await run(target * 1024 * 1024);
}

main().catch((e) => { console.error(e); process.exit(1); });
