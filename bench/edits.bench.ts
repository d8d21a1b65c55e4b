// Scores the edit engine on the development corpora with the rules of ../shared/corpus/README.md,
// and measures apply time on a 1 MB file and on a long file made of near-identical lines.
//   node --import tsx bench/edits.bench.ts [--verbose]
import { CORPUS_DIR } from './support/corpus';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, applySearchReplace, parseEditBlocks } from '../src/core/edit';
import type { ApplyResult } from '../src/core/edit';

const CORPUS = CORPUS_DIR;
const verbose = process.argv.includes('--verbose');

interface EditCase {
  id: string;
  style: string;
  original: string;
  edit?: string;
  search?: string;
  replace?: string;
  expected: string | null;
  expect_error?: boolean;
  apply_args?: unknown[];
}

type Outcome = 'pass' | 'refused' | 'wrong-apply' | 'false-apply';

function readJsonl<T>(name: string): T[] {
  return readFileSync(join(CORPUS, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function runEdit(c: EditCase): ApplyResult {
  const args = c.apply_args ?? [];
  if (c.edit === undefined) return applySearchReplace(c.original, c.search ?? '', c.replace ?? '', { replaceAll: args[0] === true });
  // roo-* rows pass [startLine, endLine]; Cline rows pass [isFinal], which is implied here.
  const hints = typeof args[0] === 'number' ? { startLine: args[0] as number, ...(typeof args[1] === 'number' ? { endLine: args[1] as number } : {}) } : {};
  return applyEdits(c.original, c.edit, hints);
}

function scoreEdit(c: EditCase, r: ApplyResult): Outcome {
  if (c.expect_error) return r.ok && r.content !== c.original ? 'false-apply' : 'pass';
  if (!r.ok) return 'refused';
  return r.content === c.expected ? 'pass' : 'wrong-apply';
}

function table(title: string, rows: Map<string, Record<string, number>>, columns: string[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...[...rows.keys()].map((k) => k.length), 8);
  console.log(`  ${'group'.padEnd(width)}  ${columns.map((c) => c.padStart(11)).join(' ')}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${columns.map((c) => String(v[c] ?? 0).padStart(11)).join(' ')}`);
}

function benchEdits(): void {
  const cases = readJsonl<EditCase>('edits.dev.jsonl');
  const byStyle = new Map<string, Record<string, number>>();
  const bySource = new Map<string, Record<string, number>>();
  const total: Record<string, number> = {};
  for (const c of cases) {
    const outcome = scoreEdit(c, runEdit(c));
    const source = c.id.replace(/-\d+-[0-9a-f]+$/, '');
    for (const [map, key] of [[byStyle, c.style], [bySource, source]] as const) {
      const row = map.get(key) ?? {};
      row[outcome] = (row[outcome] ?? 0) + 1;
      row.cases = (row.cases ?? 0) + 1;
      map.set(key, row);
    }
    total[outcome] = (total[outcome] ?? 0) + 1;
    if (verbose && outcome !== 'pass') console.log(`  ${outcome}: ${c.id} (${c.style})`);
  }
  const columns = ['cases', 'pass', 'refused', 'wrong-apply', 'false-apply'];
  table('edits.dev.jsonl by style', byStyle, columns);
  table('edits.dev.jsonl by source', bySource, columns);
  console.log(`  total: ${cases.length} cases, pass ${total.pass ?? 0} (${pct(total.pass ?? 0, cases.length)}), refused ${total.refused ?? 0}, wrong-apply ${total['wrong-apply'] ?? 0}, false-apply ${total['false-apply'] ?? 0}`);
}

interface ReplyCase {
  id: string;
  model_reply: string;
  expected_blocks: { path?: string; search: string; replace: string }[];
  irregularities: string[];
  source: { repo: string };
}

function benchReplies(): void {
  const cases = readJsonl<ReplyCase>('editblocks_wild.dev.jsonl');
  const fold = (s: string) => s.replace(/\r\n/g, '\n');
  const base = (p: string) => p.split(/[\\/]/).pop();
  const bySource = new Map<string, Record<string, number>>();
  const byIrregularity = new Map<string, Record<string, number>>();
  let pass = 0;
  for (const c of cases) {
    const got = parseEditBlocks(c.model_reply);
    const want = c.expected_blocks;
    const ok =
      got.length === want.length &&
      want.every((w, i) => {
        const g = got[i]!;
        return fold(g.search) === fold(w.search) && fold(g.replace) === fold(w.replace) && (!g.path || !w.path || base(g.path) === base(w.path));
      });
    if (ok) pass++;
    else if (verbose) console.log(`  fail: ${c.id} ${c.irregularities.join(',')}`);
    const source = c.id.replace(/-\d+-[0-9a-f]+$/, '');
    for (const [map, key] of [[bySource, source], ...(c.irregularities.length ? c.irregularities : ['regular']).map((k) => [byIrregularity, k] as const)] as const) {
      const row = map.get(key) ?? {};
      row.cases = (row.cases ?? 0) + 1;
      if (ok) row.pass = (row.pass ?? 0) + 1;
      map.set(key, row);
    }
  }
  table('editblocks_wild.dev.jsonl by source', bySource, ['cases', 'pass']);
  table('editblocks_wild.dev.jsonl by irregularity', byIrregularity, ['cases', 'pass']);
  console.log(`  total: ${cases.length} replies, pass ${pass} (${pct(pass, cases.length)})`);
}

function timeIt(run: () => ApplyResult, repeat = 5): { ms: number; result: ApplyResult } {
  let best = Infinity;
  let result = run();
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    result = run();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, result };
}

function benchPerformance(): void {
  console.log('\nperformance (best of 5)');
  // ~1 MB of realistic, repetitive source.
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 1_000_000; i++) {
    for (let j = 0; j < 200; j++, i++) lines.push(i % 10 === 0 ? `function handler${i}(event) {` : `    const value${i % 7} = compute(event, ${i % 13}); // step ${i}`);
  }
  const big = lines.join('\n') + '\n';
  const target = Math.floor(lines.length * 0.7);
  const exactSearch = lines.slice(target, target + 3).join('\n') + '\n';
  const exact = timeIt(() => applyEdits(big, `<<<<<<< SEARCH\n${exactSearch}=======\n    changed();\n>>>>>>> REPLACE\n`));
  console.log(`  1 MB file (${(big.length / 1e6).toFixed(2)} MB, ${lines.length} lines), exact block: ${exact.ms.toFixed(1)} ms, ok=${exact.result.ok}`);
  const drifted = exactSearch.split('\n').map((l) => (l ? '  ' + l : l)).join('\n');
  const indent = timeIt(() => applyEdits(big, `<<<<<<< SEARCH\n${drifted}=======\nchanged();\n>>>>>>> REPLACE\n`));
  console.log(`  1 MB file, SEARCH indented one level too deep (tier 3): ${indent.ms.toFixed(1)} ms, ok=${indent.result.ok}`);
  const fuzzySearch = lines.slice(target, target + 8).join('\n').replace('compute', 'computed') + '\n';
  const fuzzy = timeIt(() => applyEdits(big, `<<<<<<< SEARCH\n${fuzzySearch}=======\nchanged();\n>>>>>>> REPLACE\n`));
  console.log(`  1 MB file, SEARCH with a typo (fuzzy tier): ${fuzzy.ms.toFixed(1)} ms, ok=${fuzzy.result.ok}`);
  const missing = timeIt(() => applyEdits(big, `<<<<<<< SEARCH\nnothing like this exists\n=======\nx\n>>>>>>> REPLACE\n`), 2);
  console.log(`  1 MB file, SEARCH absent (refusal with closest region): ${missing.ms.toFixed(1)} ms, ok=${missing.result.ok}`);

  // Many near-identical lines: 50 000 lines of `}` / `  x = 1;`, search a run of them plus one marker.
  const similar: string[] = [];
  for (let i = 0; i < 50_000; i++) similar.push(i % 2 ? '  x = 1;' : '}');
  similar[40_001] = '  x = 2;';
  const similarText = similar.join('\n') + '\n';
  const run = similar.slice(39_990, 40_002).join('\n') + '\n';
  const many = timeIt(() => applyEdits(similarText, `<<<<<<< SEARCH\n${run}=======\ny();\n>>>>>>> REPLACE\n`));
  console.log(`  50 000 near-identical lines, 12-line SEARCH unique by one line: ${many.ms.toFixed(1)} ms, ok=${many.result.ok}`);
  const deeper = run.split('\n').map((l) => (l ? '\t' + l : l)).join('\n');
  const manyIndent = timeIt(() => applyEdits(similarText, `<<<<<<< SEARCH\n${deeper}=======\ny();\n>>>>>>> REPLACE\n`));
  console.log(`  50 000 near-identical lines, same SEARCH indented one tab deeper (tier 3): ${manyIndent.ms.toFixed(1)} ms, ok=${manyIndent.result.ok}`);
  const manyFuzzy = timeIt(() => applyEdits(similarText, `<<<<<<< SEARCH\n${run.replace('x = 2;', 'x  =  2;').replace(/\n {2}x = 1;\n}\n$/, '\n  x  =  1;\n}\n')}=======\ny();\n>>>>>>> REPLACE\n`));
  console.log(`  50 000 near-identical lines, same SEARCH with spacing drift (fuzzy tier): ${manyFuzzy.ms.toFixed(1)} ms, ok=${manyFuzzy.result.ok}`);
  const ambiguous = timeIt(() => applyEdits(similarText, `<<<<<<< SEARCH\n}\n  x = 1;\n}\n=======\ny();\n>>>>>>> REPLACE\n`), 2);
  console.log(`  50 000 near-identical lines, SEARCH matching 25 000 places (refused): ${ambiguous.ms.toFixed(1)} ms, ok=${ambiguous.result.ok}`);
}

function pct(n: number, d: number): string {
  return `${((100 * n) / d).toFixed(1)} %`;
}

benchEdits();
benchReplies();
benchPerformance();
