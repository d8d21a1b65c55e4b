// The extension's own weight: .vsix size (what users download) and activation time measured in a
// real VS Code (code-server) extension host.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, openBrowser, removeScratch, scratchWorkspace, startCodeServer, workbenchUrl } from '../test/support/vscodeHarness.mjs';

const RUNS = Number(process.env.SMALLCODE_BENCH_ACTIVATION_RUNS || 3);

const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO, encoding: 'utf8' });
if (packaged.status !== 0) throw new Error(`packaging failed:\n${packaged.stdout}${packaged.stderr}`);
const vsix = join(REPO, 'smallcode.vsix');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`vsix: ${kb(statSync(vsix).size)} (extension.js ${kb(statSync(join(REPO, 'dist/extension.js')).size)}, webview.js ${kb(statSync(join(REPO, 'dist/webview.js')).size)}, core.js ${kb(statSync(join(REPO, 'dist/core.js')).size)}, production build)`);

const samples = [];
for (let run = 0; run < RUNS; run++) {
  const out = join(REPO, 'test-output', `activation-${process.pid}-${run}.json`);
  const server = await startCodeServer({ workspace: scratchWorkspace(), smokeTestDriver: true, env: { SMALLCODE_BENCH_OUT: out } });
  const { page, close } = await openBrowser(server);
  const exited = new Promise((res) => page.exposeFunction('codeAutomationExit', (code) => res(code)));
  await page.goto(workbenchUrl(server, { extensionDevelopmentPath: REPO, extensionTestsPath: join(REPO, 'bench/support/measureActivation.cjs') }));
  const code = await Promise.race([exited, new Promise((res) => setTimeout(() => res('timeout'), 120_000))]);
  await close();
  server.stop();
  if (code !== 0 || !existsSync(out)) throw new Error(`activation run ${run} failed (${code}); log ${server.logFile}`);
  samples.push(JSON.parse(readFileSync(out, 'utf8')));
  removeScratch(server);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`activation (real extension host, ${RUNS} runs, median): ${median(samples.map((s) => s.totalMs)).toFixed(1)} ms load+activate, ${median(samples.map((s) => s.activateMs)).toFixed(1)} ms inside activate(); active before first use: ${samples.some((s) => s.wasActive) ? 'yes (NOT lazy)' : 'no (lazy)'}`);
