// Which files import which, read from import statements: a ground truth for "related files" that does
// not come from the index itself (explain_symbol's reading of calls does). Only what resolves to a
// file of the tree exactly: relative imports and requires in JavaScript and TypeScript, Python's
// package imports (`from email.utils import x`, `from . import y`, `import json.decoder`).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Per file (paths relative to the root, with `/`), the files it imports and the files importing it; undefined for other languages. */
export function importNeighbours(root: string, paths: readonly string[]): Map<string, Set<string>> | undefined {
  const isFile = (p: string) => existsSync(join(root, p)) && statSync(join(root, p)).isFile();
  const importsOf = (path: string): string[] | undefined => {
    if (/\.py$/.test(path)) return pythonImports(path, readFileSync(join(root, path), 'utf8'), isFile);
    if (/\.[cm]?[jt]sx?$/.test(path)) return scriptImports(path, readFileSync(join(root, path), 'utf8'), isFile);
    return undefined;
  };
  const near = new Map<string, Set<string>>(paths.map((p) => [p, new Set<string>()]));
  let understood = false;
  for (const path of paths) {
    const imported = importsOf(path);
    if (!imported) continue;
    understood = true;
    for (const other of imported) {
      if (other === path || !near.has(other)) continue;
      near.get(path)!.add(other);
      near.get(other)!.add(path);
    }
  }
  return understood ? near : undefined;
}

const SCRIPT_IMPORT = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function scriptImports(path: string, text: string, isFile: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SCRIPT_IMPORT)) {
    const base = normalize(join(dirname(path), m[1]!));
    const stem = base.replace(/\.[cm]?js$/, ''); // TypeScript imports its own files as `./x.js`
    const found = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.js`, `${stem}.mjs`, `${base}/index.ts`, `${base}/index.js`].find(isFile);
    if (found) out.push(found);
  }
  return out;
}

const PYTHON_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([\w \t,\n]+)/gm;
const PYTHON_IMPORT = /^[ \t]*import[ \t]+([\w.]+)/gm;

function pythonImports(path: string, text: string, isFile: (p: string) => boolean): string[] {
  const out: string[] = [];
  // An absolute import is looked for from each folder above the file (the tree's source root is one of them).
  const roots: string[] = [];
  for (let d = dirname(path); ; d = dirname(d)) {
    roots.push(d === '.' ? '' : d);
    if (d === '.' || d === '/' || d === '') break;
  }
  const resolve = (dots: string, module: string, names: string[]) => {
    let pkg = dirname(path);
    for (let i = 1; i < dots.length; i++) pkg = dirname(pkg);
    for (const from of dots ? [pkg] : roots) {
      const base = join(from, ...module.split('.').filter(Boolean));
      const found = [`${base}.py`, join(base, '__init__.py'), ...names.map((n) => join(base, `${n}.py`))].filter(isFile);
      if (!found.length) continue;
      out.push(...found.map((f) => normalize(f)));
      break;
    }
  };
  for (const m of text.matchAll(PYTHON_FROM)) resolve(m[1]!, m[2]!, m[3]!.split(/[\s,]+/).filter(Boolean));
  for (const m of text.matchAll(PYTHON_IMPORT)) resolve('', m[1]!, []);
  return out;
}
