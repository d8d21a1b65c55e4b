// Real source trees we did not write, for the code index benchmarks. No internet here besides the
// npm registry and Debian, so they come from Debian packages (standard libraries shipped as source)
// and npm packages that ship their sources. Each is copied once into a cache folder (source files
// only), so that the benchmark can change a file; a missing source is skipped with how to get it.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { escapeRegex } from '../../src/core/text/escapeRegex';

export interface Corpus {
  name: string;
  /** ctags' language name (its --languages) and the kinds that are definitions in our sense. */
  ctagsLanguage: string;
  kinds: string[];
  /** More ctags options: which language a header is (ctags takes `.h` for C++ unless told). */
  ctagsOptions?: string[];
  /** Which of ctags' tags are definitions in our sense, where its kinds say more than they are. */
  keepTag?: (tag: { name: string; kind: string; pattern?: string }) => boolean;
  /** Where it comes from, and how to get it when it is missing. */
  source: { dirs: string[] } | { zip: string; entries: string[] } | { tar: string; entries: string[] } | { npm: string[] };
  extensions: string[];
  install: string;
}

const REPO = resolve(__dirname, '../..');

export const CORPORA: Corpus[] = [
  {
    name: 'go-stdlib', ctagsLanguage: 'Go', kinds: ['func', 'type', 'struct', 'interface', 'talias', 'methodSpec'],
    source: { dirs: ['net', 'crypto', 'go', 'encoding'].map((d) => `/usr/share/go-1.19/src/${d}`) }, extensions: ['.go'],
    install: 'apt-get install golang-1.19-src',
  },
  {
    name: 'python-stdlib', ctagsLanguage: 'Python', kinds: ['class', 'function', 'member'],
    source: { dirs: ['/usr/lib/python3.11'] }, extensions: ['.py'], install: 'apt-get install libpython3.11-stdlib',
  },
  {
    name: 'ruby-stdlib', ctagsLanguage: 'Ruby', kinds: ['class', 'method', 'module', 'singletonMethod'],
    source: { dirs: ['/usr/lib/ruby/3.1.0'] }, extensions: ['.rb'], install: 'apt-get install libruby3.1',
  },
  {
    name: 'java-util', ctagsLanguage: 'Java', kinds: ['class', 'interface', 'method', 'enum', 'annotation'],
    source: { zip: '/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip', entries: ['java.base/java/util/*'] }, extensions: ['.java'],
    install: 'apt-get install openjdk-17-source unzip',
  },
  {
    name: 'rust-alloc', ctagsLanguage: 'Rust', kinds: ['function', 'method', 'struct', 'enum', 'interface', 'typedef', 'module', 'macro'],
    source: { dirs: ['/usr/lib/rustlib/src/rust/library/alloc'] }, extensions: ['.rs'], install: 'apt-get install rust-src',
  },
  {
    name: 'openai-node', ctagsLanguage: 'TypeScript', kinds: ['class', 'function', 'interface', 'enum', 'method', 'alias', 'namespace', 'generator'],
    source: { dirs: [join(REPO, 'node_modules/openai/src')] }, extensions: ['.ts'], install: 'npm ci (the openai package ships its TypeScript sources)',
  },
  {
    // GNU C: the return type on its own line, attribute and alias macros, K&R leftovers.
    name: 'c-glibc', ctagsLanguage: 'C', ctagsOptions: ['--map-C=+.h'], kinds: ['function', 'struct', 'union', 'enum', 'typedef', 'macro'],
    source: { tar: '/usr/src/glibc/glibc-2.36.tar.xz', entries: ['stdlib', 'string', 'malloc', 'libio', 'posix'].map((d) => `glibc-2.36/${d}`) },
    extensions: ['.c', '.h'], install: 'apt-get install glibc-source',
  },
  {
    name: 'cpp-googletest', ctagsLanguage: 'C++', kinds: ['class', 'struct', 'union', 'enum', 'function', 'typedef', 'namespace', 'macro'],
    source: { dirs: ['/usr/src/googletest'] }, extensions: ['.cc', '.h'], install: 'apt-get install googletest',
  },
  {
    // Unity libraries that are published to the npm registry, C# sources and all.
    name: 'csharp-unity', ctagsLanguage: 'C#', kinds: ['class', 'interface', 'struct', 'enum', 'method', 'property', 'event', 'namespace'],
    source: { npm: ['com.neuecc.unirx@7.1.0', 'com.cysharp.unitask@2.2.5'] }, extensions: ['.cs'], install: 'access to the npm registry',
  },
  {
    name: 'javascript-webpack', ctagsLanguage: 'JavaScript', kinds: ['class', 'function', 'method', 'generator'],
    // ctags' JavaScript parser calls an object literal of functions a class (`const PRINTERS = { … }`, the keys
    // of a minified schema): a class is what `class X` (a declaration or expression) or a constructor `function X` declares.
    keepTag: (t) => t.kind !== 'class' || new RegExp(`\\b(?:class|function)\\s+${escapeRegex(t.name)}(?![\\w$])`).test(t.pattern ?? ''),
    source: { npm: ['webpack@5.97.1'] }, extensions: ['.js'], install: 'access to the npm registry',
  },
  {
    name: 'php-libraries', ctagsLanguage: 'PHP', kinds: ['class', 'interface', 'trait', 'function'],
    source: { dirs: ['/usr/share/php'] }, extensions: ['.php'], install: 'apt-get install php-league-commonmark',
  },
];

