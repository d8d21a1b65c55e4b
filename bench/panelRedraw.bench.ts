// What drawing a long conversation anew costs the panel (the panel shown again, a window reloaded, a
// conversation opened from the history): the real webview (dist/webview.js) in headless Chromium is
// given a state of 500 entries as a session writes them (questions, replies with a list and a code
// block, tool cards with results), and the time until the newest entry is on screen and laid out is
// measured, as the median of a few redraws.
//   npm run bench -- panelRedraw
import { openWebview } from '../test/support/webviewPage.mjs';

const ROUNDS = 5;
const CONNECTION = { status: 'ready', model: 'qwen2.5-coder-7b-instruct', endpoint: 'http://127.0.0.1:8080/v1', contextWindow: 8192 };
const code = Array.from({ length: 24 }, (_, i) => `  const value${i} = compute(input, ${i}); // step ${i}`).join('\n');
const reply = (n: number) => `Here is the change for **step ${n}**: \`parse()\` now handles _edge cases_ (see https://example.com/docs/${n}).\n\n- first point about it\n- second point with \`code\`\n\n\`\`\`ts\nfunction f${n}(input: string) {\n${code}\n}\n\`\`\`\n\nThat should do it.`;

function conversation(count: number): unknown[] {
  const entries: unknown[] = [];
  for (let i = 0; entries.length < count; i++) {
    entries.push({ id: `u${i}`, role: 'user', text: `Please make step ${i} handle empty input and add a test.` });
    entries.push({ id: `t${i}`, role: 'tool', text: '', tool: { id: `t${i}`, name: 'read_file', args: `path: src/step${i}.ts`, headline: `src/step${i}.ts:1–80`, state: 'ok', result: code, durationMs: 3, repairs: [] } });
    entries.push({ id: `a${i}`, role: 'assistant', text: reply(i) });
  }
  return entries.slice(0, count);
}

interface PageWindow { postMessage(message: unknown, origin: string): void; requestAnimationFrame(callback: () => void): number }

async function main(): Promise<void> {
  const wv = await openWebview();
  try {
    await wv.load();
    const entries = conversation(500);
    const last = (entries[entries.length - 1] as { id: string }).id;
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ms = await wv.page.evaluate(async ({ entries, last, connection }) => {
        const w = globalThis as unknown as PageWindow & { document: { querySelector(s: string): unknown; body: { offsetHeight: number } } };
        w.postMessage({ type: 'state', state: { entries: [], connection, run: 'idle' } }, '*');
        await new Promise<void>((r) => w.requestAnimationFrame(() => r()));
        const start = performance.now();
        w.postMessage({ type: 'state', state: { entries, connection, run: 'idle' } }, '*');
        const deadline = performance.now() + 30_000;
        while (!w.document.querySelector(`.entry[data-id="${last}"]`)) {
          if (performance.now() > deadline) throw new Error('the newest entry was not drawn within 30 s');
          await new Promise((r) => setTimeout(r, 0));
        }
        void w.document.body.offsetHeight; // layout
        await new Promise<void>((r) => w.requestAnimationFrame(() => r()));
        return performance.now() - start;
      }, { entries, last, connection: CONNECTION });
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    console.log(`500-entry conversation drawn anew: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms (rounds: ${times.map((t) => t.toFixed(0)).join(', ')})`);
    if (wv.errors.length) throw new Error(`page errors: ${wv.errors.join('; ')}`);
  } finally {
    await wv.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
