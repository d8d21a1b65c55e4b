// The code index on the file system (the programmatic API): building, persisting, re-opening,
// incremental updates, lookups, references, the repo map, and what bad input does to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, utimesSync, unlinkSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { INDEX_FILE } from '../../../src/node/codeIndex/fileStorage';
import { estimateTokens } from '../../../src/core/budget';
import { loadSqlEngine } from '../../../src/node/codeIndex/sqlJsEngine';
import { poll } from '../../support/poll.mjs';

let base: string;

before(() => { base = mkdtempSync(join(tmpdir(), 'smallcode-index-')); });
after(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
/** A fresh workspace with these files, and a storage folder outside it. */
function workspace(files: Record<string, string | Buffer>): { root: string; storageDir: string } {
  const dir = join(base, `case${n++}`);
  const root = join(dir, 'ws');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(root, { recursive: true });
  return { root, storageDir: join(dir, 'storage') };
}

const PROJECT = {
  'src/config.ts': 'export interface Config { port: number }\nexport function parseConfig(text: string): Config {\n  return { port: Number(text) };\n}\n',
  'src/server.ts': "import { parseConfig } from './config';\nexport class Server {\n  start(raw: string) {\n    const c = parseConfig(raw);\n    return listen(c.port);\n  }\n}\nfunction listen(port: number) { return port; }\n",
  'src/cli.ts': "import { Server } from './server';\nexport function main(argv: string[]) {\n  new Server().start(argv[0]);\n}\n",
  'test/config.test.ts': "import { parseConfig } from '../src/config';\nfunction parseConfig2() { return parseConfig('1'); }\n",
  'tools/gen.py': 'class Generator:\n    def render(self):\n        return helper()\n\ndef helper():\n    return 1\n',
  'README.md': '# parseConfig is documented here\n',
};

test('builds, finds definitions best first, lists references, and re-opens without parsing again', async () => {
  const ws = workspace(PROJECT);
  const index = await CodeIndex.open(ws);
  try {
    const state = index.state();
    assert.equal(state.files, 5);
    assert.deepEqual(state.languages, { TypeScript: 4, Python: 1 });
    assert.ok(state.lastUpdate > 0);

    const [hit] = index.findSymbol('parseConfig');
    assert.deepEqual(hit, { name: 'parseConfig', kind: 'function', path: 'src/config.ts', line: 2, signature: 'export function parseConfig(text: string): Config {', scope: '' });
    assert.equal(index.findSymbol('PARSECONFIG')[0]?.name, 'parseConfig', 'then case-insensitive');
    assert.deepEqual(index.findSymbol('config', { limit: 3 }).map((h) => h.name), ['Config', 'parseConfig', 'parseConfig2'], 'then by words, shorter names first');
    assert.equal(index.findSymbol('prsCfg')[0]?.name, 'parseConfig', 'then fuzzy');
    assert.deepEqual(index.findSymbol('Generator.render').map((h) => `${h.path}:${h.line} ${h.kind} ${h.scope}`), ['tools/gen.py:2 method Generator']);
    assert.deepEqual(index.findSymbol('nothingLikeThis_zzz'), []);

    assert.deepEqual(index.references('parseConfig'), [
      { path: 'src/server.ts', line: 1 },
      { path: 'src/server.ts', line: 4 },
      { path: 'test/config.test.ts', line: 1 },
      { path: 'test/config.test.ts', line: 2 },
    ], 'the imports too');
  } finally {
    await index.close();
  }

  const reopened = await CodeIndex.open(ws);
  try {
    assert.equal(reopened.state().files, 5);
    const summary = await reopened.update();
    assert.equal(summary.parsed, 0, 'nothing changed: nothing parsed');
    assert.equal(reopened.findSymbol('Server')[0]?.path, 'src/server.ts');
  } finally {
    await reopened.close();
  }
});

test('a name that is a type and a function or member elsewhere finds the type first', async () => {
  // webpack's index.js re-exports its classes through getters named after them; a C++ or Java constructor is named after its class.
  const ws = workspace({
    'lib/index.js': 'module.exports = {\n  get Cache() { return require("./Cache"); },\n  get Compiler() { return require("./Compiler"); }\n};\n',
    'lib/Cache.js': 'class Cache {\n  get(key) { return key; }\n}\nmodule.exports = Cache;\n',
    'lib/Compiler.js': 'const Cache = require("./Cache");\nclass Compiler { run() { return new Cache(); } }\nmodule.exports = Compiler;\n',
  });
  const index = await CodeIndex.open(ws);
  try {
    assert.deepEqual(index.findSymbol('Cache', { limit: 2 }).map((h) => `${h.path}:${h.line} ${h.kind}`), ['lib/Cache.js:1 class', 'lib/index.js:2 method']);
    assert.equal(index.findSymbol('Compiler', { limit: 1 })[0]?.path, 'lib/Compiler.js');
  } finally {
    await index.close();
  }
});

test('the repo map shows what a file offers, not its functions\' closures, unless the task names one', async () => {
  const ws = workspace({
    'src/report.ts': 'export function renderReport(rows: Row[]) {\n  const formatCell = (c: Cell) => String(c);\n  function emitRow(r: Row) {\n    return r.cells.map(formatCell);\n  }\n  return rows.map(emitRow);\n}\nexport interface Row { cells: Cell[] }\nexport type Cell = string | number;\n',
    'src/main.ts': "import { renderReport } from './report';\nexport function main() { return renderReport([]); }\n",
  });
  const index = await CodeIndex.open(ws);
  try {
    const map = index.repoMap({ tokens: 512 });
    assert.match(map, /renderReport/);
    assert.doesNotMatch(map, /formatCell|emitRow/);
    const named = index.repoMap({ tokens: 512, focus: { identifiers: ['emitRow'] } });
    assert.ok(named.startsWith('src/report.ts\n') && named.includes('\n  3: function emitRow(r: Row) {\n'), named);
  } finally {
    await index.close();
  }
});

test('a map focused on a function ranks the files calling it above files unrelated to it', async () => {
  // Nothing refers to checkout.ts, like the eight report files: the walk along uses never reaches them, but a
  // change to applyDiscount's signature must reach checkout.ts, its caller.
  const helpers = ['roundCents', 'taxFor', 'toCurrency', 'ledgerEntry'];
  const files: Record<string, string> = {
    'src/pricing.ts': `${helpers.map((h) => `import { ${h} } from './${h}';`).join('\n')}\nexport function applyDiscount(price: number, rate: number) {\n  return ${helpers.map((h) => `${h}(`).join('')}price * (1 - rate)${')'.repeat(helpers.length)};\n}\n`,
    'src/web/checkout.ts': "import { applyDiscount } from '../pricing';\nexport function checkoutTotal(items: number[]) {\n  return items.map((p) => applyDiscount(p, 0.1));\n}\n",
  };
  for (const h of helpers) files[`src/${h}.ts`] = `export function ${h}(n: number) { return n; }\n`;
  for (let i = 0; i < 8; i++) files[`src/report${i}.ts`] = `${helpers.map((h) => `import { ${h} } from './${h}';`).join('\n')}\nexport function report${i}(n: number) { return ${helpers.map((h) => `${h}(`).join('')}n${')'.repeat(helpers.length)}; }\n`;
  const ws = workspace(files);
  const index = await CodeIndex.open(ws);
  try {
    const map = index.repoMap({ tokens: 2048, focus: { identifiers: ['applyDiscount'] } });
    const paths = map.split('\n').filter((l) => l && !l.startsWith(' '));
    assert.equal(paths[0], 'src/pricing.ts');
    const checkout = paths.indexOf('src/web/checkout.ts');
    assert.ok(checkout > 0 && paths.every((p, i) => !p.startsWith('src/report') || i > checkout), map);
  } finally {
    await index.close();
  }
});

test('arrays\' `push` calls do not make the file defining a `push` method the centre of the map; a task about it leads to the file using that type, not to the arrays\' users', async () => {
  // Eight files format rows into arrays (out.push()); one class has a push method, used by undo.ts.
  const files: Record<string, string> = {
    'src/format.ts': 'export function fmt(cells: string[]) { return cells.join(","); }\n',
    'src/stack.ts': 'export class Stack<T> {\n  private items: T[] = [];\n  push(item: T) { this.items = [...this.items, item]; }\n}\n',
    'src/undo.ts': "import { Stack } from './stack';\nconst history = new Stack<string>();\nexport function record(change: string) {\n  history.push(change);\n}\n",
  };
  for (let i = 0; i < 8; i++) files[`src/table${i}.ts`] = `import { fmt } from './format';\nexport function table${i}(rows: string[][]) {\n  const out: string[] = [];\n  for (const r of rows) out.push(fmt(r));\n  out.push('');\n  return out;\n}\n`;
  const index = await CodeIndex.open(workspace(files));
  try {
    const paths = (map: string) => map.split('\n').filter((l) => l && !l.startsWith(' '));
    const unfocused = paths(index.repoMap({ tokens: 2048 }));
    assert.equal(unfocused[0], 'src/format.ts', unfocused.join(', '));
    const aboutPush = paths(index.repoMap({ tokens: 2048, focus: { identifiers: ['push'] } }));
    assert.equal(aboutPush[0], 'src/stack.ts');
    const undo = aboutPush.indexOf('src/undo.ts');
    assert.ok(undo > 0 && aboutPush.every((p, i) => !p.startsWith('src/table') || i > undo), aboutPush.join(', '));
  } finally {
    await index.close();
  }
});

test('update re-indexes changed, new and deleted files; a touched but unchanged file is not parsed', async () => {
  const ws = workspace(PROJECT);
  const index = await CodeIndex.open(ws);
  try {
    writeFileSync(join(ws.root, 'src/config.ts'), 'export function loadConfig() {}\n');
    writeFileSync(join(ws.root, 'src/extra.go'), 'package x\nfunc Extra() {}\n');
    unlinkSync(join(ws.root, 'src/cli.ts'));
    const later = new Date(Date.now() + 5000);
    utimesSync(join(ws.root, 'tools/gen.py'), later, later);
    const summary = await index.update();
    assert.equal(summary.parsed, 2);
    assert.equal(summary.removed, 1);
    assert.deepEqual(index.findSymbol('parseConfig').map((h) => h.path), ['test/config.test.ts'], 'the old definition is gone (only the similar name remains)');
    assert.equal(index.findSymbol('loadConfig')[0]?.path, 'src/config.ts');
    assert.equal(index.findSymbol('Extra')[0]?.path, 'src/extra.go');
    assert.equal(index.findSymbol('main').length, 0);

    writeFileSync(join(ws.root, 'src/server.ts'), 'export class Server2 {}\n');
    const one = await index.updateFiles(['src/server.ts', 'src/missing.ts', 'notes.txt']);
    assert.equal(one.parsed, 1);
    assert.equal(index.findSymbol('Server2')[0]?.line, 1);
  } finally {
    await index.close();
  }
});

test('the repo map stays within its budget, ranks what is referenced, and leads with the focus', async () => {
  const files: Record<string, string> = { ...PROJECT };
  for (let i = 0; i < 40; i++) files[`src/feature${i}.ts`] = `import { Server } from './server';\nexport function feature${i}Handler() {\n  return new Server().start('${i}');\n}\n`;
  const ws = workspace(files);
  const index = await CodeIndex.open(ws);
  try {
    const plain = index.repoMap({ tokens: 200 });
    assert.ok(estimateTokens(plain) <= 200, `${estimateTokens(plain)} tokens`);
    const order = plain.split('\n').filter((l) => !l.startsWith(' '));
    assert.deepEqual(order.slice(0, 2).sort(), ['src/config.ts', 'src/server.ts'], 'the files everything uses (directly or not) come first');
    assert.match(plain, /^ {2}2: export class Server \{$/m);
    const focused = index.repoMap({ tokens: 120, focus: { identifiers: ['render'] } });
    assert.ok(estimateTokens(focused) <= 120);
    assert.match(focused, /^tools\/gen\.py\n {2}1: class Generator:\n {2}2: def render\(self\):/, 'the focus identifier\'s file first, with its class (nothing references it) beside it');
    const byFile = index.repoMap({ tokens: 120, focus: { files: ['src/feature7.ts'] } });
    assert.match(byFile, /src\/feature7\.ts/);
    assert.equal(index.repoMap({ tokens: 0 }), '');
    const big = index.repoMap({ tokens: 100_000 });
    assert.ok(big.includes('src/feature39.ts') && big.includes('tools/gen.py'), 'a large budget holds every file');
  } finally {
    await index.close();
  }
});

test('a task map leads with the identifier the task writes as code, not with English words that are also defined names', async () => {
  const files: Record<string, string> = {
    'src/present.ts': 'export function formatIndexState(n: number) {\n  return String(n);\n}\n',
    'src/agent/stateNotes.ts': 'export function tellOnce() { return 1; }\n',
  };
  // Many files defining and using the plain words: the old focus pinned their definitions first.
  for (const word of ['status', 'model', 'config', 'options', 'render', 'client', 'session', 'panel']) {
    for (let i = 0; i < 3; i++) files[`bench/${word}${i}.bench.ts`] = `export function ${word}() { return ${i}; }\nexport class ${word[0]!.toUpperCase()}${word.slice(1)}${i} { run() { return ${word}(); } }\n`;
  }
  const ws = workspace(files);
  const index = await CodeIndex.open(ws);
  try {
    const task = 'When a session starts, the panel should render the model label, status and options from the client config; see formatIndexState.';
    const map = index.repoMapForTask(task, 60);
    assert.ok(estimateTokens(map) <= 60, `${estimateTokens(map)} tokens`);
    assert.match(map, /^src\/present\.ts\n {2}1: export function formatIndexState/);
    assert.match(index.repoMapForTask('fix stateNotes.ts', 60), /^src\/agent\/stateNotes\.ts$/m, 'a file named without its folder');
  } finally {
    await index.close();
  }
});

test('explain_symbol: the code, its callers and what it calls', async () => {
  const ws = workspace(PROJECT);
  const index = await CodeIndex.open(ws);
  try {
    const text = await index.explainSymbol('start');
    assert.equal(text, [
      'method start in Server — src/server.ts:3-6',
      '3:   start(raw: string) {',
      '4:     const c = parseConfig(raw);',
      '5:     return listen(c.port);',
      '6:   }',
      'Callers (1):',
      'src/cli.ts:3 main',
      'Calls (2):',
      'src/config.ts:2 parseConfig',
      'src/server.ts:8 listen',
    ].join('\n'));
    assert.match(await index.explainSymbol('start', { maxLines: 2 }), /4: {5}const c = parseConfig\(raw\);\n… 2 more lines: read_file src\/server\.ts start_line=5/);
    assert.equal(await index.explainSymbol('parsConfg'), 'No definition named "parsConfg". Closest: parseConfig (src/config.ts:2), parseConfig2 (test/config.test.ts:2).');
  } finally {
    await index.close();
  }
});

test('explain_symbol cuts a long (minified) line, so callers and calls stay in a capped result', async () => {
  const body = Array.from({ length: 400 }, (_, i) => `v${i}=v${i}+1`).join(';');
  const ws = workspace({
    'lib/min.js': `function packed(a){${body};return helperFn(a)}\nfunction helperFn(x){return x}\n`,
    'app.js': 'function run() { return packed(1); }\n',
  });
  const index = await CodeIndex.open(ws);
  try {
    const text = await index.explainSymbol('packed');
    const [head, code, ...rest] = text.split('\n');
    assert.equal(head, 'function packed — lib/min.js:1-1');
    assert.ok(code!.startsWith('1: function packed(a){v0=v0+1;') && code!.endsWith('… [line cut]') && code!.length < 300, code!.slice(0, 80));
    assert.deepEqual(rest, ['Callers (1):', 'app.js:1 run', 'Calls (1):', 'lib/min.js:2 helperFn']);
  } finally {
    await index.close();
  }
});

test('explain_symbol points at the definition the code can see: same file, imports, the class; member calls on unknown values are not sent to free functions', async () => {
  const ws = workspace({
    'src/a/form.ts': "import { Stack } from './stack';\nexport function submitForm(data: string, s: Stack, xs: string[]) {\n  xs.push(data);\n  s.peek();\n  Registry.open('x');\n  return validate(data);\n}\nfunction validate(data: string) { return !!data; }\n",
    'src/a/stack.ts': 'export class Stack {\n  peek() { return 1; }\n}\n',
    'src/b/schema.ts': 'export function validate(schema: object): boolean {\n  return !!schema;\n}\nexport function push(x: number) { return x; }\n',
    'src/b/use.ts': "import { validate } from './schema';\nexport function check() { return validate({}); }\n",
    'src/registry.ts': 'export class Registry {\n  static open(name: string) { return name; }\n}\n',
    'src/files.ts': "import * as fs from 'node:fs';\nexport function readIt() { return fs.open('x'); }\n",
    'bench/registry.bench.ts': "import { Registry } from '../src/registry';\nexport function measure() { return Registry.open('b'); }\n",
    'src/app.ts': "import { Registry } from './registry';\nexport function start() { return Registry.open('a'); }\n",
    'src/c/checks.ts': "import * as rules from '../b/schema';\nexport function viaNamespace() { return rules.validate({}); }\n",
  });
  const index = await CodeIndex.open(ws);
  try {
    const form = await index.explainSymbol('submitForm');
    const calls = form.slice(form.indexOf('Calls'));
    assert.match(calls, /^src\/a\/form\.ts:8 validate$/m, 'the same file\'s validate, not src/b/schema.ts');
    assert.match(calls, /^src\/a\/stack\.ts:2 peek$/m, 'a method of a class the file names');
    assert.match(calls, /^src\/registry\.ts:2 open$/m, 'Registry.open: the class named');
    assert.doesNotMatch(calls, /push/, 'xs.push() is not the free function push');

    const open = await index.explainSymbol('Registry.open');
    const callers = open.slice(open.indexOf('Callers')).split('\n');
    assert.deepEqual(callers.slice(0, 4), ['Callers (3):', 'src/a/form.ts:5 submitForm', 'src/app.ts:2 start', 'bench/registry.bench.ts:2 measure'], 'src before bench; fs.open is not a caller');
    assert.match(open, /1 other line uses the name open, probably for another definition: not listed/);

    const validate = await index.explainSymbol('validate');
    assert.match(validate, /^function validate — src\/b\/schema\.ts:1-3$/m);
    assert.match(validate, /^Callers \(2\):\nsrc\/b\/use\.ts:2 check\nsrc\/c\/checks\.ts:2 viaNamespace\n\(1 other line uses the name validate, probably for another definition: not listed\.\)$/m, 'form.ts calls its own validate');

  } finally {
    await index.close();
  }
});

test('explain_symbol never sends code into a folder of test inputs, nor lists their uses as callers (Go\'s testdata, fixtures)', async () => {
  const ws = workspace({
    'check/check.go': 'package check\n\nimport "testing"\n\nfunc CheckAll(t *testing.T) {\n\tt.Errorf("bad %d", Count())\n}\n\nfunc Count() int { return 1 }\n',
    // a copy of the testing package's shape, as go/doc keeps one to document
    'doc/testdata/testing.go': 'package testing\n\ntype T struct{}\n\nfunc (t *T) Errorf(format string, args ...any) {}\n\nfunc Count() int { return 2 }\n\nfunc use() { _ = Count() }\n',
  });
  const index = await CodeIndex.open(ws);
  try {
    const checkAll = await index.explainSymbol('CheckAll');
    const calls = checkAll.slice(checkAll.indexOf('Calls'));
    assert.match(calls, /^check\/check\.go:9 Count$/m);
    assert.doesNotMatch(calls, /testdata/, checkAll);
    const count = await index.explainSymbol('check/check.go:Count');
    assert.match(count, /^Callers \(1\):\ncheck\/check\.go:6 CheckAll$/m, count);
    const copy = await index.explainSymbol('Errorf');
    assert.doesNotMatch(copy, /check\.go/, copy);
  } finally {
    await index.close();
  }
});

test('explain_symbol lists a function passed as a value among its callers, and never calls a function without calls unused', async () => {
  const ws = workspace({
    'src/util.ts': 'export function normalize(s: string) { return s.trim(); }\nexport function unused() { return 1; }\n',
    'src/app.ts': "import { normalize } from './util';\nexport const clean = (items: string[]) => items.map(normalize);\nexport const table = { clean: normalize };\n",
    'src/index.ts': "export { normalize } from './util';\n",
    'main.go': 'package main\nfunc handler(w int) {}\nfunc main() { http.HandleFunc("/", handler) }\n',
    'w.py': 'def on_done(f):\n    pass\n\ndef run(pool, work):\n    pool.submit(work, callback=on_done)\n',
  });
  const index = await CodeIndex.open(ws);
  try {
    const callers = async (name: string) => { const text = await index.explainSymbol(name); return text.slice(text.indexOf('Callers'), text.indexOf('\nCalls')); };
    assert.equal(await callers('normalize'), 'Callers (3):\nsrc/app.ts:2 clean\nsrc/app.ts:3 (top level)\nsrc/index.ts:1 (top level)', 'an import line only when it is the file\'s one use');
    assert.equal(await callers('handler'), 'Callers (1):\nmain.go:3 main');
    assert.equal(await callers('on_done'), 'Callers (1):\nw.py:5 run');
    assert.equal(await callers('unused'), 'Callers: no calls found in the index (uses as a value may be missed: search to be sure before removing or renaming it).');
  } finally {
    await index.close();
  }
});

test('explain_symbol with more uses than the index keeps per file: callers say "at least", and a late callee is still found', async () => {
  const calls = Array.from({ length: 71 }, (_, i) => `  helper(${i});`).join('\n');
  const ws = workspace({ 'src/many.ts': `export function helper(n: number) { return n; }\nexport function other() { return 0; }\nexport function all() {\n${calls}\n}\nexport function last() {\n  return helper(0) + other();\n}\n` });
  const index = await CodeIndex.open(ws);
  try {
    assert.match(await index.explainSymbol('last'), /Calls \(2\):\nsrc\/many\.ts:1 helper\nsrc\/many\.ts:2 other/);
    assert.match(await index.explainSymbol('helper'), /^Callers \(at least 64, first 12\):$/m);
  } finally {
    await index.close();
  }
});

test('explain_symbol redacts a private key spanning lines as one block, and keeps the line numbers', async () => {
  const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
  const ws = workspace({ 'keys.ts': `export function signingKey(): string {\n  return \`-----BEGIN PRIVATE KEY-----\n${body}\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----\`;\n}\n` });
  const index = await CodeIndex.open(ws);
  try {
    const text = await index.explainSymbol('signingKey');
    assert.ok(!text.includes(body.slice(0, 12)), text);
    assert.match(text, /^2: {3}return `\[REDACTED PRIVATE KEY\]$/m);
    assert.match(text, /^5: `;\n6: \}$/m, 'the lines after the key keep their numbers');
  } finally {
    await index.close();
  }
});

test('skipped: gitignored, huge, binary and generated files, and symlinks out of (or within) the workspace', async () => {
  const outside = mkdtempSync(join(base, 'outside-'));
  writeFileSync(join(outside, 'secret.ts'), 'export function outsideSecret() {}\n');
  mkdirSync(join(outside, 'lib'));
  writeFileSync(join(outside, 'lib', 'more.ts'), 'export function outsideMore() {}\n');
  const ws = workspace({
    '.gitignore': 'build/\n*.gen.ts\n',
    'src/a.ts': 'export function kept() {}\n',
    'build/out.ts': 'export function ignoredBuild() {}\n',
    'src/x.gen.ts': 'export function ignoredGen() {}\n',
    'src/huge.ts': `export function huge() {}\n${'// filler\n'.repeat(2000)}`,
    'src/blob.ts': Buffer.from([0x65, 0x78, 0x70, 0x00, 0x01, 0x02]),
    'dist/app.min.js': 'function minified(){}',
  });
  symlinkSync(join(outside, 'secret.ts'), join(ws.root, 'src/link.ts'));
  symlinkSync(join(outside, 'lib'), join(ws.root, 'linked-lib'));
  symlinkSync(join(ws.root, 'src/a.ts'), join(ws.root, 'src/alias.ts'));
  const index = await CodeIndex.open({ ...ws, maxFileBytes: 10_000 });
  try {
    assert.deepEqual(index.findSymbol('kept').map((h) => h.path), ['src/a.ts']);
    for (const name of ['ignoredBuild', 'ignoredGen', 'huge', 'minified', 'outsideSecret', 'outsideMore']) assert.deepEqual(index.findSymbol(name).filter((h) => h.name === name), [], name);
    assert.equal(index.state().files, 1);
    assert.equal(await index.updateFiles(['src/link.ts', 'linked-lib/more.ts', '../outside/secret.ts']).then((s) => s.parsed), 0, 'events for links are not followed either');
    assert.equal(index.state().files, 1);
    // A folder linked inside the workspace (VS Code's Explorer expands it): a save through it is not a second copy.
    symlinkSync(ws.root, join(ws.root, 'src/loop'));
    assert.equal(await index.updateFiles(['src/loop/src/a.ts', 'src/loop/src/loop/src/a.ts']).then((s) => s.parsed), 0);
    assert.deepEqual(index.findSymbol('kept').map((h) => h.path), ['src/a.ts'], 'indexed once, under its real path');
  } finally {
    await index.close();
  }
});

test('a re-open of the bytes last saved skips the structure check; any other bytes get it', async () => {
  const { FileIndexStorage } = await import('../../../src/node/codeIndex/fileStorage');
  const { FileSystemSource } = await import('../../../src/node/codeIndex/fileSource');
  const { TreeSitterTagger } = await import('../../../src/node/codeIndex/treeSitterTagger');
  const { CodeIndexCore } = await import('../../../src/core/codeIndex');
  const ws = workspace(PROJECT);
  await (await CodeIndex.open(ws)).close();
  const engine = await loadSqlEngine();
  const checks: string[] = [];
  /** Opens the index as saved, counting SQLite's structure checks. */
  const reopen = async () => {
    const sql = { open: (bytes?: Uint8Array) => {
      const db = engine.open(bytes);
      const exec = db.exec.bind(db);
      db.exec = ((query: string, params?: never) => { if (/quick_check/.test(query)) checks.push(query); return exec(query, params); }) as typeof db.exec;
      return db;
    } };
    const tagger = new TreeSitterTagger();
    const index = await CodeIndexCore.openWith({ source: new FileSystemSource(realpathSync(ws.root)), tagger, sql, storage: new FileIndexStorage(ws.storageDir) });
    const found = index.findSymbol('parseConfig')[0]?.path;
    await index.close();
    tagger.dispose();
    return found;
  };
  assert.equal(await reopen(), 'src/config.ts');
  assert.equal(checks.length, 0, 'the bytes match the checksum saved beside them: no check');

  const file = join(ws.storageDir, INDEX_FILE);
  const bytes = readFileSync(file);
  bytes[bytes.length - 1] ^= 1; // one bit of the last page, where the structure check may not even look
  writeFileSync(file, bytes);
  assert.equal((await new FileIndexStorage(ws.storageDir).load())?.intact, false, 'one changed bit is caught');
  assert.equal(await reopen(), 'src/config.ts');
  assert.equal(checks.length, 1, 'bytes that differ from what was saved are checked');

  unlinkSync(`${file}.sha256`);
  assert.equal((await new FileIndexStorage(ws.storageDir).load())?.intact, false, 'no checksum (an older version): checked');
});

test('a corrupt database file is rebuilt with a warning; an old schema is rebuilt quietly', async () => {
  const ws = workspace(PROJECT);
  mkdirSync(ws.storageDir, { recursive: true });
  writeFileSync(join(ws.storageDir, INDEX_FILE), 'this is not a database at all, just text that happens to be long enough');
  const warnings: string[] = [];
  const index = await CodeIndex.open({ ...ws, onWarning: (w) => warnings.push(w) });
  assert.equal(index.state().warnings.length, 1);
  await index.close();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /could not be read .*rebuilding it/);
  assert.throws(() => index.findSymbol('Server'), /The code index is closed/);
  // What close() saved is a real database that re-opens cleanly.
  const again = await CodeIndex.open({ ...ws, onWarning: (w) => warnings.push(w) });
  assert.equal(again.findSymbol('parseConfig')[0]?.path, 'src/config.ts');
  await again.memory.remember('build', 'npm run build');
  await again.close();
  assert.equal(warnings.length, 1);

  // Truncated in the middle: fails the check on open, not later in a lookup.
  const bytes = readFileSync(join(ws.storageDir, INDEX_FILE));
  writeFileSync(join(ws.storageDir, INDEX_FILE), bytes.subarray(0, Math.floor(bytes.length / 2)));
  const truncated = await CodeIndex.open({ ...ws, onWarning: (w) => warnings.push(w) });
  assert.equal(truncated.findSymbol('Server')[0]?.path, 'src/server.ts');
  await truncated.close();
  assert.equal(warnings.length, 2);

  // An index from an older version of SmallCode: its tables are rebuilt, project memory is kept.
  const SQL = await loadSqlEngine();
  const memoryIndex = await CodeIndex.open(ws);
  await memoryIndex.memory.remember('style', 'tabs');
  await memoryIndex.close();
  const db = SQL.open(readFileSync(join(ws.storageDir, INDEX_FILE)));
  db.run("UPDATE meta SET value = '0' WHERE key = 'index_schema'");
  db.run('DELETE FROM defs');
  writeFileSync(join(ws.storageDir, INDEX_FILE), db.export());
  db.close();
  const upgraded = await CodeIndex.open({ ...ws, onWarning: (w) => warnings.push(w) });
  assert.equal(upgraded.findSymbol('parseConfig')[0]?.path, 'src/config.ts');
  assert.equal(await upgraded.memory.load('style'), 'style: tabs');
  await upgraded.close();
  assert.equal(warnings.length, 2);
});

test('a grammar that fails to load skips its language with one warning; the rest is indexed', async () => {
  const ws = workspace({ ...PROJECT, 'tools/other.py': 'def other():\n    pass\n' });
  const broken = join(base, 'broken-grammar.wasm');
  writeFileSync(broken, 'not wasm');
  const warnings: string[] = [];
  const { wasmPath } = await import('../../../src/node/codeIndex/wasmFiles');
  const index = await CodeIndex.open({ ...ws, onWarning: (w) => warnings.push(w), grammarPath: (g) => (g === 'python' ? broken : wasmPath(`tree-sitter-${g}.wasm`)) });
  try {
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^The python grammar could not be loaded \(.+\); python files are not indexed\.$/);
    assert.equal(index.findSymbol('Server')[0]?.path, 'src/server.ts');
    assert.deepEqual(index.findSymbol('Generator'), []);
    assert.deepEqual(index.state().languages, { TypeScript: 4 });
  } finally {
    await index.close();
  }
});

test('updates are cancellable; the next update finishes the job', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++) files[`src/m${i}.ts`] = `export function f${i}() { return f${(i + 1) % 150}(); }\n`;
  const ws = workspace(files);
  const controller = new AbortController();
  const seen: number[] = [];
  const index = await CodeIndex.open({ ...ws, signal: controller.signal, onProgress: (p) => { seen.push(p.done); if (p.done === 10) controller.abort(); } });
  try {
    assert.ok(index.state().files >= 10 && index.state().files < 150, `${index.state().files} files after cancelling`);
    assert.deepEqual(seen.slice(0, 3), [1, 2, 3]);
    const rest = await index.update();
    assert.equal(rest.cancelled, false);
    assert.equal(index.state().files, 150);
    assert.equal(rest.parsed, 150 - seen.length);
  } finally {
    await index.close();
  }
});

