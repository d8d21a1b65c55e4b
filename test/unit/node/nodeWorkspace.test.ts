import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, existsSync, readFileSync, readdirSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { WorkspaceError } from '../../../src/core/ports';

let base: string;
let root: string;
let outside: string;
let ws: NodeWorkspace;

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof WorkspaceError, `expected a WorkspaceError, got ${String(error)}`);
    return error.code;
  }
  assert.fail('expected a refusal');
};

before(() => {
  base = mkdtempSync(join(tmpdir(), 'smallcode-ws-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'src', 'lib'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'top secret');
  writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src', 'lib', 'b.ts'), 'export function helper() {\n  return "Hello";\n}\n');
  writeFileSync(join(root, 'README.md'), '# demo\nhello world\n');
  writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
  symlinkSync(outside, join(root, 'escape'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
  symlinkSync(join(outside, 'not-yet.txt'), join(root, 'dangling.txt'));
  symlinkSync(join(root, 'src', 'a.ts'), join(root, 'inside-link.ts'));
  ws = new NodeWorkspace(root);
});

after(() => rmSync(base, { recursive: true, force: true }));

test('reads a file by relative, ./ and absolute-inside-root paths', async () => {
  assert.equal((await ws.readFile('src/a.ts')).content, 'export const a = 1;\n');
  assert.equal((await ws.readFile('./src/a.ts')).path, 'src/a.ts');
  assert.equal((await ws.readFile(join(root, 'src/a.ts'))).path, 'src/a.ts');
  assert.equal((await ws.readFile('inside-link.ts')).content, 'export const a = 1;\n', 'a symlink inside the root is fine');
});

test('.. and absolute paths outside the root are refused', async () => {
  assert.equal(await code(ws.readFile('../outside/secret.txt')), 'invalid-path');
  assert.equal(await code(ws.readFile(join(outside, 'secret.txt'))), 'invalid-path');
  assert.equal(await code(ws.readFile('src/\0x')), 'invalid-path');
});

test('symlinks leading outside the root are refused for reads and writes, existing or not', async () => {
  assert.equal(await code(ws.readFile('escape/secret.txt')), 'outside-root');
  assert.equal(await code(ws.readFile('secret-link.txt')), 'outside-root');
  assert.equal(await code(ws.writeFile('escape/new.txt', 'x')), 'outside-root');
  assert.equal(await code(ws.writeFile('escape/deep/er/new.txt', 'x')), 'outside-root');
  assert.equal(await code(ws.writeFile('secret-link.txt', 'overwritten')), 'outside-root');
  assert.equal(await code(ws.writeFile('dangling.txt', 'x')), 'outside-root');
  assert.deepEqual(readdirSync(outside), ['secret.txt'], 'nothing was created outside');
  assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'top secret');
});

test('writes outside the root are impossible whatever the path looks like', async () => {
  for (const p of ['../outside/x.txt', '/tmp/smallcode-x.txt', 'src/../../outside/x.txt', '..\\outside\\x.txt', 'C:\\x.txt', '~/x.txt']) {
    assert.equal(await code(ws.writeFile(p, 'x')), 'invalid-path', p);
  }
  assert.deepEqual(readdirSync(outside), ['secret.txt']);
});

test('writes are atomic, create folders, keep permissions and honour createOnly', async () => {
  const created = await ws.writeFile('src/new/deep/c.ts', 'export {};\n');
  assert.deepEqual(created, { path: 'src/new/deep/c.ts', created: true, bytes: 11 });
  assert.equal(readFileSync(join(root, 'src/new/deep/c.ts'), 'utf8'), 'export {};\n');
  writeFileSync(join(root, 'run.sh'), '#!/bin/sh\n');
  chmodSync(join(root, 'run.sh'), 0o755);
  const rewritten = await ws.writeFile('run.sh', '#!/bin/sh\necho hi\n');
  assert.equal(rewritten.created, false);
  assert.equal(statSync(join(root, 'run.sh')).mode & 0o777, 0o755);
  assert.equal(await code(ws.writeFile('run.sh', 'x', { createOnly: true })), 'exists');
  assert.equal(await code(ws.writeFile('src', 'x')), 'is-directory');
  assert.equal(readdirSync(join(root, 'src')).filter((n) => n.includes('smallcode-tmp')).length, 0, 'no temp files left');
  // Writing through a symlink inside the root replaces the target, not the link.
  await ws.writeFile('inside-link.ts', 'export const a = 2;\n');
  assert.equal(readFileSync(join(root, 'src/a.ts'), 'utf8'), 'export const a = 2;\n');
  await ws.writeFile('src/a.ts', 'export const a = 1;\n');
});

test('a write carrying the text it was computed from is refused when the file moved on; a BOM is not a change', async () => {
  writeFileSync(join(root, 'e.ts'), '\uFEFFconst e = 1;\n');
  assert.equal((await ws.writeFile('e.ts', 'const e = 2;\n', { expected: 'const e = 1;\n' })).created, false);
  assert.equal(readFileSync(join(root, 'e.ts'), 'utf8'), '\uFEFFconst e = 2;\n');
  assert.equal(await code(ws.writeFile('e.ts', 'const e = 3;\n', { expected: 'const e = 1;\n' })), 'changed');
  assert.equal(readFileSync(join(root, 'e.ts'), 'utf8'), '\uFEFFconst e = 2;\n', 'the newer text is kept');
  // Already the new content (a review applied it): nothing is in the way.
  await ws.writeFile('e.ts', 'const e = 2;\n', { expected: 'const e = 1;\n' });
  assert.equal(await code(ws.writeFile('gone.ts', 'x\n', { expected: 'old\n' })), 'changed');
  assert.equal(existsSync(join(root, 'gone.ts')), false);
  rmSync(join(root, 'e.ts'));
});

test('binary, huge, missing files and folders are refused with clear messages', async () => {
  assert.equal(await code(ws.readFile('logo.png')), 'binary');
  assert.equal(await code(ws.readFile('nope.ts')), 'not-found');
  assert.equal(await code(ws.readFile('src')), 'is-directory');
  writeFileSync(join(root, 'big.txt'), 'x'.repeat(2048));
  await assert.rejects(new NodeWorkspace(root, { maxReadBytes: 1024 }).readFile('big.txt'), /2\.0 KiB, over the 1\.0 KiB limit/);
  rmSync(join(root, 'big.txt'));
});

test('stat reports files, folders and absence', async () => {
  assert.deepEqual(await ws.stat('src/a.ts'), { path: 'src/a.ts', kind: 'file', bytes: 20 });
  assert.equal((await ws.stat('src'))?.kind, 'directory');
  assert.equal(await ws.stat('missing'), undefined);
});

test('findFiles and search skip what files.exclude hides (given as `exclude`); readFile still reads it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-exclude-'));
  try {
    const put = (p: string, text = 'needle\n') => {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), text);
    };
    put('src/app.ts');
    put('generated/api.ts');
    put('src/app.js.map');
    put('lib/generated/kept.ts');
    const w = new NodeWorkspace(dir, { exclude: () => ['generated', '**/*.map'] });
    assert.deepEqual((await w.findFiles()).files, ['lib/generated/kept.ts', 'src/app.ts']);
    assert.deepEqual((await w.search('needle')).matches.map((m) => m.path), ['lib/generated/kept.ts', 'src/app.ts']);
    assert.equal((await w.readFile('generated/api.ts')).content, 'needle\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('findFiles and search respect .gitignore (nested), skip .git and node_modules', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smallcode-ig-'));
  try {
    const put = (p: string, text = 'needle\n') => {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), text);
    };
    put('.gitignore', 'dist/\n*.log\n/secret.txt\n');
    put('src/app.ts', 'const needle = 1;\nconst Needle = 2;\n');
    put('src/.gitignore', 'gen/\n!keep.log\n');
    put('src/gen/out.ts');
    put('src/keep.log');
    put('src/drop.log');
    put('dist/bundle.js');
    put('secret.txt');
    put('docs/secret.txt');
    put('node_modules/pkg/index.js');
    put('.git/config');
    put('.git/info/exclude', 'local-only.md\n');
    put('local-only.md');
    const w = new NodeWorkspace(dir);
    const all = (await w.findFiles()).files;
    assert.deepEqual(all, ['.gitignore', 'docs/secret.txt', 'src/.gitignore', 'src/app.ts', 'src/keep.log']);
    assert.deepEqual((await w.findFiles('*.ts')).files, ['src/app.ts']);
    assert.deepEqual((await w.findFiles('src/**/*.{ts,log}')).files, ['src/app.ts', 'src/keep.log']);
    const limited = await w.findFiles(undefined, { maxResults: 2 });
    assert.deepEqual(limited, { files: ['.gitignore', 'docs/secret.txt'], truncated: true });

    const hits = await w.search('needle');
    assert.deepEqual(hits.matches.map((m) => `${m.path}:${m.line}`), ['docs/secret.txt:1', 'src/app.ts:1', 'src/app.ts:2', 'src/keep.log:1']);
    const sensitive = await w.search('Needle');
    assert.deepEqual(sensitive.matches.map((m) => m.text), ['const Needle = 2;'], 'an uppercase letter makes the search case-sensitive');
    const globbed = await w.search('needle', { glob: 'src/*.ts', maxResults: 1 });
    assert.deepEqual(globbed, { matches: [{ path: 'src/app.ts', line: 1, text: 'const needle = 1;' }], truncated: true, skippedFiles: 0 });
    await assert.rejects(w.search('('), (e: unknown) => e instanceof WorkspaceError && e.code === 'invalid-pattern');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('search skips binary files and does not follow symlinks out of the root', async () => {
  writeFileSync(join(outside, 'needle.txt'), 'top secret needle');
  const r = await ws.search('secret|PNG');
  assert.deepEqual(r.matches, []);
  assert.equal(r.skippedFiles, 1, 'the png');
  assert.ok(!(await ws.findFiles()).files.some((f) => f.startsWith('escape/')), 'symlinked folders are not walked');
  rmSync(join(outside, 'needle.txt'));
});

test('diagnostics are empty without a check command and parsed from one when configured', async () => {
  assert.deepEqual(await ws.diagnostics(['src/a.ts']), []);
  const checked = new NodeWorkspace(root, { checkCommand: `echo "${join(root, 'src/a.ts')}:1:14: error: bad thing"; exit 1` });
  const diags = await checked.diagnostics(['src/a.ts']);
  assert.deepEqual(diags.map((d) => [d.path, d.line, d.column, d.severity, d.message]), [['src/a.ts', 1, 14, 'error', 'bad thing']]);
  const opaque = new NodeWorkspace(root, { checkCommand: 'echo "it broke"; exit 3' });
  const [only] = await opaque.diagnostics([]);
  assert.match(only!.message, /exit code 3:\nit broke/);
});

test('a missing root is reported, not crashed on', async () => {
  const gone = new NodeWorkspace(join(base, 'does-not-exist'));
  assert.equal(await code(gone.readFile('a.txt')), 'not-found');
  assert.ok(!existsSync(join(base, 'does-not-exist')));
});
