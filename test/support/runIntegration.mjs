// Runs the mocha suites in out/test/integration inside a real VS Code (code-server + headless
// Chromium) and waits for VS Code to report the runner's exit through window.codeAutomationExit.
// Two windows, one after the other, on the same code-server: the first on a workspace opened by its
// own path (every suite), the second on a workspace opened through a symlink (symlinkedRoot*.test.js;
// test/integration/index.ts picks the suites by the window's folder).
// usage: node test/support/runIntegration.mjs [--results file.json]
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, freePort, openBrowser, removeScratch, scratchWorkspace, startCodeServer, workbenchUrl } from './vscodeHarness.mjs';

const resultsArg = process.argv.indexOf('--results');
const resultsFile = resultsArg > 0 ? process.argv[resultsArg + 1] : join(REPO, 'test-output', 'integration-results.json');
const TIMEOUT_MS = Number(process.env.SMALLCODE_INTEGRATION_TIMEOUT_MS || 300_000);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const runnerResults = join(REPO, 'test-output', `mocha-${process.pid}.json`);
mkdirSync(join(REPO, 'test-output'), { recursive: true });
const workspace = scratchWorkspace();
// Auto-detection (no smallcode.baseUrl) looks at this port only, where the suites start their servers.
const detectPort = await freePort();
const server = await startCodeServer({ workspace, smokeTestDriver: true, env: { SMALLCODE_TEST_RESULTS: runnerResults, SMALLCODE_TEST_DETECT_PORTS: String(detectPort) } });
console.log(`[integration] code-server up on ${server.base} after ${elapsed()}`);

/** Opens the workbench on `folder` with the test runner; its exit code and the runner's tally. */
async function runWindow(label, folder) {
  rmSync(runnerResults, { force: true });
  const { page, close } = await openBrowser(server, { onConsole: (text) => { if (text.trim() && !/web worker extension host/.test(text)) console.log(`  ${text}`); } });
  const exited = new Promise((res) => page.exposeFunction('codeAutomationExit', (code) => res(code)));
  await page.goto(workbenchUrl(server, { folder, extensionDevelopmentPath: REPO, extensionTestsPath: join(REPO, 'out/test/integration/index.js') }));
  const code = await Promise.race([exited, new Promise((res) => setTimeout(() => res('timeout'), TIMEOUT_MS))]);
  console.log(`[integration] ${label}: VS Code exited with ${code} after ${elapsed()}`);
  if (code !== 0) {
    const shot = join(REPO, 'test-output', `integration-failure-${label}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`[integration] screenshot: ${shot}; code-server log: ${server.logFile}`);
  }
  await close();
  const results = existsSync(runnerResults) ? JSON.parse(readFileSync(runnerResults, 'utf8'))
    : { passed: [], failed: [{ title: `${label}: the test runner did not report`, error: `exit ${code}` }], skipped: [] };
  return { code, results };
}

const plain = await runWindow('workspace', workspace);
// A second copy of the fixture, opened through a symlink to it (both inside the server's scratch dir).
const linked = join(server.scratch, 'linked-workspace');
symlinkSync(scratchWorkspace(undefined, server.scratch), linked, 'dir');
const symlinked = await runWindow('symlinked-workspace', linked);
server.stop();

const results = Object.fromEntries(['passed', 'failed', 'skipped'].map((key) => [key, [...plain.results[key], ...symlinked.results[key]]]));
writeFileSync(resultsFile, JSON.stringify(results, null, 2));
const ok = plain.code === 0 && symlinked.code === 0;
if (ok) removeScratch(server);
process.exit(ok && results.failed.length === 0 ? 0 : 1);
