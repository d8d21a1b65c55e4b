// Builds what the real-llama.cpp tests and benchmark need, offline: `llama-server` from the llama.cpp
// source that node-llama-cpp ships as a git bundle (llama/gitRelease.bundle, fetched with `npm pack`), and a tiny random-weight
// GGUF with Qwen2.5's tokenizer and chat template (test/support/llamaTinyModel.py, llama.cpp's own gguf-py
// and Debian's python3-numpy). Both go into the test cache outside the repository, keyed on
// node-llama-cpp's version (the server) and on the generator's bytes (the model), so only the first run
// pays: ~11 min of compiling on 2 cores, then seconds.
//   node test/support/llamaInstall.mjs           build or reuse, print the paths
//   node test/support/llamaInstall.mjs --check   exit 0 when both are ready, 1 otherwise (builds nothing)
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CACHE } from './vscodeInstall.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const GENERATOR = join(here, 'llamaTinyModel.py');
/** Debian's interpreter, where python3-numpy lives (not whatever python3 a version manager puts first). */
const PYTHON = '/usr/bin/python3';
/** The tokenizer the model gets, for the tests that compare counts. */
export const TINY_MODEL_ALIAS = 'qwen2.5-tiny-random';

// A lean, self-contained server: static (one file to cache), no web UI (it would be fetched from the
// network), no HTTPS, nothing but the server target. Not -march=native: on a VM that advertises AMX
// without enabling it, ggml's AMX kernels die of SIGILL on the first Q8_0 matmul (seen on this project's
// CI machine), and a cache may move between machines. x86-64-v3 (AVX2, FMA, F16C) is plenty for a
// 64-wide model.
const CMAKE_FLAGS = ['-DCMAKE_BUILD_TYPE=Release', '-DBUILD_SHARED_LIBS=OFF', '-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF',
  '-DLLAMA_BUILD_APP=OFF', '-DLLAMA_BUILD_UI=OFF', '-DLLAMA_USE_PREBUILT_UI=OFF', '-DLLAMA_OPENSSL=OFF', '-DGGML_NATIVE=OFF',
  ...(process.arch === 'x64' ? ['-DGGML_AVX=ON', '-DGGML_AVX2=ON', '-DGGML_FMA=ON', '-DGGML_F16C=ON', '-DGGML_BMI2=ON'] : [])];

/** llama.cpp's source comes from this package's git bundle. Pinned here, not a devDependency: installing it
 *  would put ~900 MB of prebuilt binaries (every platform's) into node_modules, and only the bundle is used. */
const LLAMA_SOURCE_PACKAGE = 'node-llama-cpp';
const LLAMA_SOURCE_VERSION = process.env.SMALLCODE_NODE_LLAMA_CPP_VERSION || '3.21.1';

/** The package's tarball unpacked in the test cache (only when a build needs it): the bundle inside. */
function llamaSourceBundle(log) {
  const dir = join(CACHE, `${LLAMA_SOURCE_PACKAGE}-${LLAMA_SOURCE_VERSION}`);
  const bundle = join(dir, 'package', 'llama', 'gitRelease.bundle');
  if (existsSync(bundle)) return bundle;
  log(`fetching ${LLAMA_SOURCE_PACKAGE}@${LLAMA_SOURCE_VERSION} from the npm registry (for llama.cpp's source)`);
  const staging = `${dir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // npm pack checks the tarball against the registry's integrity hash and fetches no dependencies.
  const tarball = sh('npm', ['pack', '--silent', '--pack-destination', staging, `${LLAMA_SOURCE_PACKAGE}@${LLAMA_SOURCE_VERSION}`], { cwd: staging }).trim().split('\n').pop();
  sh('tar', ['-xzf', join(staging, tarball), '-C', staging, 'package/llama/gitRelease.bundle', 'package/package.json']);
  rmSync(join(staging, tarball));
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return bundle;
}

export function llamaPaths() {
  const version = LLAMA_SOURCE_VERSION;
  const flags = createHash('sha256').update(CMAKE_FLAGS.join(' ')).digest('hex').slice(0, 8);
  const dir = join(CACHE, `llama-server-${version}-${flags}`);
  const generatorHash = createHash('sha256').update(readFileSync(GENERATOR)).digest('hex').slice(0, 12);
  return {
    version, dir,
    server: join(dir, 'bin', 'llama-server'),
    source: join(dir, 'src'),
    model: join(dir, `tiny-qwen2.5-random-${generatorHash}.gguf`),
    buildLog: `${dir}-build.log`,
  };
}

/** Both built already (nothing to do); never builds. */
export function llamaReady() {
  try {
    const p = llamaPaths();
    return existsSync(p.server) && existsSync(p.model);
  } catch { return false; }
}

function sh(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${(result.stdout || '').slice(-2000)}${(result.stderr || '').slice(-4000)}`);
  return result.stdout;
}

