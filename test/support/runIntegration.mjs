// Runs the mocha suites in out/test/integration inside a real VS Code (code-server + headless
// Chromium) and waits for VS Code to report the runner's exit through window.codeAutomationExit.
// Two windows, one after the other: every suite on a workspace opened by its own path, then the
// suites in symlinkedRoot*.test.ts on a workspace opened through a symlink (SMALLCODE_TEST_WINDOW
// tells test/integration/index.ts which window it runs in).
// usage: node test/support/runIntegration.mjs [--results file.json]
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, freePort, openBrowser, removeScratch, scratchWorkspace, startCodeServer, workbenchUrl } from './vscodeHarness.mjs';

const resultsArg = process.argv.indexOf('--results');
const resultsFile = resultsArg > 0 ? process.argv[resultsArg + 1] : join(REPO, 'test-output', 'integration-results.json');
// A hang bound per window, not a speed target: a quiet machine runs the first window in ~2 min; a loaded one took over 5.
const TIMEOUT_MS = Number(process.env.SMALLCODE_INTEGRATION_TIMEOUT_MS || 600_000);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const runnerResults = join(REPO, 'test-output', `mocha-${process.pid}.json`);
mkdirSync(join(REPO, 'test-output'), { recursive: true });

/** One code-server and workbench on `workspace` with the test runner: its exit code and the runner's tally. */
async function runWindow(window, workspace) {
  rmSync(runnerResults, { force: true });
  // Auto-detection (no smallcode.baseUrl) looks at this port only, where the suites start their servers.
  const detectPort = await freePort();
  const server = await startCodeServer({ workspace, smokeTestDriver: true, env: { SMALLCODE_TEST_RESULTS: runnerResults, SMALLCODE_TEST_DETECT_PORTS: String(detectPort), SMALLCODE_TEST_WINDOW: window } });
  console.log(`[integration] ${window}: code-server up on ${server.base} after ${elapsed()}`);
  const { page, close } = await openBrowser(server, { onConsole: (text) => { if (text.trim() && !/web worker extension host/.test(text)) console.log(`  ${text}`); } });
  const exited = new Promise((res) => page.exposeFunction('codeAutomationExit', (code) => res(code)));
  await page.goto(workbenchUrl(server, { extensionDevelopmentPath: REPO, extensionTestsPath: join(REPO, 'out/test/integration/index.js') }));
  const code = await Promise.race([exited, new Promise((res) => setTimeout(() => res('timeout'), TIMEOUT_MS))]);
  console.log(`[integration] ${window}: VS Code exited with ${code} after ${elapsed()}`);
  if (code !== 0) {
    const shot = join(REPO, 'test-output', `integration-failure-${window}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`[integration] screenshot: ${shot}; code-server log: ${server.logFile}`);
  }
  await close();
  server.stop();
  if (code === 0) removeScratch(server);
  const results = existsSync(runnerResults) ? JSON.parse(readFileSync(runnerResults, 'utf8'))
    : { passed: [], failed: [{ title: `${window}: the test runner did not report`, error: `exit ${code}` }], skipped: [] };
  return { code, results };
}

const plain = await runWindow('plain', scratchWorkspace());
// Another copy of the fixture, opened through a symlink to it.
const target = scratchWorkspace();
const linked = `${target}-link`;
symlinkSync(target, linked, 'dir');
const symlinked = await runWindow('symlinked', linked);

const results = Object.fromEntries(['passed', 'failed', 'skipped'].map((key) => [key, [...plain.results[key], ...symlinked.results[key]]]));
writeFileSync(resultsFile, JSON.stringify(results, null, 2));
const ok = plain.code === 0 && symlinked.code === 0 && results.failed.length === 0;
if (symlinked.code === 0) for (const dir of [linked, target]) rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
