// The direction of imports is the architecture: src/core is pure (no vscode, nothing from other
// src/ folders), src/webview speaks only src/shared, src/shared depends on nothing. The extension
// host reaches the core (and the Node ports built on it) only through types and the lazy loader
// (lazyCore.ts, which requires dist/core.js on first use): a runtime import would bundle the core
// into dist/extension.js and load it at activation. This plays the part of Copilot Chat's
// `import/no-restricted-paths` and `local/no-runtime-import` lint rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '../../src');
// Group 1: `type` when the statement imports or re-exports types only (erased at build time); group 2: the specifier.
const IMPORT = /(?:\bimport\s+(type\s+)?(?:[\w*{}\s,]+\s+from\s+)?|\bexport\s+(type\s+)?[\w*{}\s,]+\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

/** Which top-level src/ folders each layer may import from. */
const ALLOWED: Record<string, string[]> = {
  core: ['core'],
  shared: ['shared'],
  webview: ['webview', 'shared'],
  extension: ['extension', 'shared', 'core', 'node'],
  node: ['node', 'core'],
};
const NO_VSCODE = new Set(['core', 'webview', 'shared', 'node']);
/** Folders a layer may import types from but no code: the extension loads them lazily from dist/core.js. */
const TYPES_ONLY: Record<string, string[]> = { extension: ['core', 'node'] };
/**
 * Core modules the extension may bundle anyway: each imports nothing (checked below), so it adds only
 * its own few lines to dist/extension.js. The fuzzy scorer ranks `@` completions as the user types:
 * loading all of dist/core.js for the first keystroke costs 150-700 ms (measured on the test machine).
 * The index's warnings module lets the host recognise a warning that arrives from the index's worker.
 * The redaction mark lets Retry and Edit tell a message the history took a secret out of.
 * Ollama's keep-alive module reads the setting into what Ollama accepts (one owner for it and its default).
 * A tool call's headline is drawn on its card as the call starts. The bounded wait closing the window
 * and stopping the index's worker use (settledWithin) is a few lines the host needs before the core loads.
 * Which files are ignore files (the index walks again on their events) the host's file events ask too.
 */
const BUNDLED_LEAVES = new Set(['core/errorMessage.ts', 'core/fuzzyMatch.ts', 'core/codeIndex/languages.ts', 'core/codeIndex/warnings.ts', 'core/security/redactionMark.ts', 'core/llm/keepAlive.ts', 'core/tools/callHeadline.ts', 'core/keyedTurns.ts', 'core/codeIndex/unansweredIndex.ts', 'core/settledWithin.ts', 'core/codeIndex/ignoreFiles.ts']);

const posix = (path: string) => path.split(sep).join('/');

export function importViolations(file: string, source: string): string[] {
  const layer = relative(SRC, file).split(sep)[0]!;
  const where = posix(relative(SRC, file));
  const problems: string[] = [];
  for (const [, importType, exportType, specifier] of source.matchAll(IMPORT)) {
    if (specifier === 'vscode') {
      if (NO_VSCODE.has(layer)) problems.push(`${where} imports vscode`);
      continue;
    }
    if (!specifier!.startsWith('.')) continue;
    const targetPath = posix(relative(SRC, resolve(dirname(file), specifier!)));
    const target = targetPath.split('/')[0]!;
    if (!ALLOWED[layer]?.includes(target)) problems.push(`${where} imports ${specifier} (src/${target})`);
    else if (TYPES_ONLY[layer]?.includes(target) && !importType && !exportType && !BUNDLED_LEAVES.has(`${targetPath}.ts`)) {
      problems.push(`${where} imports code from ${specifier} (src/${target}): use \`import type\` or loadCore()`);
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

test('the core modules the extension bundles import nothing', () => {
  for (const leaf of BUNDLED_LEAVES) assert.deepEqual([...readFileSync(join(SRC, leaf), 'utf8').matchAll(IMPORT)], [], `${leaf} must stay a leaf`);
});

test('the check catches vscode in the core and the webview, and core reaching into other folders', () => {
  assert.deepEqual(importViolations(join(SRC, 'core/x.ts'), "import * as vscode from 'vscode';"), ['core/x.ts imports vscode']);
  assert.deepEqual(importViolations(join(SRC, 'webview/x.ts'), "const v = require('vscode');"), ['webview/x.ts imports vscode']);
  assert.deepEqual(importViolations(join(SRC, 'core/a/b.ts'), "import { x } from '../../extension/y';"), ['core/a/b.ts imports ../../extension/y (src/extension)']);
  assert.deepEqual(importViolations(join(SRC, 'core/a.ts'), "export { y } from '../shared/p';"), ['core/a.ts imports ../shared/p (src/shared)']);
  assert.deepEqual(importViolations(join(SRC, 'webview/a.ts'), "const m = await import('../core/z');"), ['webview/a.ts imports ../core/z (src/core)']);
});

test('the check lets the extension take only types from the core and the Node ports', () => {
  const code = (specifier: string) => `extension/a.ts imports code from ${specifier} (src/${specifier.split('/')[1]}): use \`import type\` or loadCore()`;
  assert.deepEqual(importViolations(join(SRC, 'extension/a.ts'), "import * as vscode from 'vscode';\nimport type { B } from '../core/b';\nexport type { C } from '../node/c';"), []);
  assert.deepEqual(importViolations(join(SRC, 'extension/a.ts'), "import { computeHunks } from '../core/edit';"), [code('../core/edit')]);
  assert.deepEqual(importViolations(join(SRC, 'extension/a.ts'), "import { type A, b } from '../node/c';"), [code('../node/c')]);
  assert.deepEqual(importViolations(join(SRC, 'extension/a.ts'), "const edit = await import('../core/edit');"), [code('../core/edit')]);
  assert.deepEqual(importViolations(join(SRC, 'extension/a.ts'), "import { errorMessage } from '../core/errorMessage';"), []);
});
