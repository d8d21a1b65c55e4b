// Single paths re-indexed from an editor's save or a file event: the same ignore rules as the walk,
// folders created, deleted or renamed as one event, and a changed .gitignore.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';

let base: string;
before(() => { base = mkdtempSync(join(tmpdir(), 'smallcode-index-events-')); });
after(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
function workspace(files: Record<string, string>): { root: string; storageDir: string } {
  const dir = join(base, `case${n++}`);
  const root = join(dir, 'ws');
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) write(root, path, content);
  return { root, storageDir: join(dir, 'storage') };
}

function write(root: string, path: string, content: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
}

const paths = (index: CodeIndex, name: string) => index.findSymbol(name).filter((h) => h.name === name).map((h) => h.path);

test('a save or file event of an ignored file does not index it, and drops it if it was indexed', async () => {
  const ws = workspace({
    '.gitignore': 'dist/\n*.gen.ts\n',
    'src/.gitignore': 'local/\n',
    'src/config.ts': 'export function parseConfig() { return 1; }\n',
  });
  const index = await CodeIndex.open({ ...ws, parseThreads: 0 });
  try {
    write(ws.root, 'dist/a.js', 'function parseConfig() { return 2; }\n');
    write(ws.root, 'src/x.gen.ts', 'export function parseConfig() { return 3; }\n');
    write(ws.root, 'src/local/deep/y.ts', 'export function parseConfig() { return 4; }\n');
    write(ws.root, 'node_modules/pkg/index.js', 'function parseConfig() { return 5; }\n');
    const summary = await index.updateFiles(['dist/a.js', 'src/x.gen.ts', 'src/local/deep/y.ts', 'node_modules/pkg/index.js']);
    assert.equal(summary.parsed, 0);
    assert.deepEqual(paths(index, 'parseConfig'), ['src/config.ts']);

    // The rule goes: the file is indexed on its next event; the rule comes back: it leaves the index.
    write(ws.root, '.gitignore', 'dist/\n');
    await index.updateFiles(['src/x.gen.ts']);
    assert.deepEqual(paths(index, 'parseConfig').sort(), ['src/config.ts', 'src/x.gen.ts']);
    write(ws.root, '.gitignore', '# regenerated\ndist/\n*.gen.ts\n');
    assert.equal((await index.updateFiles(['src/x.gen.ts'])).removed, 1);
    assert.deepEqual(paths(index, 'parseConfig'), ['src/config.ts']);
  } finally {
    await index.close();
  }
});

test('an event for a .gitignore brings the whole index in line with it', async () => {
  const ws = workspace({
    'src/a.ts': 'export function keptA() {}\n',
    'gen/b.ts': 'export function generatedB() {}\n',
    'gen/sub/c.ts': 'export function generatedC() {}\n',
  });
  const index = await CodeIndex.open({ ...ws, parseThreads: 0 });
  try {
    assert.equal(index.state().files, 3);
    write(ws.root, '.gitignore', 'gen/\n');
    const hidden = await index.updateFiles(['.gitignore']);
    assert.equal(hidden.removed, 2);
    assert.deepEqual(paths(index, 'generatedC'), []);
    rmSync(join(ws.root, '.gitignore'));
    const shown = await index.updateFiles(['.gitignore']);
    assert.equal(shown.parsed, 2);
    assert.deepEqual(paths(index, 'generatedC'), ['gen/sub/c.ts']);
  } finally {
    await index.close();
  }
});

test('a folder deleted, renamed or moved in as one event: its files leave or join the index', async () => {
  const ws = workspace({
    'src/main.ts': 'export function main() {}\n',
    'src/old/a.ts': 'export function oldThing() { return helper(); }\n',
    'src/old/deep/b.ts': 'export function helper() { return 1; }\n',
    'src/older/c.ts': 'export function siblingWithSharedPrefix() {}\n',
  });
  const index = await CodeIndex.open({ ...ws, parseThreads: 0 });
  try {
    renameSync(join(ws.root, 'src/old'), join(ws.root, 'lib'));
    const moved = await index.updateFiles(['src/old', 'lib']);
    assert.deepEqual({ parsed: moved.parsed, removed: moved.removed }, { parsed: 2, removed: 2 });
    assert.deepEqual(paths(index, 'oldThing'), ['lib/a.ts']);
    assert.deepEqual(paths(index, 'helper'), ['lib/deep/b.ts']);
    assert.deepEqual(paths(index, 'siblingWithSharedPrefix'), ['src/older/c.ts'], 'src/older is not under src/old');
    assert.match(await index.explainSymbol('oldThing'), /^function oldThing — lib\/a\.ts:1-1\n1: export function oldThing/);

    rmSync(join(ws.root, 'lib'), { recursive: true });
    assert.equal((await index.updateFiles(['lib/'])).removed, 2);
    assert.deepEqual(paths(index, 'oldThing'), []);
    assert.equal(index.state().files, 2);

    // A folder moved into an ignored place, or a symlinked folder, adds nothing.
    write(ws.root, '.gitignore', 'out/\n');
    await index.updateFiles(['.gitignore']);
    write(ws.root, 'out/d.ts', 'export function ignoredD() {}\n');
    mkdirSync(join(base, `outside${n}`));
    write(join(base, `outside${n}`), 'e.ts', 'export function outsideE() {}\n');
    symlinkSync(join(base, `outside${n}`), join(ws.root, 'linked'));
    assert.equal((await index.updateFiles(['out', 'linked', 'README.md', '../ws'])).parsed, 0);
    assert.equal(index.state().files, 2);
  } finally {
    await index.close();
  }
});