test('more source files than the limit: the first ones are indexed, with a warning', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) files[`src/m${String(i).padStart(2, '0')}.ts`] = `export function g${i}() {}\n`;
  const ws = workspace(files);
  const warnings: string[] = [];
  const index = await CodeIndex.open({ ...ws, maxFiles: 5, onWarning: (w) => warnings.push(w) });
  try {
    assert.equal(index.state().files, 5);
    assert.equal(index.state().truncated, true);
    assert.match(warnings.join('\n'), /more than 5 source files/);
  } finally {
    await index.close();
  }
});

test('more source files than the cap: code before examples and tests, shallower first, with the warning', async () => {
  const files: Record<string, string> = {
    'a.py': 'def top_level():\n    pass\n',
    'src/b.py': 'def core_logic():\n    pass\n',
    'src/c/d.py': 'def nested_logic():\n    pass\n',
    'src/c/e/f/g.py': 'def deep_logic():\n    pass\n',
  };
  for (let i = 0; i < 20; i++) files[`examples/ex${String(i).padStart(2, '0')}.py`] = `def example_${i}():\n    pass\n`;
  files['benchmarks/b.py'] = 'def bench_it():\n    pass\n';
  const warnings: string[] = [];
  const index = await CodeIndex.open({ ...workspace(files), maxFiles: 3, onWarning: (w) => warnings.push(w) });
  try {
    assert.deepEqual(['top_level', 'core_logic', 'nested_logic', 'deep_logic', 'example_0', 'bench_it'].map((name) => index.findSymbol(name, { limit: 1 })[0]?.path ?? '-'),
      ['a.py', 'src/b.py', 'src/c/d.py', '-', '-', '-']);
    assert.equal(index.state().truncated, true);
    assert.deepEqual(warnings, ['The workspace has more than 3 source files; only 3 are indexed, code before tests, examples and vendored files (setting smallcode.index.maxFiles).']);
  } finally {
    await index.close();
  }
});