export function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'smallcode-bench');
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  }
  return n;
}

/** The corpus's folder in the cache (copied on first use), or why it is not available. */
export function prepareCorpus(corpus: Corpus): { root: string } | { skipped: string } {
  const root = join(cacheDir(), 'corpora', corpus.name);
  const done = join(cacheDir(), 'corpora', `${corpus.name}.ready`);
  if (existsSync(done) && existsSync(root)) return { root };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  if ('dirs' in corpus.source) {
    const missing = corpus.source.dirs.filter((d) => !existsSync(d));
    if (missing.length) return { skipped: `${missing.join(', ')} not found (${corpus.install})` };
    for (const dir of corpus.source.dirs) {
      cpSync(dir, join(root, dir.split('/').pop()!), {
        recursive: true, dereference: false,
        filter: (src) => { const s = statSync(src); return s.isDirectory() ? !src.endsWith('__pycache__') : corpus.extensions.some((e) => src.endsWith(e)); },
      });
    }
  } else if ('npm' in corpus.source) {
    for (const spec of corpus.source.npm) {
      const packed = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', root], { encoding: 'utf8' });
      const file = packed.stdout?.trim().split('\n').pop();
      if (packed.error || packed.status !== 0 || !file) return { skipped: `could not fetch ${spec}: ${packed.error?.message ?? packed.stderr} (${corpus.install})` };
      const into = join(root, spec.replace(/@[^@]*$/, ''));
      mkdirSync(into, { recursive: true });
      const tar = spawnSync('tar', ['-xzf', join(root, file), '-C', into, '--strip-components=1', '--wildcards', ...corpus.extensions.map((e) => `*${e}`)], { encoding: 'utf8' });
      rmSync(join(root, file), { force: true });
      if (tar.error || tar.status !== 0) return { skipped: `could not unpack ${spec}: ${tar.error?.message ?? tar.stderr}` };
    }
  } else if ('tar' in corpus.source) {
    if (!existsSync(corpus.source.tar)) return { skipped: `${corpus.source.tar} not found (${corpus.install})` };
    const wanted = corpus.extensions.map((e) => `*${e}`);
    const tar = spawnSync('tar', ['-xf', corpus.source.tar, '-C', root, '--wildcards', '--no-wildcards-match-slash', ...corpus.source.entries.flatMap((d) => wanted.map((w) => `${d}/${w}`))], { encoding: 'utf8' });
    if (tar.error || tar.status !== 0) return { skipped: `could not unpack ${corpus.source.tar}: ${tar.error?.message ?? tar.stderr} (${corpus.install})` };
  } else {
    if (!existsSync(corpus.source.zip)) return { skipped: `${corpus.source.zip} not found (${corpus.install})` };
    const unzip = spawnSync('unzip', ['-q', '-o', corpus.source.zip, ...corpus.source.entries, '-d', root], { encoding: 'utf8' });
    if (unzip.error || unzip.status !== 0) return { skipped: `could not unzip ${corpus.source.zip}: ${unzip.error?.message ?? unzip.stderr} (${corpus.install})` };
  }
  if (countFiles(root) === 0) return { skipped: `no ${corpus.extensions.join('/')} files found` };
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return { root };
}
