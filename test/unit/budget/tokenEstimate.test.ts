import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { estimateTokens } from '../../../src/core/budget/tokenCounter';
import { loadQwenCounter } from '../../../src/core/budget/qwenTokenizer';

// Files that `npm install` always puts here, in several languages (bench/tokens.bench.ts covers more).
const root = join(__dirname, '../../..');
const pick = (dir: string, re: RegExp, n: number) => readdirSync(join(root, dir)).filter((f) => re.test(f)).sort().slice(0, n).map((f) => join(root, dir, f));
const SETS: Record<string, string[]> = {
  typescript: pick('node_modules/openai/src/resources/chat/completions', /\.ts$/, 6).concat(pick('node_modules/openai/src/core', /\.ts$/, 6)),
  javascript: pick('node_modules/mocha/lib', /\.js$/, 10),
  markdown: pick('node_modules/openai', /\.md$/, 3).concat(pick('node_modules/zod', /\.md$/, 2)),
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test('the estimate is within 5 % (median) of Qwen\'s tokenizer per language, and beats chars/4 overall', async () => {
  const qwen = await loadQwenCounter();
  const est: number[] = []; const c4: number[] = [];
  for (const [lang, files] of Object.entries(SETS)) {
    assert.ok(files.length >= 3, `${lang} files present`);
    const errs = files.map((f) => {
      const text = readFileSync(f, 'utf8').slice(0, 30_000);
      const real = qwen.count(text);
      c4.push(Math.abs(text.length / 4 - real) / real);
      return Math.abs(estimateTokens(text) - real) / real;
    });
    est.push(...errs);
    assert.ok(median(errs) < 0.05, `${lang}: median error ${(median(errs) * 100).toFixed(1)} %`);
  }
  assert.ok(median(est) < median(c4), `estimate ${median(est)} vs chars/4 ${median(c4)}`);
});

test('the Qwen tokenizer is loaded lazily, once', async () => {
  const a = loadQwenCounter(); const b = loadQwenCounter();
  assert.equal(a, b);
  const counter = await a;
  assert.equal(counter.exact, true);
  assert.equal(counter.count('Hello, my dog is cute'), 6);
  assert.equal(counter.count(''), 0);
});

test('the estimate handles prose, numbers, rulers and non-Latin text sensibly', () => {
  assert.equal(estimateTokens(''), 0);
  assert.ok(estimateTokens('1234567890') === 10, 'digits one by one, as Qwen splits them');
  assert.ok(estimateTokens('/' + '*'.repeat(78) + '/') < 10, 'rulers are merged');
  assert.ok(estimateTokens('これは日本語の文章です') >= 6);
});