test('a large batch parsed on worker threads gives the same index as parsing in this thread', async () => {
  const files: Record<string, string> = { ...PROJECT };
  for (let i = 0; i < 30; i++) files[`lib/mod${i}.py`] = `class Thing${i}:\n    def run(self):\n        return helper_${i}()\n\ndef helper_${i}():\n    return ${i}\n`;
  const ws = workspace(files);
  const threaded = await CodeIndex.open({ ...ws, parseThreads: 2 });
  const threadedState = threaded.state();
  const threadedHits = ['Thing7', 'helper_29', 'parseConfig', 'run'].map((n) => threaded.findSymbol(n, { limit: 3 }));
  await threaded.close();
  const single = await CodeIndex.open({ root: ws.root, storageDir: join(ws.storageDir, 'single'), parseThreads: 0 });
  try {
    assert.deepEqual(threadedState.files, single.state().files);
    assert.deepEqual(threadedState.definitions, single.state().definitions);
    assert.deepEqual(threadedHits, ['Thing7', 'helper_29', 'parseConfig', 'run'].map((n) => single.findSymbol(n, { limit: 3 })));
  } finally {
    await single.close();
  }
});

test('a parsing thread reports a grammar that does not load as such, and keeps working', async () => {
  const { ParallelTagger } = await import('../../../src/node/codeIndex/parallelTagger');
  const { GrammarUnavailableError } = await import('../../../src/core/codeIndex');
  const { provideWasmModule, wasmModule } = await import('../../../src/node/codeIndex/wasmModules');
  const { grammarWasm } = await import('../../../src/node/codeIndex/wasmFiles');
  const tagger = new ParallelTagger(1);
  const ruby = await wasmModule(grammarWasm('ruby'));
  try {
    assert.equal(tagger.lanes(100), 2, 'one thread, two files in flight');
    assert.equal((await tagger.extract('go', 'package p\nfunc Up() {}\n')).definitions[0]?.name, 'Up', 'the thread is running');
    // A "Ruby grammar" that loads here but whose query the thread cannot compile (it is Go's grammar).
    provideWasmModule(grammarWasm('ruby'), await wasmModule(grammarWasm('go')));
    await assert.rejects(tagger.extract('ruby', 'class A; end'), (e: unknown) => e instanceof GrammarUnavailableError && e.language === 'ruby');
    assert.equal(tagger.threadsRunning(), 1, 'the same thread, still up');
    assert.equal((await tagger.extract('go', 'package q\nfunc Fine() {}\n')).definitions[0]?.name, 'Fine', 'the thread still works');
    await tagger.release();
    assert.equal((await tagger.extract('go', 'package r\nfunc Here() {}\n')).definitions[0]?.name, 'Here', 'after the batch, in this thread');
  } finally {
    provideWasmModule(grammarWasm('ruby'), ruby);
    tagger.dispose();
  }
});

