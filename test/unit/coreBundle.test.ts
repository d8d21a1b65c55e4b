// dist/core.js is the programmatic API: it must load in plain Node, with no VS Code around.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const CORE = resolve(__dirname, '../../dist/core.js');

test('dist/core.js loads with plain node and exposes the API', () => {
  assert.ok(existsSync(CORE), 'dist/core.js is missing: run `npm run build` (npm test builds first)');
  const script = `const core = require(${JSON.stringify(CORE)}); process.stdout.write(JSON.stringify(Object.keys(core).sort()));`;
  const exported: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  assert.ok(exported.includes('buildFixSelectionTask'), `exports: ${exported.join(', ')}`);
});

test('dist/core.js does not reference the vscode module', () => {
  assert.doesNotMatch(readFileSync(CORE, 'utf8'), /require\(["']vscode["']\)/);
});

test('dist/extension.js bundles no core code: the extension loads dist/core.js on first use', () => {
  const map = resolve(__dirname, '../../dist/extension.js.map');
  assert.ok(existsSync(map), 'dist/extension.js.map is missing: run `npm run build`');
  const sources: string[] = JSON.parse(readFileSync(map, 'utf8')).sources;
  const bundled = sources.filter((s) => /\/src\/(core|node)\//.test(s) || s.includes('node_modules'));
  assert.ok(!bundled.some((s) => s.includes('node_modules') || s.includes('/src/node/')), `bundled: ${bundled.join(', ')}`);
  // Only core modules that import nothing (the layering test's BUNDLED_LEAVES): the edit engine, the
  // client and the rest stay in dist/core.js.
  for (const leaf of bundled) assert.doesNotMatch(readFileSync(resolve(__dirname, '../../dist', leaf), 'utf8'), /^\s*import\s|\brequire\(/m, `${leaf} imports something`);
  assert.ok(!bundled.some((s) => s.includes('/core/edit/')), 'the edit engine is bundled');
});