test('a folder named like a source file (vendor/chart.js, pkg/lib.rs) deleted or renamed as one event: its files leave or join the index', async () => {
  const ws = workspace({
    'vendor/chart.js/src/core.js': 'function drawChart() {}\n',
    'vendor/chart.js/src/scale.js': 'function drawScale() {}\n',
    'src/app.ts': 'export function app() {}\n',
  });
  const index = await CodeIndex.open({ ...ws, parseThreads: 0 });
  try {
    assert.deepEqual(paths(index, 'drawChart'), ['vendor/chart.js/src/core.js']);

    renameSync(join(ws.root, 'vendor/chart.js'), join(ws.root, 'vendor/charts.ts'));
    const moved = await index.updateFiles(['vendor/chart.js', 'vendor/charts.ts']);
    assert.deepEqual({ parsed: moved.parsed, removed: moved.removed }, { parsed: 2, removed: 2 });
    assert.deepEqual(paths(index, 'drawChart'), ['vendor/charts.ts/src/core.js'], 'the definition is where the folder went');

    rmSync(join(ws.root, 'vendor/charts.ts'), { recursive: true });
    assert.equal((await index.updateFiles(['vendor/charts.ts'])).removed, 2);
    assert.deepEqual(paths(index, 'drawScale'), [], 'no definition in a folder that is gone');
    assert.equal(index.state().files, 1);
  } finally {
    await index.close();
  }
});

test('files.exclude globs (given as `exclude`) hide files from the walk and from single-path events, as .gitignore does', async () => {
  const ws = workspace({
    'src/app.ts': 'export function app() {}\n',
    'generated/api.ts': 'export function generatedApi() {}\n',
    'src/deep/out/x.js': 'function builtCopy() {}\n',
    'src/types.d.ts': 'declare function declaredOnly(): void;\n',
    'lib/generated/keep.ts': 'export function notTopLevelGenerated() {}\n',
    // a nested .gitignore's `!` line does not bring back what files.exclude hides
    'src/deep/.gitignore': '!out/\n!*.js\n',
    'src/.gitignore': '!types.d.ts\n',
  });
  const index = await CodeIndex.open({ ...ws, parseThreads: 0, exclude: ['generated', '**/out/**', '**/*.{d.ts,map}', ''] });
  try {
    assert.deepEqual(paths(index, 'app'), ['src/app.ts']);
    for (const name of ['generatedApi', 'builtCopy', 'declaredOnly']) assert.deepEqual(paths(index, name), [], `${name} is excluded`);
    assert.deepEqual(paths(index, 'notTopLevelGenerated'), ['lib/generated/keep.ts'], 'a glob without ** is relative to the root, as in VS Code');
    write(ws.root, 'generated/more.ts', 'export function moreGenerated() {}\n');
    assert.equal((await index.updateFiles(['generated/more.ts', 'generated'])).parsed, 0, 'an event for an excluded path indexes nothing');
    assert.equal(index.state().files, 2);
  } finally {
    await index.close();
  }
});

test('an event for .git/info/exclude (the repository\'s own ignore rules) brings the whole index in line with it, as one for a .gitignore does', async () => {
  const ws = workspace({
    'src/a.ts': 'export function keptA() {}\n',
    'scratch/b.ts': 'export function scratchB() {}\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
  });
  const index = await CodeIndex.open({ ...ws, parseThreads: 0 });
  try {
    assert.deepEqual(paths(index, 'scratchB'), ['scratch/b.ts']);
    write(ws.root, '.git/info/exclude', 'scratch/\n');
    assert.equal((await index.updateFiles(['.git/info/exclude'])).removed, 1);
    assert.deepEqual(paths(index, 'scratchB'), []);
  } finally {
    await index.close();
  }
});