const works = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

function ensureDebianPackages(log) {
  const missing = [
    !works('cmake', ['--version']) && 'cmake',
    !works('g++', ['--version']) && 'build-essential',
    !works('git', ['--version']) && 'git',
    !works(PYTHON, ['-c', 'import numpy, yaml']) && 'python3-numpy python3-yaml',
  ].filter(Boolean).join(' ').split(' ').filter(Boolean);
  if (!missing.length) return;
  if (process.getuid?.() !== 0) throw new Error(`Need root to install ${missing.join(' ')} (apt-get); install them and re-run.`);
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const wait = ['-o', 'DPkg::Lock::Timeout=600']; // another apt may hold the lock on a shared machine
  sh('apt-get', [...wait, 'update', '-qq'], { env });
  sh('apt-get', [...wait, 'install', '-y', '-qq', ...missing], { env });
}

/** Runs a long command with its output in the log file; resolves when it exits 0. */
function runLogged(cmd, args, { cwd, logFile, onLine }) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    child.stdout.on('data', (chunk) => {
      out.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine?.(line);
    });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      out.end();
      if (code === 0) resolve(); else reject(new Error(`${cmd} ${args.slice(0, 4).join(' ')}… failed (${code ?? signal}); see ${logFile}`));
    });
  });
}

async function buildServer(p, log) {
  const staging = `${p.dir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(p.buildLog, '');
  const src = join(staging, 'src');
  const build = join(staging, 'build');
  sh('git', ['-c', 'advice.detachedHead=false', 'clone', '--quiet', llamaSourceBundle(log), src]);
  const commit = sh('git', ['-C', src, 'rev-parse', '--short', 'HEAD']).trim();
  const jobs = String(availableParallelism());
  log(`building llama-server (llama.cpp ${commit}) with ${jobs} jobs: ~11 min on 2 cores; log: ${p.buildLog}`);
  // nice: the machine stays usable (and other jobs fair) while it compiles.
  await runLogged('nice', ['-n', '10', 'cmake', '-S', src, '-B', build, ...CMAKE_FLAGS], { cwd: staging, logFile: p.buildLog });
  let shown = -10;
  await runLogged('nice', ['-n', '10', 'cmake', '--build', build, '--target', 'llama-server', '-j', jobs], {
    cwd: staging, logFile: p.buildLog,
    onLine: (line) => {
      const percent = Number(/^\[\s*(\d+)%\]/.exec(line)?.[1] ?? -1);
      if (percent >= shown + 10) { shown = percent; log(`  ${percent} %`); }
    },
  });
  mkdirSync(join(staging, 'bin'));
  copyFileSync(join(build, 'bin', 'llama-server'), join(staging, 'bin', 'llama-server'));
  sh('chmod', ['+x', join(staging, 'bin', 'llama-server')]);
  rmSync(build, { recursive: true, force: true }); // ~300 MB of objects; the source stays for gguf-py
  writeFileSync(join(staging, 'build-info.json'), JSON.stringify({ nodeLlamaCpp: p.version, commit, cmake: CMAKE_FLAGS }, null, 2));
  rmSync(p.dir, { recursive: true, force: true });
  renameSync(staging, p.dir);
}

function generateModel(p, log) {
  log(`generating the tiny random-weight model: ${p.model}`);
  const tmp = `${p.model}.tmp`;
  sh(PYTHON, [GENERATOR, '--llama-src', p.source, '--out', tmp], { env: { ...process.env, PYTHONPATH: join(p.source, 'gguf-py') } });
  renameSync(tmp, p.model);
}

/** Builds (first time) or reuses the server and the model; resolves with their paths. */
export async function ensureLlama({ log = (m) => console.log(`[llama-install] ${m}`) } = {}) {
  const t0 = Date.now();
  const p = llamaPaths();
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(p.server) || !existsSync(p.model)) ensureDebianPackages(log);
  if (!existsSync(p.server)) await buildServer(p, log);
  if (!existsSync(p.model)) generateModel(p, log);
  log(`ready (${((Date.now() - t0) / 1000).toFixed(0)} s): llama-server from node-llama-cpp ${p.version}, model ${p.model}`);
  return p;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) process.exit(llamaReady() ? 0 : 1);
  ensureLlama().catch((error) => { console.error(String(error.message || error)); process.exit(1); });
}