test('files waiting on a thread when its batch ends are answered, never left hanging', { timeout: 30_000 }, async () => {
  const { ParallelTagger } = await import('../../../src/node/codeIndex/parallelTagger');
  const tagger = new ParallelTagger(1);
  try {
    tagger.lanes(100);
    assert.equal((await tagger.extract('go', 'package q\nfunc First() {}\n')).definitions[0]?.name, 'First', 'the thread works');
    const big = `package q\n${Array.from({ length: 4000 }, (_, i) => `func F${i}() { g${i}() }`).join('\n')}\n`;
    const waiting = tagger.extract('go', big);
    await poll('the file posted to the thread', async () => { await new Promise((r) => setImmediate(r)); return tagger.threadsRunning() === 1 && (tagger as unknown as { waiting: Map<number, unknown> }).waiting.size === 1; });
    const answered = assert.rejects(waiting, /batch ended/);
    await tagger.release(); // a lane of the batch failed: the batch ends with this file still on the thread
    await answered;
    assert.equal(tagger.threadsRunning(), 0);
    const late = tagger.extract('go', 'package q\nfunc Late() {}\n');
    assert.equal((await late).definitions[0]?.name, 'Late', 'after the batch: parsed here, no thread started for it');
    assert.equal(tagger.threadsRunning(), 0);
  } finally {
    tagger.dispose();
  }
});

