// The repo map's budget holds what no reference leads to: the definitions nothing calls (an entry
// point, a handler, the function a task is about before anything calls it), the focus file's first,
// and the files the focus does not reach; a line holding two definitions is written and paid for once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { estimateTokens } from '../../../src/core/budget';

let base: string;
before(() => { base = mkdtempSync(join(tmpdir(), 'smallcode-mapfill-')); });
after(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
function workspace(files: Record<string, string>): { root: string; storageDir: string; parseThreads: number } {
  const dir = join(base, `case${n++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, 'ws', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'ws', path), content);
  }
  return { root: join(dir, 'ws'), storageDir: join(dir, 'storage'), parseThreads: 0 };
}

test('the function a task names shows in its file though nothing calls it, and files the focus does not reach are listed', async () => {
  const ws = workspace({
    'pkg/a.py': 'def target(x):\n    return helper(x) + 1\n\ndef helper(y):\n    return y * 2\n',
    'pkg/cli.py': 'def main():\n    return 0\n',
    'app/G.cs': 'public class G {\n  public G() {}\n  public void Run() { }\n}\n',
  });
  let index = await CodeIndex.open(ws);
  try {
    const map = index.repoMapForTask('fix target in pkg/a.py', 2048);
    assert.match(map, /^pkg\/a\.py\n {2}1: def target\(x\):\n {2}4: def helper\(y\):\n/, 'the focus file first, with the function nothing calls');
    assert.match(map, /^pkg\/cli\.py\n {2}1: def main\(\):$/m, 'an entry point nothing references');
    assert.match(map, /^app\/G\.cs\n {2}1: public class G \{\n {2}2: public G\(\) \{\}\n {2}3: public void Run\(\) \{ \}$/m, 'a file the focus does not reach');
    assert.ok(estimateTokens(map) <= 1024);
    assert.equal(index.repoMapForTask('fix target in pkg/a.py', 2048), map, 'the same text for the same task (it is in the cached prompt prefix)');
    await index.close();
    index = await CodeIndex.open({ ...ws, storageDir: `${ws.storageDir}-cold` });
    assert.equal(index.repoMapForTask('fix target in pkg/a.py', 2048), map, 'and after a cold rebuild');
  } finally {
    await index.close();
  }
});

test('the budget is filled: a few definitions of every file before all of one, within budget', async () => {
  const files: Record<string, string> = {};
  files['src/big.py'] = Array.from({ length: 60 }, (_, i) => `def big_step_${i}():\n    return ${i}\n`).join('\n');
  for (let i = 0; i < 10; i++) files[`src/m${i}.py`] = `def run_${i}():\n    return ${i}\n\ndef stop_${i}():\n    return ${i}\n`;
  const index = await CodeIndex.open(workspace(files));
  try {
    const map = index.repoMap({ tokens: 400 });
    const used = estimateTokens(map);
    assert.ok(used <= 400 && used >= 360, `${used} of 400 tokens used`);
    for (let i = 0; i < 10; i++) assert.match(map, new RegExp(`^src/m${i}\\.py\\n {2}1: def run_${i}\\(\\):\\n {2}4: def stop_${i}\\(\\):$`, 'm'), `src/m${i}.py`);
    assert.match(map, /^src\/big\.py\n {2}1: def big_step_0\(\):\n(?: {2}\d+: .*\n){5}/m, 'the big file shows its first definitions');
    assert.ok((map.match(/big_step_/g) ?? []).length < 30, 'without crowding out the others');
  } finally {
    await index.close();
  }
});

test('a line holding two definitions is written once and paid for once', async () => {
  const index = await CodeIndex.open(workspace({ 'shapes.go': 'package shapes\n\ntype Shape interface{ Area() float64 }\n\nfunc Other() {}\n' }));
  try {
    const whole = 'shapes.go\n  3: type Shape interface{ Area() float64 }\n  5: func Other() {}';
    assert.equal(index.repoMap({ tokens: 1000 }), whole);
    // Characters as tokens: each line and its newline, counted once, fit exactly.
    const counter = { name: 'chars', exact: true, count: (text: string) => text.length };
    assert.equal(index.repoMap({ tokens: whole.length + 1, counter }), whole);
  } finally {
    await index.close();
  }
});

test('a function the task names leads its map to what it calls, not to what the rest of its file uses more', async () => {
  const ws = workspace({
    'src/main.ts': 'export function target() {\n  return alphaValue();\n}\nexport function other() {\n  return betaValue() + betaValue() + betaValue() + betaValue();\n}\n',
    'src/alpha.ts': 'export function alphaValue() { return 1; }\n',
    'src/beta.ts': 'export function betaValue() { return 2; }\n',
  });
  const index = await CodeIndex.open(ws);
  try {
    const map = index.repoMap({ tokens: 512, focus: { identifiers: ['target'] } });
    assert.match(map, /^src\/main\.ts\n {2}1: export function target\(\) \{/, 'the named function first');
    assert.ok(map.indexOf('src/alpha.ts') > 0 && map.indexOf('src/alpha.ts') < map.indexOf('src/beta.ts'), map);
    const otherMap = index.repoMap({ tokens: 512, focus: { identifiers: ['other'] } });
    assert.ok(otherMap.indexOf('src/beta.ts') > 0 && otherMap.indexOf('src/beta.ts') < otherMap.indexOf('src/alpha.ts'), otherMap);
  } finally {
    await index.close();
  }
});

test('a name used on more lines before the named function than the index keeps still leads its map', async () => {
  const early = Array.from({ length: 70 }, () => '  toolA();').join('\n');
  // more uses of toolB than of toolA, on fewer lines than the index keeps (all of them known to be outside target)
  const other = Array.from({ length: 40 }, () => '  toolB(); toolB(); toolB(); toolB();').join('\n');
  const ws = workspace({
    'src/main.ts': `export function early() {\n${early}\n}\nexport function other() {\n${other}\n}\nexport function target() {\n  toolA();\n}\n`,
    'src/a.ts': 'export function toolA() { return 1; }\n',
    'src/b.ts': 'export function toolB() { return 2; }\n',
  });
  const index = await CodeIndex.open(ws);
  try {
    const map = index.repoMap({ tokens: 512, focus: { identifiers: ['target'] } });
    assert.ok(map.indexOf('src/a.ts') > 0 && map.indexOf('src/a.ts') < map.indexOf('src/b.ts'), map);
  } finally {
    await index.close();
  }
});
