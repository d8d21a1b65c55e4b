// Runs the mocha suites in out/test/integration inside a real VS Code (code-server + headless
// Chromium) and waits for VS Code to report the runner's exit through window.codeAutomationExit.
// usage: node test/support/runIntegration.mjs [--results file.json]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const { page, close } = await openBrowser(server, { onConsole: (text) => { if (text.trim() && !/web worker extension host/.test(text)) console.log(`  ${text}`); } });
const exited = new Promise((res) => page.exposeFunction('codeAutomationExit', (code) => res(code)));
await page.goto(workbenchUrl(server, { extensionDevelopmentPath: REPO, extensionTestsPath: join(REPO, 'out/test/integration/index.js') }));
const code = await Promise.race([exited, new Promise((res) => setTimeout(() => res('timeout'), TIMEOUT_MS))]);
console.log(`[integration] VS Code exited with ${code} after ${elapsed()}`);
if (code !== 0) {
  const shot = join(REPO, 'test-output', 'integration-failure.png');
  await page.screenshot({ path: shot }).catch(() => {});
  console.log(`[integration] screenshot: ${shot}; code-server log: ${server.logFile}`);
}
await close();
server.stop();
const results = existsSync(runnerResults) ? JSON.parse(readFileSync(runnerResults, 'utf8'))
  : { passed: [], failed: [{ title: 'the test runner did not report', error: `exit ${code}` }], skipped: [] };
writeFileSync(resultsFile, JSON.stringify(results, null, 2));
if (code === 0) removeScratch(server);
process.exit(code === 0 && results.failed.length === 0 ? 0 : 1);