test('parsing threads that cannot start: the batch is parsed in this thread, nothing recorded as unparsed', async () => {
  const { ParallelTagger } = await import('../../../src/node/codeIndex/parallelTagger');
  const { CodeIndexCore } = await import('../../../src/core/codeIndex');
  const { FileSystemSource } = await import('../../../src/node/codeIndex/fileSource');
  const { FileIndexStorage } = await import('../../../src/node/codeIndex/fileStorage');
  const { Worker } = await import('node:worker_threads');
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`lib/mod${i}.py`] = `def h${i}():\n    return ${i}\n`;
  const ws = workspace(files);
  // what a broken install looks like: the thread's script is not there
  const tagger = new ParallelTagger(2, () => new Worker(join(base, 'no-such-tagWorker.js')));
  const warned: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => { warned.push(args[0]); };
  const index = await CodeIndexCore.openWith({ source: new FileSystemSource(realpathSync(ws.root)), tagger, sql: await loadSqlEngine(), storage: new FileIndexStorage(ws.storageDir) });
  console.warn = warn;
  try {
    assert.equal(index.state().files, 30);
    assert.equal(index.state().definitions, 30, 'every file parsed, none stored without symbols');
    assert.equal(index.findSymbol('h29')[0]?.path, 'lib/mod29.py');
    assert.match(String(warned[0]), /parsing threads could not start/);
    assert.equal(warned.length, 1, 'said once');
  } finally {
    await index.close();
    tagger.dispose();
  }
});

