// Runs SmallCode in a real VS Code: code-server on 127.0.0.1 with scratch directories, and the
// workbench opened in Debian's headless Chromium through playwright-core. Used by the integration
// runner (mocha inside the extension host), the end-to-end UI tests, `npm start` and the benchmarks.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ensureVsCode, CHROMIUM } from './vscodeInstall.mjs';
import { poll } from './poll.mjs';

export const REPO = resolve(new URL('../..', import.meta.url).pathname);

/** User settings that keep an offline workbench quiet and deterministic. */
export const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'workbench.enableExperiments': false,
};

export function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => res(port)); });
    server.on('error', rej);
  });
}

const status = (url) => new Promise((res) => get(url, (r) => { r.resume(); res(r.statusCode); }).on('error', () => res(0)));

/** Copies a fixture folder into a fresh scratch workspace, so tests never touch the repository. */
export function scratchWorkspace(fixture = join(REPO, 'test/fixtures/workspace'), parent = tmpdir()) {
  const dir = mkdtempSync(join(parent, 'smallcode-ws-'));
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

/**
 * Starts code-server. Options: workspace, port, userDataDir/extensionsDir (scratch by default),
 * settings (merged over QUIET_SETTINGS), env (extra variables for the server and its extension host),
 * installExtensions (vsix paths installed first), smokeTestDriver (needed for extensionTestsPath),
 * keepUserSettings (write settings.json only when there is none, so a user's changes survive),
 * browser (false: do not install the headless Chromium that only the tests use).
 */
export async function startCodeServer(options = {}) {
  const { codeServer, node24Home } = ensureVsCode({ log: options.log ?? (() => {}), browser: options.browser ?? true });
  const scratch = options.scratch ?? mkdtempSync(join(tmpdir(), 'smallcode-cs-'));
  const userDataDir = options.userDataDir ?? join(scratch, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(scratch, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // `npm start` keeps the user's own settings (baseUrl, model, theme) across restarts: written only once.
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!options.keepUserSettings || !existsSync(settingsFile)) {
    writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  }
  const config = join(scratch, 'config.yaml');
  writeFileSync(config, '');
  // Keep code-server's and VS Code's side files inside the scratch dir.
  const isolated = { XDG_DATA_HOME: join(scratch, 'xdg-data'), XDG_CONFIG_HOME: join(scratch, 'xdg-config'), XDG_CACHE_HOME: join(scratch, 'xdg-cache'), TMPDIR: scratch };
  const env = { ...process.env, ...isolated, ...options.env, PATH: `${node24Home}/bin:${process.env.PATH}` };
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of options.installExtensions ?? []) {
    const install = spawn(codeServer, [...common, '--install-extension', vsix, '--force'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    install.stdout.on('data', (d) => { output += d; });
    install.stderr.on('data', (d) => { output += d; });
    const code = await new Promise((res) => install.on('close', res));
    if (code !== 0) throw new Error(`installing ${vsix} failed:\n${output}`);
  }
  const port = options.port ?? await freePort();
  const args = [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--reconnection-grace-time', '5'];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(options.workspace);
  const logFile = join(scratch, 'code-server.log');
  const server = spawn(codeServer, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  let exited = false;
  server.on('exit', () => { exited = true; });
  const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } };
  process.on('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  try {
    await poll('code-server to answer /healthz', async () => exited || await status(`${base}/healthz`) === 200, { timeoutMs: 60_000, intervalMs: 200 });
    if (exited) throw new Error('code-server exited');
  } catch (error) {
    stop();
    throw new Error(`code-server did not start (${error.message}); see ${logFile}`);
  }
  return { port, base, scratch, userDataDir, workspace: options.workspace, logFile, process: server, stop };
}

/** The workbench URL, with extension-development/test payload when given. */
export function workbenchUrl(server, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const host = `127.0.0.1:${server.port}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${extensionDevelopmentPath}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${extensionTestsPath}`]);
  const query = `folder=${encodeURIComponent(server.workspace)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  return `${server.base}/?${query}`;
}

const NOISE = /open-vsx\.org|ERR_NAME_NOT_RESOLVED|Failed to load resource|authentication provider|ENOTFOUND|vsda|marketplace/i;

/** Opens headless Chromium. onConsole receives extension-host and workbench console lines (noise filtered). */
export async function openBrowser(server, { onConsole, viewport = { width: 1400, height: 900 } } = {}) {
  const profile = join(server.scratch, `chrome-${Date.now()}`);
  const env = { ...process.env, XDG_CONFIG_HOME: join(server.scratch, 'xdg-config'), XDG_CACHE_HOME: join(server.scratch, 'xdg-cache'), TMPDIR: server.scratch };
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, env, viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  if (onConsole) {
    page.on('console', async (message) => {
      const type = message.type();
      if (type !== 'log' && type !== 'info' && type !== 'error' && type !== 'warning') return;
      let args = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => '')));
      if (typeof args[0] === 'string' && args[0].startsWith('%c')) args = args.slice(2); // VS Code's log styling
      const text = format(...args);
      if (NOISE.test(text) || /^(Resolv|Creating a socket|\[AgentHost|\[reconnection|\[Service Worker|\[AccountPolicy|Updating additional)/.test(text.trim())) return;
      onConsole(text, type);
    });
  }
  return { browser, page, close: () => browser.close().catch(() => {}) };
}

export function removeScratch(server) {
  rmSync(server.scratch, { recursive: true, force: true, maxRetries: 3 });
}
