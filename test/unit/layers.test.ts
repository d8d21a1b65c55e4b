// The direction of imports is the architecture: src/core is pure (no vscode, nothing from other
// src/ folders), src/webview speaks only src/shared, src/shared depends on nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '../../src');
const IMPORT = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,]+\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

/** Which top-level src/ folders each layer may import from. */
const ALLOWED: Record<string, string[]> = {
  core: ['core'],
  shared: ['shared'],
  webview: ['webview', 'shared'],
  // The extension host is a Node process: for local folders it reuses the file-system ports.
  extension: ['extension', 'shared', 'core', 'node'],
  node: ['node', 'core'],
};
const NO_VSCODE = new Set(['core', 'webview', 'shared', 'node']);

export function importViolations(file: string, source: string): string[] {
  const layer = relative(SRC, file).split(sep)[0]!;
  const problems: string[] = [];
  for (const [, specifier] of source.matchAll(IMPORT)) {
    if (specifier === 'vscode') {
      if (NO_VSCODE.has(layer)) problems.push(`${relative(SRC, file)} imports vscode`);
    } else if (specifier!.startsWith('.')) {
      const target = relative(SRC, resolve(dirname(file), specifier!)).split(sep)[0]!;
      if (!ALLOWED[layer]?.includes(target)) problems.push(`${relative(SRC, file)} imports ${specifier} (src/${target})`);
    }
  }
  return problems;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : /\.(ts|tsx|js|mjs)$/.test(name) ? [full] : [];
  });
}

test('no layer imports what the architecture forbids', () => {
  const files = sources(SRC);
  assert.ok(files.length > 10, 'found too few source files to check');
  assert.deepEqual(files.flatMap((f) => importViolations(f, readFileSync(f, 'utf8'))), []);
});

test('the check catches vscode in the core and the webview, and core reaching into other folders', () => {
  assert.deepEqual(importViolations(join(SRC, 'core/x.ts'), "import * as vscode from 'vscode';"), ['core/x.ts imports vscode']);
  assert.deepEqual(importViolations(join(SRC, 'webview/x.ts'), "const v = require('vscode');"), ['webview/x.ts imports vscode']);
  assert.deepEqual(importViolations(join(SRC, 'core/a/b.ts'), "import { x } from '../../extension/y';"), ['core/a/b.ts imports ../../extension/y (src/extension)']);
  assert.deepEqual(importViolations(join(SRC, 'core/a.ts'), "export { y } from '../shared/p';"), ['core/a.ts imports ../shared/p (src/shared)']);
  assert.deepEqual(importViolations(join(SRC, 'webview/a.ts'), "const m = await import('../core/z');"), ['webview/a.ts imports ../core/z (src/core)']);
  assert.deepEqual(importViolations(join(SRC, 'extension/a.ts'), "import * as vscode from 'vscode';\nimport { b } from '../core/b';"), []);
});