test('the reference graph kept up to date file by file equals the graph built from scratch', async () => {
  const { buildGraph, GraphRowsCache } = await import('../../../src/core/codeIndex/graph');
  const { IndexStore } = await import('../../../src/core/codeIndex/store');
  const ws = workspace(PROJECT);
  const index = await CodeIndex.open(ws);
  const store = (index as unknown as { store: InstanceType<typeof IndexStore> }).store;
  /** The graph as comparable text: edges and slots by path and name, in a canonical order. */
  const canonical = (g: ReturnType<typeof buildGraph>) => ({
    paths: g.paths,
    edges: [...g.src].map((s, e) => `${g.paths[s]} → ${g.paths[g.dst[e]!]} ${g.names[g.edgeName[e]!]} ${g.weight[e]!.toFixed(6)} slot ${g.paths[g.slotFile[g.edgeSlot[e]!]!]}/${g.names[g.slotName[g.edgeSlot[e]!]!]} ${g.slotDef[g.edgeSlot[e]!]} ${g.slotDef2[g.edgeSlot[e]!]}`).sort(),
    definers: g.names.flatMap((name, id) => (g.definers(id).length ? [`${name}: ${g.definers(id).map((f) => g.paths[f]).join(' ')}`] : [])).sort(),
  });
  try {
    const cache = new GraphRowsCache();
    const first = buildGraph(store, cache);
    assert.ok(first.src.length > 0);
    assert.deepEqual(canonical(first), canonical(buildGraph(new IndexStore(store.db))));
    // A definition moves, a caller is added, a file goes and another comes.
    writeFileSync(join(ws.root, 'src/config.ts'), 'export interface Config { port: number }\n');
    writeFileSync(join(ws.root, 'src/cli.ts'), "export function parseConfig(t: string) { return listen(Number(t)); }\nexport function main() { return parseConfig('1') + parseConfig('2'); }\n");
    unlinkSync(join(ws.root, 'tools/gen.py'));
    writeFileSync(join(ws.root, 'src/net.ts'), 'export function listen(port: number) { return new Server().start(String(port)); }\n');
    await index.updateFiles(['src/config.ts', 'src/cli.ts', 'tools/gen.py', 'src/net.ts']);
    const changed = buildGraph(store, cache);
    assert.deepEqual(canonical(changed), canonical(buildGraph(new IndexStore(store.db))));
    assert.ok(canonical(changed).edges.some((e) => e.startsWith('src/server.ts → src/cli.ts parseConfig')), 'edges follow the moved definition');
    assert.ok(!changed.paths.includes('tools/gen.py'));
  } finally {
    await index.close();
  }
});

