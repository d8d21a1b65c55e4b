// `npm test`: type-check, build, then run the three suites and print one closing line
// `N passed, N failed`. Exits non-zero on any failure.
//   unit         test/unit/**/*.test.ts with Node's test runner (tsx loads TypeScript), no VS Code
//   integration  test/integration/*.test.ts with mocha inside a real VS Code (code-server)
//   e2e          test/e2e/*.test.mjs: Playwright drives the real workbench and the webview
//   llama        test/llama/**/*.test.ts: the client and agent against a real llama.cpp server (a tiny
//                random-weight model); in the default run only when llama-server is built already
//                (test/support/llamaInstall.mjs; CI builds it), `npm run test:llama` builds it if needed
// `node scripts/test.mjs unit` (or integration, e2e, llama) runs only those suites.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const llamaBuilt = spawnSync(process.execPath, ['test/support/llamaInstall.mjs', '--check'], { cwd: root }).status === 0;
const suites = requested.length ? requested : ['unit', 'integration', 'e2e', ...(llamaBuilt ? ['llama'] : [])];
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Failed tests by name, repeated after the closing line: CI keeps only the end of a long log. */
const failures = [];

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
}

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? findFiles(full, suffix) : name.endsWith(suffix) ? [full] : [];
  }).sort();
}

/** Runs files with `node --test`, the spec reporter on screen and TAP into a file we count from. */
function nodeTest(label, files, extraArgs = [], concurrency = 2) {
  if (files.length === 0) { console.log(`${label}: no test files`); return; }
  const tap = join(mkdtempSync(join(tmpdir(), 'smallcode-test-')), 'results.tap');
  const result = run(process.execPath, [...extraArgs, '--test', `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files.map((f) => relative(root, f))]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (key) => Number((text.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) || [])[1] || 0);
  const passed = count('pass');
  let failed = count('fail') + count('cancelled');
  if (result.status !== 0 && failed === 0) failed = 1; // the runner itself failed
  failures.push(...tapFailures(text).map((f) => `${label}: ${f}`));
  tally(label, passed, failed, count('skipped') + count('todo'));
}

/**
 * The leaf tests that failed in a TAP report, each with its error's first line. A suite whose subtest
 * failed fails too; only the innermost failing test is named (its `not ok` comes first).
 */
function tapFailures(text) {
  const names = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const failed = /^(\s*)not ok \d+ - (.*)$/.exec(line);
    if (!failed || / # (TODO|SKIP)\b/.test(failed[2])) return;
    const [, indent, name] = failed;
    const block = lines.slice(i + 1, i + 40);
    const end = block.findIndex((l) => new RegExp(`^${indent}  \\.\\.\\.$`).test(l));
    const details = block.slice(0, end < 0 ? block.length : end);
    if (details.some((l) => /failureType: 'subtestsFailed'/.test(l))) return;
    const error = details.find((l) => /^\s*error: /.test(l))?.replace(/^\s*error: /, '').replace(/^[|>]-?$/, '') ?? '';
    const next = error ? '' : (details[details.findIndex((l) => /^\s*error: [|>]/.test(l)) + 1] ?? '').trim();
    names.push(`${name} — ${(error || next).slice(0, 200)}`);
  });
  return names;
}

function tally(label, passed, failed, skipped = 0) {
  totals.passed += passed; totals.failed += failed; totals.skipped += skipped;
  console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

function step(label, cmd, args) {
  const result = run(cmd, args);
  if (result.status !== 0) tally(label, 0, 1);
  return result.status === 0;
}

// Three configs: the core without DOM types, the webview without Node's, the rest (see tsconfig.json).
const typechecked = ['tsconfig.core.json', 'tsconfig.webview.json', 'tsconfig.json']
  .every((config) => step(`typecheck ${config}`, process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config]));
if (!typechecked) console.log('typecheck failed (see above)');
const built = step('build', process.execPath, ['scripts/build.mjs']);

if (!requested.length && !llamaBuilt) console.log('llama: not run (llama-server not built; `npm run test:llama` builds it, ~11 min the first time)');
for (const suite of suites) {
  if (suite === 'unit') {
    nodeTest('unit', findFiles(join(root, 'test/unit'), '.test.ts'), ['--import', 'tsx']);
  } else if (!built) {
    tally(suite, 0, 1);
  } else if (suite === 'integration' || suite === 'e2e') {
    if (!step(`${suite} setup`, process.execPath, ['test/support/vscodeInstall.mjs'])) continue;
    if (suite === 'integration') {
      const out = join(mkdtempSync(join(tmpdir(), 'smallcode-int-')), 'results.json');
      const result = run(process.execPath, ['test/support/runIntegration.mjs', '--results', out]);
      const results = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : null;
      for (const f of results?.failed ?? []) failures.push(`integration: ${f.title} — ${String(f.error ?? '').split('\n')[0].slice(0, 200)}`);
      if (results) tally('integration', results.passed.length, results.failed.length + (result.status !== 0 && !results.failed.length ? 1 : 0), results.skipped.length);
      else tally('integration', 0, 1);
    } else {
      nodeTest('e2e', findFiles(join(root, 'test/e2e'), '.test.mjs'), ['--import', 'tsx']);
    }
  } else if (suite === 'llama') {
    // One server at a time: each file starts its own, and timings mean more without a second one.
    if (step('llama setup', process.execPath, ['test/support/llamaInstall.mjs'])) nodeTest('llama', findFiles(join(root, 'test/llama'), '.test.ts'), ['--import', 'tsx'], 1);
  } else {
    console.error(`unknown suite "${suite}" (use unit, integration, e2e or llama)`);
    tally(suite, 0, 1);
  }
}

if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
