// Token counting figures: load time and speed of Qwen's real tokenizer, and the error of the tokenizer-
// free estimate (and of chars/4) against it, per language, on source files found on this machine
// (the repository, node_modules, and system sources when present).
//   node --import tsx bench/tokens.bench.ts
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { estimateTokens } from '../src/core/budget/tokenCounter';
import { loadQwenCounter } from '../src/core/budget/qwenTokenizer';
import { CalibratedCounter } from '../src/core/budget/calibratedCounter';
import { heuristicCounter } from '../src/core/budget/tokenCounter';

const ROOT = join(__dirname, '..');
const SOURCES: Record<string, string[]> = {
  typescript: [join(ROOT, 'src'), join(ROOT, 'node_modules/openai/src'), join(ROOT, 'node_modules/zod/src')],
  javascript: [join(ROOT, 'node_modules/mocha/lib'), join(ROOT, 'node_modules/diff/lib'), join(ROOT, 'node_modules/esbuild/lib')],
  python: ['/usr/lib/python3.11/json', '/usr/lib/python3.11/email', '/usr/lib/python3.11/asyncio', '/usr/lib/python3/dist-packages'],
  c: ['/usr/include'],
  go: ['/usr/share/doc/git/contrib', '/usr/lib/go/src'],
  rust: [join(process.env.HOME ?? '/root', '.cargo/registry/src')],
  markdown: [join(ROOT, 'node_modules')],
  json: [join(ROOT, 'node_modules/openai'), join(ROOT, 'node_modules/typescript')],
};
const EXT: Record<string, string[]> = { typescript: ['.ts'], javascript: ['.js'], python: ['.py'], c: ['.h', '.c'], go: ['.go'], rust: ['.rs'], markdown: ['.md'], json: ['.json'] };
const PER_LANGUAGE = 30;

function collect(dir: string, exts: string[], out: string[], depth = 0): void {
  if (out.length >= PER_LANGUAGE || depth > 6) return;
  let names: string[];
  try { names = readdirSync(dir).sort(); } catch { return; }
  for (const name of names) {
    if (out.length >= PER_LANGUAGE) return;
    const full = join(dir, name);
    let st; try { st = statSync(full); } catch { continue; }
    if (st.isDirectory()) collect(full, exts, out, depth + 1);
    else if (exts.includes(extname(name)) && st.size > 1_000 && st.size < 300_000 && !/\.min\.|\.d\.ts$/.test(name)) out.push(full);
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)]! : NaN; };
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

async function main() {
  const t0 = performance.now();
  const qwen = await loadQwenCounter();
  const loadMs = performance.now() - t0;
  console.log(`Qwen tokenizer load: ${loadMs.toFixed(0)} ms (lazy, first use only)`);

  const rows: string[] = [];
  let speedChars = 0; let speedMs = 0; let estMs = 0;
  const allAbs: number[] = [];
  const calAbs: number[] = [];
  for (const [lang, dirs] of Object.entries(SOURCES)) {
    const files: string[] = [];
    for (const d of dirs) collect(d, EXT[lang]!, files);
    if (!files.length) { rows.push(`${lang.padEnd(11)} (no files on this machine)`); continue; }
    const est: number[] = []; const c4: number[] = []; const cal: number[] = [];
    // Calibrated: a session learns the ratio from the server on its first prompts; here the first 3 files.
    const calibrated = new CalibratedCounter(heuristicCounter);
    files.forEach((f, i) => {
      const text = readFileSync(f, 'utf8').slice(0, 60_000);
      const a = performance.now(); const real = qwen.count(text); speedMs += performance.now() - a; speedChars += text.length;
      const b = performance.now(); const e = estimateTokens(text); estMs += performance.now() - b;
      est.push((e - real) / real);
      c4.push((text.length / 4 - real) / real);
      if (i < 3) calibrated.observe(e, real);
      else cal.push((calibrated.count(text) - real) / real);
    });
    const absEst = est.map(Math.abs);
    allAbs.push(...absEst); calAbs.push(...cal.map(Math.abs));
    rows.push(`${lang.padEnd(11)} ${String(files.length).padStart(3)} files  estimate: median ${pct(median(est)).padStart(8)}, median |err| ${(median(absEst) * 100).toFixed(1).padStart(4)} %, max |err| ${(Math.max(...absEst) * 100).toFixed(1).padStart(5)} %`
      + `  | calibrated median |err| ${cal.length ? (median(cal.map(Math.abs)) * 100).toFixed(1) : '–'} %  | chars/4: median ${pct(median(c4))}`);
  }
  console.log(rows.join('\n'));
  console.log(`All languages: estimate median |err| ${(median(allAbs) * 100).toFixed(1)} %, calibrated ${(median(calAbs) * 100).toFixed(1)} %`);
  console.log(`Speed: Qwen tokenizer ${(speedChars / 4 / (speedMs / 1000) / 1000).toFixed(0)}k tokens/s (≈), estimate ${(speedChars / (estMs / 1000) / 1e6).toFixed(1)} M chars/s`);
}

main();
