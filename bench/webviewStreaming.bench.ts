// What a streaming reply costs the panel's main thread: the real webview (dist/webview.js) in headless
// Chromium, a reply of ~6, 25 and 50 kB (sections of prose, a list and a 60-line code block, as a
// model writes them), then deltas of a few words every 60 ms as a local model streams. Each figure is
// the median time of the stream renderer's animation-frame callback (markdown render, DOM update and
// the layout read that keeps the view at the end), over 30 renders.
//   npm run bench -- webviewStreaming
import { openWebview } from '../test/support/webviewPage.mjs';

const code = Array.from({ length: 60 }, (_, i) => `  const value${i} = compute(input, ${i}); // step ${i}`).join('\n');
const section = (n: number) => `### Step ${n}\n\nHere we change the **parser** so that \`parse()\` handles _edge cases_; see https://example.com/docs/${n}.\n\n- first point about it\n- second point with \`code\`\n\n\`\`\`ts\nfunction f${n}(input: string) {\n${code}\n}\n\`\`\`\n\n`;
const RENDERS = 30;
/** The page's window, as these callbacks use it (the bench is type-checked without the DOM's types). */
interface PageWindow {
  __frames: number[];
  requestAnimationFrame(callback: (time: number) => void): number;
  postMessage(message: unknown, origin: string): void;
}

async function main(): Promise<void> {
  const wv = await openWebview();
  try {
    // Times every animation-frame callback (the stream renderer renders in one).
    await wv.page.addInitScript(() => {
      const w = globalThis as unknown as PageWindow;
      w.__frames = [];
      const raf = w.requestAnimationFrame.bind(w);
      w.requestAnimationFrame = (callback) => raf((time) => {
        const start = performance.now();
        callback(time);
        w.__frames.push(performance.now() - start);
      });
    });
    await wv.load('dark');
    await wv.deliver({ type: 'state', state: { entries: [], connection: { status: 'ready', model: 'm', endpoint: 'http://127.0.0.1:1/v1' } } });
    for (const sections of [2, 8, 16]) {
      const id = `r${sections}`;
      const text = Array.from({ length: sections }, (_, i) => section(i)).join('') + 'And the last paragraph is still stream';
      await wv.deliver({ type: 'assistantStart', id }, { type: 'assistantDelta', id, delta: text });
      // the first render of the whole text is done before the measured ones
      await wv.page.locator(`.entry[data-id="${id}"] .entry-text`, { hasText: 'still stream' }).waitFor();
      const frames = await wv.page.evaluate(async ({ id, renders }) => {
        const w = globalThis as unknown as PageWindow;
        w.__frames = [];
        for (let i = 0; i < renders; i++) {
          w.postMessage({ type: 'assistantDelta', id, delta: ' more words' }, '*');
          await new Promise((r) => setTimeout(r, 60));
        }
        return w.__frames.filter((ms) => ms > 0.05);
      }, { id, renders: RENDERS });
      await wv.deliver({ type: 'assistantEnd', id });
      const sorted = [...frames].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      console.log(`reply of ${(text.length / 1000).toFixed(1)} kB: ${median.toFixed(2)} ms per render (median of ${frames.length}; max ${(sorted.at(-1) ?? 0).toFixed(2)} ms)`);
    }
  } finally {
    await wv.close();
  }
}

void main();