test('after a change the reference graph is rebuilt in the background, so the next map only ranks', async () => {
  const ws = workspace(PROJECT);
  const index = await CodeIndex.open(ws);
  const internals = index as unknown as { graph?: { version: number }; store: { version: number } };
  try {
    await poll('the graph built after the first build', () => internals.graph?.version === internals.store.version);
    writeFileSync(join(ws.root, 'src/net.ts'), 'export function listen(port: number) { return port; }\n');
    await index.updateFiles(['src/net.ts']);
    assert.notEqual(internals.graph?.version, internals.store.version, 'the change made the graph stale');
    await poll('the graph rebuilt after the change', () => internals.graph?.version === internals.store.version);
    const built = internals.graph;
    assert.match(index.repoMap({ tokens: 512, focus: { identifiers: ['listen'] } }), /^src\/net\.ts$/m);
    assert.equal(internals.graph, built, 'the map used the graph built in the background');
  } finally {
    await index.close();
  }
});

test('a re-opened index with nothing changed also builds its graph in the background, for the window\'s first task', async () => {
  const ws = workspace(PROJECT);
  await (await CodeIndex.open(ws)).close();
  const index = await CodeIndex.open(ws);
  const internals = index as unknown as { graph?: { version: number }; store: { version: number } };
  try {
    assert.equal(internals.graph, undefined, 'nothing was parsed again on re-opening');
    await poll('the graph built after opening', () => internals.graph?.version === internals.store.version);
    const built = internals.graph;
    assert.match(index.repoMap({ tokens: 512, focus: { identifiers: ['listen'] } }), /^src\/server\.ts$/m);
    assert.equal(internals.graph, built, 'the map used the graph built in the background');
  } finally {
    await index.close();
  }
});
